import * as core from '@actions/core';
import { randomBytes } from 'node:crypto';
import { basename, dirname, relative } from 'node:path';
import { ArmError } from '../../azure/arm-error.js';
import { MlDataAssets } from '../../azure/ml/data-assets.js';
import { FINAL_STATUSES, jobOutputUri, type Job, type MlJobs, type Step } from '../../azure/ml/jobs.js';
import { mlJobs } from '../shared/ml-clients.js';
import { abortOnTermination, CancelledError } from '../../kit/cancellation.js';
import { systemClock } from '../../kit/clock.js';
import { hashContent } from '../../kit/content-hash.js';
import { formatDuration } from '../../kit/duration.js';
import { ActionError } from '../../kit/errors.js';
import { githubRun } from '../../kit/github-run.js';
import { workflowLog } from '../../kit/log.js';
import { WaitTimeoutError } from '../../kit/waiter.js';
import { prepareMlCli } from '../shared/ml-cli.js';
import { workspaceRoot } from '../shared/files.js';
import { setOutputs, writeSummary } from '../shared/outputs.js';
import { openRunnerSession } from '../shared/runtime.js';
import { pinDataVersion, planDataInput } from './data-input.js';
import { followJob } from './follow-job.js';
import type { SubmitPipelineInputs } from './inputs.js';
import { jobSummary } from './job-summary.js';
import { pipelineOverrides, TAGS } from './overrides.js';
import { readPipelineSpec } from './pipeline-spec.js';

export const MODEL_OUTPUT = 'model';

export async function submitPipeline(inputs: SubmitPipelineInputs): Promise<void> {
  const log = workflowLog;
  const root = workspaceRoot(process.env);
  const display = relative(root, inputs.pipelineFile);
  const spec = readPipelineSpec(inputs.pipelineFile, display);
  const dataPlan = planDataInput({
    data: inputs.data,
    pipelineInputs: spec.inputs,
    syntheticInputs: {
      'start-date': inputs.startDate,
      'end-date': inputs.endDate,
      'rows-per-day': inputs.rowsPerDay,
    },
    display,
  });
  const { target } = inputs;
  const termination = abortOnTermination();
  const { signal } = termination;
  const session = openRunnerSession(target);
  const jobs = mlJobs(session, signal);
  // The data version is resolved before hashing: a new version retrains, the same one reuses.
  const dataSet = await pinDataVersion(new MlDataAssets(session.arm, target), dataPlan, log, signal);
  const overrides = [...pipelineOverrides(inputs), ...dataSet];
  const hash = await hashContent([dirname(inputs.pipelineFile)], {
    file: basename(inputs.pipelineFile),
    overrides: overrides.join('\n'),
    workspace: `${target.subscriptionId}/${target.resourceGroup}/${target.workspace}`.toLowerCase(),
  });
  log.info(`Pipeline ${display}: steps ${spec.steps.join(' → ')}; content hash ${hash.slice(0, 12)}.`);

  if (inputs.reuse && !inputs.force) {
    const earlier = await jobs.findByTag(TAGS.contentHash, hash, (status) => status === 'Completed', signal);
    if (earlier) {
      log.info(
        `Reusing job ${earlier.name}: it Completed with the same pipeline files and inputs (hash ${hash.slice(0, 12)}). Nothing is submitted; force: true resubmits.`,
      );
      await finish(jobs, earlier, await jobs.steps(earlier.name, signal).catch(() => []), hash, true, signal);
      termination.dispose();
      return;
    }
  }

  const name = jobName();
  // Saved before submitting, so a cancelled workflow's post step can cancel what may already exist.
  core.saveState('job-name', name);
  try {
    await prepareMlCli(session, inputs.mlExtensionVersion, signal);
    const run = githubRun();
    const tags: Array<[string, string]> = [
      [TAGS.contentHash, hash],
      [TAGS.sha, run.sha],
      [TAGS.runUrl, run.runUrl],
      [TAGS.repository, run.repository],
      [TAGS.ref, run.ref],
      ...inputs.tags,
    ];
    const sets = [
      ...overrides,
      ...tags.filter(([, value]) => value).map(([key, value]) => `tags.${key}=${value}`),
      ...(inputs.displayName ? [`display_name=${inputs.displayName}`] : []),
    ];
    const created = await session.az.json<{
      name: string;
      status: string;
      services?: { Studio?: { endpoint?: string } };
    }>(
      [
        'ml',
        'job',
        'create',
        '--file',
        inputs.pipelineFile,
        '--name',
        name,
        '--resource-group',
        target.resourceGroup,
        '--workspace-name',
        target.workspace,
        '--subscription',
        target.subscriptionId,
        '--set',
        ...sets,
        '--only-show-errors',
      ],
      { signal, cwd: root },
    );
    const studioUrl = created.services?.Studio?.endpoint ?? '';
    log.info(`Submitted pipeline job ${created.name}: ${studioUrl}`);
    setOutputs({ 'job-name': created.name, 'studio-url': studioUrl, reused: 'false' });

    if (!inputs.wait) {
      setOutputs({
        status: created.status,
        'model-uri': jobOutputUri(created.name, MODEL_OUTPUT),
        metrics: '',
      });
      await writeSummary(
        `## Pipeline job [${created.name}](${studioUrl}): submitted\n\nNot waited for (wait: false). Content hash \`${hash.slice(0, 12)}\`.\n`,
      );
      return;
    }
    const result = await followJob({
      jobs,
      name: created.name,
      clock: systemClock,
      log,
      timeoutMs: inputs.timeoutMs,
      signal,
    });
    await finish(jobs, result.job, result.steps, hash, false, signal);
  } catch (error) {
    if (error instanceof CancelledError || error instanceof WaitTimeoutError) {
      const cancelled = await cancelQuietly(jobs, name);
      const reason =
        error instanceof CancelledError
          ? error.message
          : `Timed out after ${formatDuration(inputs.timeoutMs)}.`;
      throw new ActionError(
        `${reason} ${cancelled}`,
        error instanceof WaitTimeoutError ? error.hint : undefined,
      );
    }
    throw error;
  } finally {
    termination.dispose();
  }
}

/** Outputs and summary for a job that ended; a job that did not complete fails the step, naming the failed step. */
async function finish(
  jobs: MlJobs,
  job: Job,
  steps: Step[],
  hash: string,
  reused: boolean,
  signal: AbortSignal,
): Promise<void> {
  const metrics = job.status === 'Completed' ? await trainingMetrics(jobs, steps, signal) : undefined;
  setOutputs({
    'job-name': job.name,
    'studio-url': job.studioUrl ?? '',
    status: job.status,
    'model-uri': jobOutputUri(job.name, MODEL_OUTPUT),
    metrics: metrics ? JSON.stringify(metrics) : '',
    reused: String(reused),
  });
  await writeSummary(jobSummary({ job, steps, metrics, reused, hash }));
  if (job.status === 'Completed') return;
  const failed =
    steps.find((step) => step.status === 'Failed') ?? steps.find((step) => step.status === 'Canceled');
  const where = failed
    ? `step '${failed.name}' ${failed.status}${failed.error ? `: ${failed.error}` : ''}`
    : `the job ended ${job.status}`;
  throw new ActionError(
    `Pipeline job ${job.name} ${job.status}: ${where}. Studio: ${job.studioUrl ?? '(no link)'}`,
  );
}

/** NDCG/recall and the popularity baseline the train step logged to MLflow; undefined when it logged none. */
async function trainingMetrics(
  jobs: MlJobs,
  steps: Step[],
  signal: AbortSignal,
): Promise<Record<string, unknown> | undefined> {
  const train = steps.find((step) => step.name === 'train');
  if (!train) return undefined;
  try {
    const logged = await jobs.metrics(train.runId, signal);
    const model = Object.fromEntries(Object.entries(logged).filter(([key]) => !key.startsWith('baseline_')));
    const baseline = Object.fromEntries(
      Object.entries(logged)
        .filter(([key]) => key.startsWith('baseline_'))
        .map(([key, value]) => [key.slice('baseline_'.length), value]),
    );
    if (!Object.keys(model).length) return undefined;
    return Object.keys(baseline).length ? { ...model, popularity_baseline: baseline } : model;
  } catch (error) {
    workflowLog.warning(`Could not read the training metrics of ${train.runId}: ${(error as Error).message}`);
    return undefined;
  }
}

async function cancelQuietly(jobs: MlJobs, name: string): Promise<string> {
  try {
    const job = await jobs.get(name);
    if (FINAL_STATUSES.has(job.status)) return `Job ${name} had already ended (${job.status}).`;
    return (await jobs.cancel(name))
      ? `Asked Azure ML to cancel job ${name}.`
      : `Job ${name} had already ended.`;
  } catch (error) {
    if (error instanceof ArmError && error.status === 404) return `Job ${name} was never created.`;
    return `Cancelling job ${name} failed too: ${(error as Error).message}`;
  }
}

function jobName(): string {
  return `next_item_${Date.now().toString(36)}_${randomBytes(3).toString('hex')}`;
}
