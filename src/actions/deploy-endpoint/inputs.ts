import type { AzureTarget } from '../../azure/target.js';
import { InputError } from '../../kit/errors.js';
import type { Inputs } from '../../kit/inputs.js';
import { NAME_RULES } from '../../kit/names.js';
import { quote } from '../../kit/quote.js';
import { readAzureTarget } from '../shared/azure-inputs.js';
import { existingPath, workspaceRoot } from '../shared/files.js';
import { imageReferenceInput } from '../shared/image-ref.js';
import { parseTraffic, type TrafficRequest } from './traffic.js';

export const DEPLOY_MODES = ['deploy', 'promote', 'rollback'] as const;
export type DeployMode = (typeof DEPLOY_MODES)[number];
export const AUTH_MODES = ['aml_token', 'key', 'aad_token'] as const;
export type AuthMode = (typeof AUTH_MODES)[number];

export interface DeployEndpointInputs {
  target: AzureTarget;
  mode: DeployMode;
  endpoint: string;
  createEndpoint: boolean;
  deployment?: string;
  previousDeployment?: string;
  modelId?: string;
  image?: string;
  authMode: AuthMode;
  instanceType: string;
  instanceCount: number;
  endpointFile: string;
  deploymentFile: string;
  traffic: TrafficRequest;
  mirrorPercent: number;
  keepPrevious: boolean;
  keepFailed: boolean;
  timeoutMs: number;
}

/** `azureml:name:version`, `name:version`, or the model version's full ARM id. */
export const MODEL_ID = {
  pattern:
    /^(?:(?:azureml:)?[A-Za-z0-9][A-Za-z0-9_.-]{0,254}:[A-Za-z0-9][A-Za-z0-9_.-]{0,49}|\/subscriptions\/[0-9a-fA-F-]{36}\/resourceGroups\/[-\w.()]+\/providers\/Microsoft\.MachineLearningServices\/workspaces\/[\w-]+\/models\/[\w.-]+\/versions\/[\w.-]+)$/,
  expected: 'a model id such as azureml:next-item-triton:3 (the register-model output model-id)',
  // The longest valid form: an ARM id with a 90-character resource group, a 33-character workspace,
  // a 255-character model name and a 50-character version (the limits in kit/names.ts).
  maxLength:
    '/subscriptions//resourceGroups//providers/Microsoft.MachineLearningServices/workspaces//models//versions/'
      .length +
    36 +
    90 +
    33 +
    255 +
    50,
};

/**
 * An endpoint holds at most 20 deployments (Azure ML managed online endpoint quota), so a split names at
 * most 20; each item is a deployment name (32) and a percentage.
 */
const TRAFFIC_LIMITS = { maxItems: 20, maxItemLength: 32 + 3 + 3 };

export function readDeployEndpointInputs(inputs: Inputs, env: NodeJS.ProcessEnv): DeployEndpointInputs {
  const target = readAzureTarget(inputs, env);
  const mode = inputs.choice('mode', DEPLOY_MODES, 'deploy');
  const deploying = mode === 'deploy';
  const root = workspaceRoot(env);
  const parsed: DeployEndpointInputs = {
    target,
    mode,
    endpoint: inputs.name('endpoint', NAME_RULES.endpoint, { required: true }),
    createEndpoint: inputs.boolean('create-endpoint', false),
    deployment: inputs.name('deployment', NAME_RULES.deployment, { required: mode !== 'deploy' }),
    previousDeployment: inputs.name('previous-deployment', NAME_RULES.deployment),
    modelId: inputs.name('model-id', MODEL_ID, { required: deploying }),
    image: imageReferenceInput(inputs, 'image', { required: deploying }),
    authMode: inputs.choice('auth-mode', AUTH_MODES, 'aml_token'),
    instanceType:
      inputs.name('instance-type', {
        pattern: /^[A-Za-z][A-Za-z0-9_]{2,63}$/,
        expected: 'a VM size such as Standard_NC4as_T4_v3',
        maxLength: 64,
      }) ?? 'Standard_NC4as_T4_v3',
    instanceCount: inputs.integer('instance-count', { defaultValue: 1, min: 1, max: 100 })!,
    // Only deploy mode reads the templates: promote and rollback run in jobs that need no checkout of them.
    endpointFile: deploying
      ? existingPath(inputs, 'endpoint-file', 'inference/triton/endpoint.yml', 'file', root)
      : '',
    deploymentFile: deploying
      ? existingPath(inputs, 'deployment-file', 'inference/triton/deployment.yml', 'file', root)
      : '',
    traffic: parseTraffic('traffic', inputs.list('traffic', TRAFFIC_LIMITS)),
    mirrorPercent: inputs.integer('mirror-traffic', { defaultValue: 0, min: 0, max: 50 })!,
    keepPrevious: inputs.boolean('keep-previous', false),
    keepFailed: inputs.boolean('keep-failed', false),
    timeoutMs: inputs.duration('timeout', '90m', { minMs: 60_000, maxMs: 8 * 3_600_000 }),
  };
  if (parsed.previousDeployment && parsed.previousDeployment === parsed.deployment) {
    throw new InputError(
      'previous-deployment',
      `is the same as deployment (${quote(parsed.deployment ?? '')})`,
      'the deployment that served before this one',
    );
  }
  if (parsed.mirrorPercent > 0 && parsed.traffic.kind === 'share' && parsed.traffic.percent > 0) {
    throw new InputError(
      'mirror-traffic',
      'is set while traffic sends live requests to the new deployment',
      'mirror-traffic 0 when traffic is above 0: a deployment takes live or mirrored traffic, not both',
    );
  }
  return parsed;
}
