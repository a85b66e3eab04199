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
  description?: string;
  tags?: Record<string, string>;
  properties?: Record<string, string>;
  instance_type?: string;
  instance_count?: number;
  app_insights_enabled?: boolean;
  egress_public_network_access?: 'enabled' | 'disabled';
  model_mount_path?: string;
  environment_variables?: Record<string, string>;
  request_settings?: {
    request_timeout_ms?: number;
    max_concurrent_requests_per_instance?: number;
    max_queue_wait_ms?: number;
  };
  liveness_probe?: ProbeYaml;
  readiness_probe?: ProbeYaml;
  environment?: { image?: string; inference_config?: Record<string, { path?: string; port?: number }> };
}

export interface EndpointYaml {
  name?: string;
  description?: string;
  auth_mode?: string;
  tags?: Record<string, string>;
  properties?: Record<string, string>;
  public_network_access?: 'enabled' | 'disabled';
  identity?: { type?: string };
}

/**
 * What deploy-endpoint does with each key of the CLI v2 YAML (azure-ai-ml `_schema/_deployment/online` and
 * `_schema/_endpoint`; the ARM names in mfe.json `OnlineDeployment`, `OnlineEndpoint`):
 * - `body`: carried into the ARM request;
 * - `input`: the action's input of that name decides (the YAML value serves `az ml ... create -f` by hand),
 *   and a differing YAML value is said in the log;
 * - `ignored`: editor metadata only (`$schema`);
 * - a string: refused with that reason; any key not listed is refused as unknown.
 */
type KeyRule = 'body' | 'ignored' | { input: string } | string | { keys: Record<string, KeyRule> };

const PROBE_KEYS: Record<string, KeyRule> = {
  initial_delay: 'body',
  period: 'body',
  timeout: 'body',
  failure_threshold: 'body',
  success_threshold: 'body',
};
const ROUTE_KEYS: Record<string, KeyRule> = { path: 'body', port: 'body' };
const NOT_HERE = 'deploy-endpoint builds the environment from its image input';

export const DEPLOYMENT_KEYS: Record<string, KeyRule> = {
  $schema: 'ignored',
  name: { input: 'deployment' },
  endpoint_name: { input: 'endpoint' },
  model: { input: 'model-id' },
  instance_type: { input: 'instance-type' },
  instance_count: { input: 'instance-count' },
  type: 'body',
  description: 'body',
  tags: 'body',
  properties: 'body',
  app_insights_enabled: 'body',
  egress_public_network_access: 'body',
  model_mount_path: 'body',
  environment_variables: 'body',
  request_settings: {
    keys: {
      request_timeout_ms: 'body',
      max_concurrent_requests_per_instance: 'body',
      max_queue_wait_ms: 'body',
    },
  },
  liveness_probe: { keys: PROBE_KEYS },
  readiness_probe: { keys: PROBE_KEYS },
  scale_settings: { keys: { type: 'body' } },
  environment: {
    keys: {
      $schema: 'ignored',
      image: { input: 'image' },
      inference_config: {
        keys: {
          liveness_route: { keys: ROUTE_KEYS },
          readiness_route: { keys: ROUTE_KEYS },
          scoring_route: { keys: ROUTE_KEYS },
        },
      },
      name: NOT_HERE,
      version: NOT_HERE,
      conda_file: NOT_HERE,
      build: NOT_HERE,
    },
  },
  code_configuration: 'the Triton image serves the model repository itself and runs no scoring script',
  data_collector:
    'deploy-endpoint does not configure data collection; add it with az ml online-deployment update',
};

export const ENDPOINT_KEYS: Record<string, KeyRule> = {
  $schema: 'ignored',
  name: { input: 'endpoint' },
  auth_mode: { input: 'auth-mode' },
  description: 'body',
  tags: 'body',
  properties: 'body',
  public_network_access: 'body',
  identity: { keys: { type: 'body' } },
  traffic: 'deploy-endpoint sets traffic itself (the traffic input, then promote or rollback)',
  mirror_traffic: 'deploy-endpoint sets mirrored traffic itself (the mirror-traffic input)',
};

/** A key the action cannot honour, named with its path in the file. */
function refuse(input: string, key: string, reason: string): never {
  throw new InputError(
    input,
    `names a YAML file whose key ${key} ${reason}`,
    'only keys deploy-endpoint carries into the ARM request (see inference/triton/*.yml); remove the key or apply it with az ml',
  );
}

/**
 * Checks every key of a CLI v2 YAML file against its rules before anything touches Azure, and returns the
 * keys the action's inputs decide (`[key path, input name]`), so a differing value can be said.
 */
export function checkYamlKeys(
  input: string,
  yaml: Record<string, unknown>,
  rules: Record<string, KeyRule>,
  prefix = '',
): Array<[string, string]> {
  const decided: Array<[string, string]> = [];
  for (const [key, value] of Object.entries(yaml)) {
    const path = `${prefix}${key}`;
    const rule = Object.hasOwn(rules, key) ? rules[key] : undefined;
    if (rule === undefined)
      refuse(input, path, 'is not one deploy-endpoint knows (a typo, or a key of another schema)');
    if (typeof rule === 'string' && rule !== 'body' && rule !== 'ignored')
      refuse(input, path, `is not applied: ${rule}`);
    if (typeof rule === 'object' && 'input' in rule) decided.push([path, rule.input]);
    if (typeof rule === 'object' && 'keys' in rule && value !== null && value !== undefined) {
      if (typeof value !== 'object' || Array.isArray(value)) refuse(input, path, 'should be a mapping');
      decided.push(...checkYamlKeys(input, value as Record<string, unknown>, rule.keys, `${path}.`));
    }
  }
  return decided;
}

/** Values a key may take where the CLI accepts a closed set. */
function checkValues(input: string, checks: Array<[string, unknown, readonly unknown[]]>): void {
  for (const [key, value, allowed] of checks)
    if (value !== undefined && !allowed.includes(value))
      refuse(
        input,
        key,
        `is ${JSON.stringify(value)}; deploy-endpoint takes ${allowed.map((v) => JSON.stringify(v)).join(' or ')}`,
      );
}

/** The deployment YAML, every key honoured or refused; returns the keys its inputs decide. */
export function checkDeploymentYaml(input: string, yaml: DeploymentYaml): Array<[string, string]> {
  const raw = yaml as Record<string, unknown>;
  if (typeof raw.environment === 'string')
    refuse(input, 'environment', `is a reference (${NOT_HERE}); give inference_config as a mapping instead`);
  const decided = checkYamlKeys(input, raw, DEPLOYMENT_KEYS);
  checkValues(input, [
    ['type', raw.type, ['managed']],
    ['scale_settings.type', (raw.scale_settings as { type?: unknown } | undefined)?.type, ['default']],
    ['app_insights_enabled', yaml.app_insights_enabled, [true, false]],
    ['egress_public_network_access', yaml.egress_public_network_access, ['enabled', 'disabled']],
  ]);
  return decided;
}

/** The endpoint YAML, every key honoured or refused; returns the keys its inputs decide. */
export function checkEndpointYaml(input: string, yaml: EndpointYaml): Array<[string, string]> {
  const decided = checkYamlKeys(input, yaml as Record<string, unknown>, ENDPOINT_KEYS);
  checkValues(input, [
    ['public_network_access', yaml.public_network_access, ['enabled', 'disabled']],
    ['identity.type', yaml.identity?.type, ['system_assigned', 'none']],
  ]);
  return decided;
}

const capitalised = (value: string) => value.charAt(0).toUpperCase() + value.slice(1);

/** The endpoint's create body from its YAML: what the CLI would send, with the action's auth mode and lineage tags. */
export function endpointBody(
  yaml: EndpointYaml,
  values: { location: string; authMode: string; tags: Record<string, string> },
) {
  return {
    location: values.location,
    tags: { ...(yaml.tags ?? {}), ...values.tags },
    identity: { type: yaml.identity?.type === 'none' ? 'None' : 'SystemAssigned' },
    properties: {
      authMode: values.authMode,
      publicNetworkAccess: capitalised(yaml.public_network_access ?? 'enabled'),
      ...(yaml.description !== undefined ? { description: yaml.description } : {}),
      ...(yaml.properties ? { properties: yaml.properties } : {}),
    },
  };
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

/** The deployment's ARM body from the YAML with the action's inputs on top; the caller adds its own tags. */
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
    tags: yaml.tags ?? {},
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
      scaleSettings: { scaleType: 'Default' },
      appInsightsEnabled: yaml.app_insights_enabled ?? false,
      egressPublicNetworkAccess: capitalised(yaml.egress_public_network_access ?? 'enabled'),
      ...(yaml.description !== undefined ? { description: yaml.description } : {}),
      ...(yaml.properties ? { properties: yaml.properties } : {}),
      ...(yaml.model_mount_path !== undefined ? { modelMountPath: yaml.model_mount_path } : {}),
    },
  };
}

/** The YAML keys the action's inputs replace, each said once with both values where they differ. */
export function replacedByInputs(
  file: string,
  yaml: object,
  decided: Array<[string, string]>,
  inputs: Record<string, string | number | undefined>,
): string[] {
  const at = (path: string) =>
    path
      .split('.')
      .reduce<unknown>((node, key) => (node as Record<string, unknown> | undefined)?.[key], yaml);
  return decided.flatMap(([path, input]) => {
    const value = inputs[input];
    const given = at(path);
    if (value === undefined || given === undefined || String(given) === String(value)) return [];
    return [`${file}: ${path} ${JSON.stringify(given)} is replaced by input ${input} (${value}).`];
  });
}
