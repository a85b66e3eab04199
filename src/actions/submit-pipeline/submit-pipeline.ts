import { randomBytes } from 'node:crypto';
import { basename, dirname, relative } from 'node:path';
import { MlDataAssets } from '../../azure/ml/data-assets.js';
import { cancelJobQuietly } from '../../azure/ml/job-cancel.js';
import type { Job, MlJobs, Step } from '../../azure/ml/jobs.js';
import type { AzureSession } from '../../azure/session.js';
import { CancelledError } from '../../kit/cancellation.js';
import { hashContent } from '../../kit/content-hash.js';
import { formatDuration } from '../../kit/duration.js';
import { ActionError } from '../../kit/errors.js';
import { WaitTimeoutError } from '../../kit/waiter.js';
import type { MlActionDeps } from '../shared/ml-action-deps.js';
import { mlJobs } from '../shared/ml-clients.js';
import { prepareMlCli } from '../shared/ml-cli.js';
import { downloadTrainingMetrics, METRICS_OUTPUT, modelUri } from '../shared/ml-outputs.js';
import { workspaceRoot } from '../shared/files.js';
import { STATE_KEYS, TAGS } from '../shared/shared-names.js';
import { BASE_HASH_TAG, checkChampionStep } from './champion-plan.js';
import { applyChampion } from './champion-source.js';
import { pinDataVersion, planDataInput } from './data-input.js';
import { acceptsEarlierJob, adoptMessage, decideEarlierJob } from './earlier-job.js';
import { followJob } from './follow-job.js';
import type { SubmitPipelineInputs } from './inputs.js';
import { jobSummary } from './job-summary.js';
import { pipelineOverrides } from './overrides.js';
import { readPipelineSpec, type PipelineSpec } from './pipeline-spec.js';
import {
  failure,
  finishedOutputs,
  jobCreateArgs,
  metricsOutput,
  detachedSummary,
  notWaitedSummary as notWaitedJobSummary,
  resumeStepSets,
  resumeTags,
  reusedDetachedSummary,
  submissionSets,
} from './submit-plan.js';

interface Context {
  inputs: SubmitPipelineInputs;
  deps: MlActionDeps;
  spec: PipelineSpec;
  overrides: string[];
  hash: string;
  baseHash: string;
  root: string;
  session: AzureSession;
  jobs: MlJobs;
  signal: AbortSignal;
}

/**
 * Submits the pipeline, follows it, and reports it; a job with the same content hash in flight is followed
 * instead (a killed run's), and a Completed one is reused (`reuse`); `force` submits regardless.
 */
export async function submitPipeline(inputs: SubmitPipelineInputs, deps: MlActionDeps): Promise<void> {
  const context = await openContext(inputs, deps);
  const earlier = decideEarlierJob(await findEarlierJob(context), inputs);
  if (earlier.kind === 'reuse') return await reuseEarlierJob(context, earlier.job);
  const adopted = earlier.kind === 'adopt' ? earlier.job : undefined;
  const name = adopted?.name ?? `next_item_${Date.now().toString(36)}_${randomBytes(3).toString('hex')}`;
  // Saved before submitting, so a cancelled workflow's post step can cancel what may already exist.
  deps.saveState(STATE_KEYS.jobName, name);
  try {
    const created = adopted ? await adopt(context, adopted) : await submit(context, name);
    if (!inputs.wait) return;
    const result = await followJob({
      jobs: context.jobs,
      name: created,
      clock: deps.clock,
      log: deps.log,
      timeoutMs: inputs.timeoutMs,
      signal: context.signal,
    });
    await finish(context, result.job, result.steps, adopted !== undefined);
  } catch (error) {
    throw await stoppedError(context, name, error);
  }
}

async function openContext(inputs: SubmitPipelineInputs, deps: MlActionDeps): Promise<Context> {
  const { signal } = deps;
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
  if (inputs.champion) {
    const input = 'model' in inputs.champion ? 'champion-model' : 'champion-endpoint';
    checkChampionStep(input, spec.steps, display);
  }
  const { target } = inputs;
  const session = deps.openSession(target);
  // The data version is resolved before hashing: a new version retrains, the same one reuses.
  const dataSet = await pinDataVersion(new MlDataAssets(session.arm, target), dataPlan, deps.log, signal);
  const hashOf = (overrides: string[]) =>
    hashContent([dirname(inputs.pipelineFile)], {
      file: basename(inputs.pipelineFile),
      overrides: overrides.join('\n'),
      workspace: `${target.subscriptionId}/${target.resourceGroup}/${target.workspace}`.toLowerCase(),
    });
  const jobs = mlJobs(session, signal);
  const champion = { session, jobs, source: inputs.champion, log: deps.log, signal };
  const hashed = await applyChampion(champion, [...pipelineOverrides(inputs), ...dataSet], hashOf);
  const { overrides, hash } = hashed;
  deps.log.info(`Pipeline ${display}: steps ${spec.steps.join(' → ')}; content hash ${hash.slice(0, 12)}.`);
  return { inputs, deps, spec, overrides, hash, baseHash: hashed.baseHash, root, session, jobs, signal };
}

/** The newest job with this content hash that is in flight (or Completed, with reuse), unless force. */
async function findEarlierJob(context: Context): Promise<Job | undefined> {
  if (context.inputs.force) return undefined;
  return context.jobs.findByTag(
    TAGS.contentHash,
    context.hash,
    acceptsEarlierJob(context.inputs),
    context.signal,
  );
}

async function reuseEarlierJob(context: Context, earlier: Job): Promise<void> {
  const { jobs, hash, signal, deps } = context;
  deps.log.info(
    `Reusing job ${earlier.name}: it Completed with the same pipeline files and inputs (hash ${hash.slice(0, 12)}). Nothing is submitted; force: true resubmits.`,
  );
  const steps = await jobs.steps(earlier.name, signal).catch(() => []);
  await prepareMlCli(context.session, context.inputs.mlExtensionVersion, signal);
  await finish(context, earlier, steps, true);
  const { resume } = context.inputs;
  if (resume && !context.inputs.wait) {
    // Detached: nothing to wait for, so the job is pending again at once and the next resume.yml tick rolls it
    // out (a push that changed only inference/ deploys its new image that way).
    await jobs.updateTags(earlier.name, Object.fromEntries(resumeTags(resume)), signal);
    await deps.writeSummary(reusedDetachedSummary(earlier.name, resume));
  }
}

/** Follows a job a killed run left in flight, as if this run had submitted it. */
async function adopt(context: Context, job: Job): Promise<string> {
  const { inputs, deps, session, signal } = context;
  deps.log.info(adoptMessage(job, context.hash));
  await prepareMlCli(session, inputs.mlExtensionVersion, signal);
  deps.setOutputs({ 'job-name': job.name, 'studio-url': job.studioUrl ?? '', reused: 'true' });
  if (!inputs.wait) {
    // A job another run left in flight resumes like one submitted here: it gets the same tags.
    if (inputs.resume) await context.jobs.updateTags(job.name, Object.fromEntries(resumeTags(inputs.resume)));
    deps.setOutputs({ status: job.status, 'model-uri': modelUri(job.name), metrics: '' });
    await deps.writeSummary(notWaitedSummary(context, job.name, job.studioUrl ?? '', true));
  }
  return job.name;
}

function notWaitedSummary(context: Context, name: string, studioUrl: string, adopted: boolean): string {
  const { resume } = context.inputs;
  if (!resume) return notWaitedJobSummary(name, studioUrl, context.hash);
  const dispatchStep =
    resumeStepSets(resume, context.deps.run, { name, steps: context.spec.steps }).length > 0;
  return detachedSummary(name, studioUrl, resume, dispatchStep, adopted);
}

/** `az ml job create`; returns the created job's name. */
async function submit(context: Context, name: string): Promise<string> {
  const { inputs, deps, session, signal } = context;
  await prepareMlCli(session, inputs.mlExtensionVersion, signal);
  const sets = submissionSets(context.overrides, inputs, context.hash, deps.run, {
    name,
    steps: context.spec.steps,
  }).concat(`tags.${BASE_HASH_TAG}=${context.baseHash}`);
  const created = await session.az.json<{
    name: string;
    status: string;
    services?: { Studio?: { endpoint?: string } };
  }>(jobCreateArgs(inputs.pipelineFile, name, inputs.target, sets), { signal, cwd: context.root });
  const studioUrl = created.services?.Studio?.endpoint ?? '';
  deps.log.info(`Submitted pipeline job ${created.name}: ${studioUrl}`);
  deps.setOutputs({ 'job-name': created.name, 'studio-url': studioUrl, reused: 'false' });
  if (!inputs.wait) {
    deps.setOutputs({ status: created.status, 'model-uri': modelUri(created.name), metrics: '' });
    await deps.writeSummary(notWaitedSummary(context, created.name, studioUrl, false));
  }
  return created.name;
}

/** Outputs and summary for a job that ended; a job that did not complete fails the step. */
async function finish(context: Context, job: Job, steps: Step[], reused: boolean): Promise<void> {
  const metrics = job.status === 'Completed' ? await trainingMetrics(context, job) : undefined;
  context.deps.setOutputs(finishedOutputs(job, metrics, reused));
  await context.deps.writeSummary(jobSummary({ job, steps, metrics, reused, hash: context.hash }));
  const failed = failure(job, steps);
  if (failed) throw failed;
}

/** The metrics.json of the pipeline's `metrics` output; undefined (with a warning) when it cannot be read. */
async function trainingMetrics(context: Context, job: Job): Promise<Record<string, unknown> | undefined> {
  if (!context.spec.outputs.includes(METRICS_OUTPUT)) return undefined;
  try {
    const { session, inputs, signal } = context;
    return metricsOutput(await downloadTrainingMetrics(session.az, inputs.target, job.name, signal));
  } catch (error) {
    context.deps.log.warning(
      `Could not read the metrics output of job ${job.name}: ${(error as Error).message}`,
    );
    return undefined;
  }
}

/** A cancelled or timed-out wait cancels the job, and says so; any other error passes through. */
async function stoppedError(context: Context, name: string, error: unknown): Promise<unknown> {
  if (!(error instanceof CancelledError || error instanceof WaitTimeoutError)) return error;
  const note = await cancelJobQuietly(context.jobs, name);
  const reason =
    error instanceof CancelledError
      ? error.message
      : `Timed out after ${formatDuration(context.inputs.timeoutMs)}.`;
  return new ActionError(`${reason} ${note}`, error instanceof WaitTimeoutError ? error.hint : undefined);
}
