import { describe, expect, it } from '@jest/globals';
import {
  checkDeploymentYaml,
  checkEndpointYaml,
  DEPLOYMENT_KEYS,
  deploymentBody,
  endpointBody,
  ENDPOINT_KEYS,
  environmentProperties,
} from '../../src/azure/ml/deployment-spec.js';

/**
 * Issue 17's "honoured or refused": every key deploy-endpoint accepts as `body` must reach the ARM request. Each
 * key gets a value of its own (not a default) and the test looks for it where ARM reads it; a key added to the
 * rules without a sample here, or dropped on the way to the body, fails.
 */
type Sample = [yamlValue: unknown, armPath: string, armValue: unknown];

const DEPLOYMENT_SAMPLES: Record<string, Sample> = {
  type: ['managed', 'properties.endpointComputeType', 'Managed'],
  description: ['a deployment', 'properties.description', 'a deployment'],
  tags: [{ team: 'recs' }, 'tags.team', 'recs'],
  properties: [{ owner: 'ml' }, 'properties.properties.owner', 'ml'],
  // Not forced off: the YAML's value is the body's.
  app_insights_enabled: [true, 'properties.appInsightsEnabled', true],
  egress_public_network_access: ['disabled', 'properties.egressPublicNetworkAccess', 'Disabled'],
  model_mount_path: ['/models-x', 'properties.modelMountPath', '/models-x'],
  environment_variables: [{ EXTRA: 'on' }, 'properties.environmentVariables.EXTRA', 'on'],
  'request_settings.request_timeout_ms': [7000, 'properties.requestSettings.requestTimeout', 'PT7S'],
  'request_settings.max_concurrent_requests_per_instance': [
    7,
    'properties.requestSettings.maxConcurrentRequestsPerInstance',
    7,
  ],
  'request_settings.max_queue_wait_ms': [3000, 'properties.requestSettings.maxQueueWait', 'PT3S'],
  'liveness_probe.initial_delay': [601, 'properties.livenessProbe.initialDelay', 'PT601S'],
  'liveness_probe.period': [11, 'properties.livenessProbe.period', 'PT11S'],
  'liveness_probe.timeout': [6, 'properties.livenessProbe.timeout', 'PT6S'],
  'liveness_probe.failure_threshold': [31, 'properties.livenessProbe.failureThreshold', 31],
  'liveness_probe.success_threshold': [2, 'properties.livenessProbe.successThreshold', 2],
  'readiness_probe.initial_delay': [602, 'properties.readinessProbe.initialDelay', 'PT602S'],
  'readiness_probe.period': [12, 'properties.readinessProbe.period', 'PT12S'],
  'readiness_probe.timeout': [7, 'properties.readinessProbe.timeout', 'PT7S'],
  'readiness_probe.failure_threshold': [32, 'properties.readinessProbe.failureThreshold', 32],
  'readiness_probe.success_threshold': [3, 'properties.readinessProbe.successThreshold', 3],
  'scale_settings.type': ['default', 'properties.scaleSettings.scaleType', 'Default'],
  'environment.inference_config.liveness_route.path': [
    '/live',
    'environment.inferenceConfig.livenessRoute.path',
    '/live',
  ],
  'environment.inference_config.liveness_route.port': [
    8001,
    'environment.inferenceConfig.livenessRoute.port',
    8001,
  ],
  'environment.inference_config.readiness_route.path': [
    '/ready',
    'environment.inferenceConfig.readinessRoute.path',
    '/ready',
  ],
  'environment.inference_config.readiness_route.port': [
    8002,
    'environment.inferenceConfig.readinessRoute.port',
    8002,
  ],
  'environment.inference_config.scoring_route.path': [
    '/score',
    'environment.inferenceConfig.scoringRoute.path',
    '/score',
  ],
  'environment.inference_config.scoring_route.port': [
    8003,
    'environment.inferenceConfig.scoringRoute.port',
    8003,
  ],
};

const ENDPOINT_SAMPLES: Record<string, Sample> = {
  description: ['an endpoint', 'properties.description', 'an endpoint'],
  tags: [{ app: 'recs' }, 'tags.app', 'recs'],
  properties: [{ owner: 'ml' }, 'properties.properties.owner', 'ml'],
  public_network_access: ['disabled', 'properties.publicNetworkAccess', 'Disabled'],
  'identity.type': ['none', 'identity.type', 'None'],
};

type Rules = typeof DEPLOYMENT_KEYS;

/** Every key path whose rule is `body`: what the ARM request must carry. */
function bodyKeys(rules: Rules, prefix = ''): string[] {
  return Object.entries(rules).flatMap(([key, rule]) => {
    if (rule === 'body') return [`${prefix}${key}`];
    if (typeof rule === 'object' && 'keys' in rule) return bodyKeys(rule.keys, `${prefix}${key}.`);
    return [];
  });
}

function yamlOf(samples: Record<string, Sample>): Record<string, unknown> {
  const yaml: Record<string, unknown> = {};
  for (const [path, [value]] of Object.entries(samples)) {
    const keys = path.split('.');
    let node = yaml;
    for (const key of keys.slice(0, -1)) node = (node[key] ??= {}) as Record<string, unknown>;
    node[keys.at(-1)!] = value;
  }
  return yaml;
}

const at = (value: unknown, path: string) =>
  path.split('.').reduce<unknown>((node, key) => (node as Record<string, unknown> | undefined)?.[key], value);

describe('every key deploy-endpoint accepts reaches the ARM request', () => {
  it('the deployment YAML: each body key, Application Insights included, in the deployment or its environment', () => {
    expect(bodyKeys(DEPLOYMENT_KEYS).sort()).toEqual(Object.keys(DEPLOYMENT_SAMPLES).sort());
    const yaml = yamlOf(DEPLOYMENT_SAMPLES);
    expect(() => checkDeploymentYaml('deployment-file', yaml)).not.toThrow();
    const values = {
      location: 'l',
      modelArmId: 'm',
      environmentId: 'e',
      instanceType: 'i',
      instanceCount: 1,
    };
    const request = {
      ...deploymentBody(yaml, values),
      environment: environmentProperties('img', yaml),
    };
    for (const [key, [, path, value]] of Object.entries(DEPLOYMENT_SAMPLES))
      expect([key, at(request, path)]).toEqual([key, value]);
  });

  it('the endpoint YAML: each body key in the endpoint request', () => {
    expect(bodyKeys(ENDPOINT_KEYS).sort()).toEqual(Object.keys(ENDPOINT_SAMPLES).sort());
    const yaml = yamlOf(ENDPOINT_SAMPLES);
    expect(() => checkEndpointYaml('endpoint-file', yaml)).not.toThrow();
    const request = endpointBody(yaml, { location: 'l', authMode: 'AMLToken', tags: {} });
    for (const [key, [, path, value]] of Object.entries(ENDPOINT_SAMPLES))
      expect([key, at(request, path)]).toEqual([key, value]);
  });
});
