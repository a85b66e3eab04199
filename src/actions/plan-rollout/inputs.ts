import { CLOUD_NAMES, type CloudName } from '../../azure/clouds.js';
import { PATH_MAX_LENGTH, type Inputs } from '../../kit/inputs.js';
import { NAME_RULES } from '../../kit/names.js';

/** The ids of the training identity, each from its input or the AZURE_* variable azure/login users set. */
export interface TrainingIdentity {
  'client-id'?: string;
  'tenant-id'?: string;
  'subscription-id'?: string;
}

export interface PlanRolloutInputs {
  resourceGroup: string;
  workspace: string;
  cloud: CloudName;
  identity: TrainingIdentity;
  skipTraining: boolean;
  modelJob?: string;
  modelVersion?: string;
  modelName: string;
  projectPath: string;
  pipelineFile?: string;
  rollout: 'promote' | 'hold';
  reportComment: 'auto' | 'never';
}

/**
 * Each input on its own, by the rules every action uses (the names, the clouds, relative paths). The ids are
 * not required here: only a plan that trains or registers needs the training identity, and the planner says so.
 */
export function readPlanRolloutInputs(inputs: Inputs, env: NodeJS.ProcessEnv): PlanRolloutInputs {
  const identity: TrainingIdentity = {
    'subscription-id': inputs.name('subscription-id', NAME_RULES.guid, {
      fallback: env.AZURE_SUBSCRIPTION_ID,
    }),
    'client-id': inputs.name('client-id', NAME_RULES.guid, { fallback: env.AZURE_CLIENT_ID }),
    'tenant-id': inputs.name('tenant-id', NAME_RULES.guid, { fallback: env.AZURE_TENANT_ID }),
  };
  return {
    resourceGroup: inputs.name('resource-group', NAME_RULES.resourceGroup, { required: true }),
    workspace: inputs.name('workspace', NAME_RULES.workspace, { required: true }),
    cloud: inputs.choice<CloudName>('cloud', CLOUD_NAMES, 'AzureCloud'),
    identity,
    skipTraining: inputs.boolean('skip-training', false),
    modelJob: inputs.name('model-job', NAME_RULES.job),
    modelVersion: inputs.name('model-version', NAME_RULES.assetVersion),
    modelName: inputs.name('model-name', NAME_RULES.asset, { required: true, fallback: 'next-item-triton' }),
    projectPath: inputs.relativePath('project-path', '.'),
    // Empty lets the workflow choose the pipeline by its data input.
    pipelineFile: inputs.text('pipeline-file', { maxLength: PATH_MAX_LENGTH })
      ? inputs.relativePath('pipeline-file', '')
      : undefined,
    rollout: inputs.choice('rollout', ['promote', 'hold'] as const, 'promote'),
    reportComment: inputs.choice('report-comment', ['auto', 'never'] as const, 'auto'),
  };
}
