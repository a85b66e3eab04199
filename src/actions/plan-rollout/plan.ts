import type { PlanRolloutInputs, TrainingIdentity } from './inputs.js';

/** Which jobs of the reusable workflow run, and the model they work on. */
export interface RolloutPlan {
  train: boolean;
  register: boolean;
  /** The finished pipeline job to register instead of training, or ''. */
  modelJob: string;
  /** The registered model to deploy as it is (azureml:name:version), or ''. */
  modelId: string;
}

export type PlanOutcome = { ok: true; plan: RolloutPlan } | { ok: false; cause: string };

/** The variable each id falls back to, which is what a workflow author sets. */
const IDENTITY_VARIABLES: Record<keyof TrainingIdentity, string> = {
  'client-id': 'AZURE_CLIENT_ID',
  'tenant-id': 'AZURE_TENANT_ID',
  'subscription-id': 'AZURE_SUBSCRIPTION_ID',
};

/**
 * The rules across inputs (each input alone is checked as it is read): one model source at most, skip-training
 * only with a model to deploy, and the training identity wherever this run trains or registers.
 */
export function planRollout(inputs: PlanRolloutInputs): PlanOutcome {
  const { modelJob, modelVersion } = inputs;
  if (modelJob && modelVersion)
    return fail('Inputs model-job and model-version are both set: give one of them.');
  if (inputs.skipTraining && !modelJob && !modelVersion)
    return fail(
      'Input skip-training is true but neither model-job nor model-version is set: name the model to deploy.',
    );
  const plan: RolloutPlan = {
    train: !modelJob && !modelVersion,
    register: !modelVersion,
    modelJob: modelJob ?? '',
    modelId: modelVersion ? `azureml:${inputs.modelName}:${modelVersion}` : '',
  };
  // Training and registration use the repository's identity; the deploy environments set their own.
  const missing = plan.register ? missingIdentity(inputs.identity) : undefined;
  if (missing)
    return fail(
      `Input '${missing}' is empty and ${IDENTITY_VARIABLES[missing]} is not set: set the training identity as a repository variable (or pass it as a secret of the calling job, or secrets: inherit).`,
    );
  return { ok: true, plan };
}

function missingIdentity(identity: TrainingIdentity): keyof TrainingIdentity | undefined {
  return (Object.keys(IDENTITY_VARIABLES) as Array<keyof TrainingIdentity>).find((id) => !identity[id]);
}

function fail(cause: string): PlanOutcome {
  return { ok: false, cause };
}

/** The step's outputs; `error` is empty on success, so the run report finds no cause to quote. */
export function planOutputs(plan: RolloutPlan): Record<string, string> {
  return {
    train: String(plan.train),
    register: String(plan.register),
    'model-job': plan.modelJob,
    'model-id': plan.modelId,
    error: '',
  };
}

/**
 * The cause as the summary's first line and the error output show it: one line (caller text cannot start
 * another), with no markup, since the run report quotes it into its own Markdown.
 */
export function reportLine(cause: string): string {
  return cause.replace(/[\r\n]+/g, ' ').replace(/</g, '&lt;');
}

/** A refused plan's outputs: the jobs read no choice from them, and the run report reads the cause. */
export function refusalOutputs(cause: string): Record<string, string> {
  return { error: reportLine(cause) };
}

export function failureSummary(cause: string): string {
  return `❌ ${reportLine(cause)}\n`;
}

/** What the log says about a plan that holds. */
export function planLine(plan: RolloutPlan, projectPath: string): string {
  return `Training: ${plan.train}. Registration: ${plan.register}. pipeline/ and inference/ from: ${projectPath}.`;
}
