import type { Job, Step } from '../../azure/ml/jobs.js';
import { mlWorkspaceArgs, type AzureTarget } from '../../azure/target.js';
import { ActionError } from '../../kit/errors.js';
import type { GithubRun } from '../../kit/github-run.js';
import { lineageTags } from '../../kit/lineage.js';
import { modelUri, type TrainingMetrics } from '../shared/ml-outputs.js';
import type { ResumeSettings, SubmitPipelineInputs } from './inputs.js';
import {
  encodeResumeInputs,
  PENDING,
  RESUME_STEP,
  resumeInputTags,
  ROLLOUT_TAGS,
} from '../shared/pending-rollout.js';
import { TAGS } from '../shared/shared-names.js';

/**
 * The `--set` values of `az ml job create`: the input overrides, the job's tags, its display name, and for
 * detached training the inputs of the pipeline's resume step (after the content hash: they name this job).
 */
export function submissionSets(
  overrides: string[],
  inputs: Pick<SubmitPipelineInputs, 'tags' | 'displayName' | 'resume'>,
  hash: string,
  run: GithubRun,
  job: { name: string; steps: string[] },
): string[] {
  const tags: Array<[string, string]> = [
    [TAGS.contentHash, hash],
    ...Object.entries(lineageTags(run)),
    ...(inputs.resume ? resumeTags(inputs.resume) : []),
    ...inputs.tags,
  ];
  return [
    ...overrides,
    ...tags.filter(([, value]) => value).map(([key, value]) => `tags.${key}=${value}`),
    ...(inputs.displayName ? [`display_name=${inputs.displayName}`] : []),
    ...(inputs.resume ? resumeStepSets(inputs.resume, run, job) : []),
  ];
}

/** The tags that let the rollout resume later: pending, and which workflow with which inputs. */
export function resumeTags(resume: ResumeSettings): Array<[string, string]> {
  return [
    [ROLLOUT_TAGS.state, PENDING],
    [ROLLOUT_TAGS.workflow, resume.workflow],
    ...resumeInputTags(encodeResumeInputs(resume.inputs)),
  ];
}

/**
 * The resume step's inputs, when the pipeline has that step and a Key Vault holds the dispatch token: the
 * step dispatches `workflow` of the repository at the ref with the job's name once training has finished.
 * Without them the step does nothing and resume.yml picks the job up on its schedule.
 */
export function resumeStepSets(
  resume: ResumeSettings,
  run: GithubRun,
  job: { name: string; steps: string[] },
): string[] {
  if (!resume.keyVaultUrl || !job.steps.includes(RESUME_STEP)) return [];
  const values: Record<string, string> = {
    github_api_url: resume.apiUrl,
    github_repository: run.repository,
    github_ref: run.ref,
    github_workflow: resume.workflow,
    dispatch_inputs: encodeResumeInputs([...resume.inputs, ['model-job', job.name]]),
    model_job: job.name,
    key_vault_url: resume.keyVaultUrl.replace(/\/+$/, ''),
    token_secret: resume.tokenSecret,
  };
  return Object.entries(values).map(([key, value]) => `jobs.${RESUME_STEP}.inputs.${key}=${value}`);
}

/** A detached job's summary: what was submitted, and how its rollout will resume. */
export function detachedSummary(
  name: string,
  studioUrl: string,
  resume: ResumeSettings,
  dispatchStep: boolean,
  adopted: boolean,
): string {
  const how = dispatchStep
    ? `When training ends, the pipeline's last step (${RESUME_STEP}) reads the GitHub token from Key Vault ${resume.keyVaultUrl} and dispatches \`${resume.workflow}\` with model-job=${name}. If that does not happen (a failed job, a missing secret), the scheduled resume.yml finds the job and resumes or reports it.`
    : `No Key Vault is set for a dispatch from Azure, so the scheduled resume.yml resumes it: it finds the finished job by its \`${ROLLOUT_TAGS.state}: ${PENDING}\` tag and dispatches \`${resume.workflow}\` with model-job=${name}, or reports it if it failed.`;
  const inputs = resume.inputs.length
    ? `Inputs the rollout gets: ${resume.inputs.map(([k, v]) => `\`${k}\`: \`${v.replace(/[`\r\n]/g, ' ')}\``).join(', ')}.`
    : '';
  return [
    `## Pipeline job [${name}](${studioUrl}): ${adopted ? 'followed' : 'submitted'}, detached`,
    '',
    `Training runs in Azure without holding this runner; this run ends now and the rollout resumes when the job ends.`,
    '',
    how,
    inputs,
    '',
  ].join('\n');
}

/** A detached run that reused a Completed job: its rollout is pending again, for the next resume.yml tick. */
export function reusedDetachedSummary(name: string, resume: ResumeSettings): string {
  return `### Detached: rollout pending\n\nJob ${name} had already Completed, so there is no training to wait for: it is tagged \`${ROLLOUT_TAGS.state}: ${PENDING}\` again, and the next scheduled resume.yml dispatches \`${resume.workflow}\` with model-job=${name}.\n`;
}

export function jobCreateArgs(file: string, name: string, target: AzureTarget, sets: string[]): string[] {
  return [
    'ml',
    'job',
    'create',
    '--file',
    file,
    '--name',
    name,
    ...mlWorkspaceArgs(target),
    '--set',
    ...sets,
    '--only-show-errors',
  ];
}

/** The `metrics` output of the step: the model's metrics with every reference beside them, or none. */
export function metricsOutput(metrics: TrainingMetrics | undefined): Record<string, unknown> | undefined {
  if (!metrics || !Object.keys(metrics.model).length) return undefined;
  return { ...metrics.model, ...metrics.references };
}

export function finishedOutputs(
  job: Job,
  metrics: Record<string, unknown> | undefined,
  reused: boolean,
): Record<string, string> {
  return {
    'job-name': job.name,
    'studio-url': job.studioUrl ?? '',
    status: job.status,
    'model-uri': modelUri(job.name),
    metrics: metrics ? JSON.stringify(metrics) : '',
    reused: String(reused),
  };
}

/** A job that did not complete fails the step, naming the step that failed (by its display name). */
export function failure(job: Job, steps: Step[]): ActionError | undefined {
  if (job.status === 'Completed') return undefined;
  const failed =
    steps.find((step) => step.status === 'Failed') ?? steps.find((step) => step.status === 'Canceled');
  const where = failed
    ? `step '${failed.name}' ${failed.status}${failed.error ? `: ${failed.error}` : ''}`
    : `the job ended ${job.status}`;
  return new ActionError(
    `Pipeline job ${job.name} ${job.status}: ${where}. Studio: ${job.studioUrl ?? '(no link)'}`,
  );
}

export function notWaitedSummary(name: string, studioUrl: string, hash: string): string {
  return `## Pipeline job [${name}](${studioUrl}): submitted\n\nNot waited for (wait: false). Content hash \`${hash.slice(0, 12)}\`.\n`;
}
