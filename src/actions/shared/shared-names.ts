/**
 * The names more than one part of the repository must spell alike: the actions themselves, what a main step
 * leaves its post step, the tags the actions write on Azure resources and find them by, and the names of the
 * pipeline's parts the actions address. Each is written here once in the actions' code.
 */

/** The actions, in the order a run uses them (the README's order); each is `actions/<name>/action.yml`. */
export const ACTIONS = [
  'plan-rollout',
  'submit-pipeline',
  'register-model',
  'build-triton',
  'deploy-endpoint',
  'smoke-score',
  'run-report',
  'resume-rollout',
] as const;
export type ActionName = (typeof ACTIONS)[number];

/** Actions with a post step (`runs.post`): remote work a cancelled workflow must stop. */
export const POST_STEP_ACTIONS: readonly ActionName[] = ['submit-pipeline'];

/** What a main step saves for its post step (`core.saveState`), which reads it as `STATE_<key>`. */
export const STATE_KEYS = {
  /** submit-pipeline: the job to cancel, saved before it is submitted. */
  jobName: 'job-name',
} as const;

/** A value the main step saved, as the runner hands it to the post step. */
export function savedState(key: string, env: NodeJS.ProcessEnv = process.env): string {
  return (env[`STATE_${key}`] ?? '').trim();
}

/** Tags the actions set on Azure resources and look them up by. */
export const TAGS = {
  /** On a pipeline job: the hash of its files and inputs, so an identical run reuses or adopts it. */
  contentHash: 'next_item_content_hash',
  /** On a pipeline job: the content hash without the champion, so a live model trained by this code is "ours". */
  baseHash: 'next_item_base_hash',
  /** On a model version: the job it was registered from, so registering one job twice reuses the version. */
  job: 'next_item_job',
  /** On an online deployment: a hash of its settings, so an unchanged rerun keeps the live deployment. */
  deploymentSpec: 'next-item.spec',
} as const;

/** A model version's properties hold the popularity baseline's metrics as `baseline_<metric>`. */
export const BASELINE_PROPERTY_PREFIX = 'baseline_';

/** The pipeline step that trains (pipeline/pipeline.yml `jobs.train`): hyperparameters are its inputs. */
export const TRAIN_STEP = 'train';
