import type { Job, Step } from '../../azure/ml/jobs.js';
import { mlWorkspaceArgs, type AzureTarget } from '../../azure/target.js';
import { ActionError } from '../../kit/errors.js';
import type { GithubRun } from '../../kit/github-run.js';
import { lineageTags } from '../../kit/lineage.js';
import { modelUri, type TrainingMetrics } from '../shared/ml-outputs.js';
import type { SubmitPipelineInputs } from './inputs.js';
import { TAGS } from '../shared/shared-names.js';

/** The `--set` values of `az ml job create`: the input overrides, the job's tags, its display name. */
export function submissionSets(
  overrides: string[],
  inputs: Pick<SubmitPipelineInputs, 'tags' | 'displayName'>,
  hash: string,
  run: GithubRun,
): string[] {
  const tags: Array<[string, string]> = [
    [TAGS.contentHash, hash],
    ...Object.entries(lineageTags(run)),
    ...inputs.tags,
  ];
  return [
    ...overrides,
    ...tags.filter(([, value]) => value).map(([key, value]) => `tags.${key}=${value}`),
    ...(inputs.displayName ? [`display_name=${inputs.displayName}`] : []),
  ];
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
