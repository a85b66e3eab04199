import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { parse } from 'yaml';
import { InputError } from '../../kit/errors.js';

/** ISO 8601 duration of whole seconds, as ARM wants probe timings: 600 -> PT600S. */
const seconds = (value: unknown, fallback: number) =>
  `PT${Number.isFinite(Number(value)) ? Number(value) : fallback}S`;

export interface ProbeYaml {
  initial_delay?: number;
  period?: number;
  timeout?: number;
  failure_threshold?: number;
  success_threshold?: number;
}

export interface DeploymentYaml {
  name?: string;
  instance_type?: string;
  instance_count?: number;
  environment_variables?: Record<string, string>;
  request_settings?: {
    request_timeout_ms?: number;
    max_concurrent_requests_per_instance?: number;
    max_queue_wait_ms?: number;
  };
  liveness_probe?: ProbeYaml;
  readiness_probe?: ProbeYaml;
  environment?: { inference_config?: Record<string, { path?: string; port?: number }> };
}

export interface EndpointYaml {
  auth_mode?: string;
  tags?: Record<string, string>;
}

/** Reads an Azure ML CLI v2 YAML file, failing as a bad input of the action that names it. */
export function readYamlInput<T>(input: string, path: string): T {
  try {
    const value = parse(readFileSync(path, 'utf8')) as unknown;
    if (!value || typeof value !== 'object') throw new Error('not a mapping');
    return value as T;
  } catch (error) {
    throw new InputError(
      input,
      `names a file that is not valid Azure ML YAML (${(error as Error).message.split('\n')[0]})`,
      'an Azure ML CLI v2 YAML file',
    );
  }
}

export function probe(yaml: ProbeYaml | undefined) {
  return {
    initialDelay: seconds(yaml?.initial_delay, 600),
    period: seconds(yaml?.period, 10),
    timeout: seconds(yaml?.timeout, 5),
    failureThreshold: yaml?.failure_threshold ?? 30,
    successThreshold: yaml?.success_threshold ?? 1,
  };
}

export const TRITON_ROUTES = {
  livenessRoute: { path: '/v2/health/live', port: 8000 },
  readinessRoute: { path: '/v2/health/ready', port: 8000 },
  scoringRoute: { path: '/', port: 8000 },
};

/** The environment's inference routes from the YAML, Triton's by default. */
export function inferenceConfig(yaml: DeploymentYaml) {
  const config = yaml.environment?.inference_config ?? {};
  const route = (key: string, fallback: { path: string; port: number }) => ({
    path: config[key]?.path ?? fallback.path,
    port: config[key]?.port ?? fallback.port,
  });
  return {
    livenessRoute: route('liveness_route', TRITON_ROUTES.livenessRoute),
    readinessRoute: route('readiness_route', TRITON_ROUTES.readinessRoute),
    scoringRoute: route('scoring_route', TRITON_ROUTES.scoringRoute),
  };
}

/** The environment version's properties: the Triton image and the inference routes the YAML gives. */
export function environmentProperties(image: string, yaml: DeploymentYaml) {
  return {
    image,
    osType: 'Linux',
    description: `Triton serving image ${image}`,
    inferenceConfig: inferenceConfig(yaml),
  };
}

/** JSON with every object's keys sorted, so equal content always gives equal text. */
function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  if (value && typeof value === 'object')
    return `{${Object.keys(value)
      .sort()
      .map((key) => `${JSON.stringify(key)}:${canonicalJson((value as Record<string, unknown>)[key])}`)
      .join(',')}}`;
  return JSON.stringify(value) ?? 'null';
}

/**
 * The environment version for these properties: a hash of all of them (image, inference routes, OS,
 * description), because an asset version is immutable in Azure ML. Keyed on the image alone, a changed
 * `inference_config` would PUT a different body under an existing version, which the service refuses.
 */
export function environmentVersion(properties: Record<string, unknown>): string {
  return createHash('sha256').update(canonicalJson(properties)).digest('hex').slice(0, 16);
}

/** The deployment's ARM body from the YAML with the action's inputs on top. */
export function deploymentBody(
  yaml: DeploymentYaml,
  values: {
    location: string;
    modelArmId: string;
    environmentId: string;
    instanceType: string;
    instanceCount: number;
  },
) {
  const request = yaml.request_settings ?? {};
  return {
    location: values.location,
    sku: { name: 'Default', capacity: values.instanceCount },
    properties: {
      endpointComputeType: 'Managed',
      model: values.modelArmId,
      environmentId: values.environmentId,
      instanceType: values.instanceType,
      environmentVariables: yaml.environment_variables ?? {},
      requestSettings: {
        requestTimeout: `PT${(request.request_timeout_ms ?? 10_000) / 1000}S`,
        maxConcurrentRequestsPerInstance: request.max_concurrent_requests_per_instance ?? 4,
        ...(request.max_queue_wait_ms !== undefined
          ? { maxQueueWait: `PT${request.max_queue_wait_ms / 1000}S` }
          : {}),
      },
      livenessProbe: probe(yaml.liveness_probe),
      readinessProbe: probe(yaml.readiness_probe),
      appInsightsEnabled: false,
    },
  };
}
