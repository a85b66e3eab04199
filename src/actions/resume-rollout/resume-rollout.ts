import { FINAL_STATUSES, type MlJobs } from '../../azure/ml/jobs.js';
import { pollDelay } from '../../azure/polling-policy.js';
import { ActionError } from '../../kit/errors.js';
import { dispatchWorkflow } from '../../kit/github-dispatch.js';
import type { GithubRest } from '../../kit/github-rest.js';
import type { MlActionDeps } from '../shared/ml-action-deps.js';
import { mlJobs } from '../shared/ml-clients.js';
import { PENDING, resumeTarget, ROLLOUT_TAGS } from '../shared/pending-rollout.js';
import { claimRollout } from '../shared/rollout-claim.js';
import type { ResumeRolloutInputs } from './inputs.js';
import {
  claimSummary,
  findPendingSummary,
  planPending,
  rolloutInputs,
  type PendingAction,
  type PendingOutcome,
} from './plan.js';

/** How long the claim waits for a job whose on_finalize step dispatched this run to end. */
export const FINALIZE_WAIT_MS = 10 * 60_000;

export interface ResumeRolloutDeps extends MlActionDeps {
  /** The GitHub REST client for a token (github-rest.ts). */
  github(token: string, apiUrl: string): Promise<GithubRest>;
}

export async function resumeRollout(inputs: ResumeRolloutInputs, deps: ResumeRolloutDeps): Promise<void> {
  if (inputs.mode === 'find-pending') deps.secret(inputs.githubToken);
  const jobs = mlJobs(deps.openSession(inputs.target));
  if (inputs.mode === 'claim') return claim(inputs, jobs, deps);
  return findPending(inputs, jobs, deps);
}

/** In the rollout: go on only when this run may roll the job out, and say where the job came from. */
async function claim(
  inputs: Extract<ResumeRolloutInputs, { mode: 'claim' }>,
  jobs: MlJobs,
  deps: ResumeRolloutDeps,
): Promise<void> {
  const me = claimant(deps.run);
  await untilFinal(jobs, inputs.jobName, deps);
  const result = await claimRollout(jobs, inputs.jobName, me, {
    clock: deps.clock,
    handedOver: inputs.handedOver,
  });
  const { job } = result;
  if (!FINAL_STATUSES.has(job.status))
    throw new ActionError(
      `Job ${job.name} is still ${job.status}: its rollout resumes when it ends. Studio: ${job.studioUrl ?? ''}`,
    );
  deps.setOutputs({
    go: String(result.won && job.status === 'Completed'),
    status: job.status,
    'submitted-by': resumeTarget(job)?.submittedRunUrl ?? '',
  });
  if (result.decision === 'free') return;
  if (!result.won) {
    deps.log.info(`Job ${job.name}: its rollout is already taken by ${result.by}; nothing to do here.`);
    return deps.writeSummary(claimSummary(job, 'taken', result.by));
  }
  if (job.status === 'Completed') {
    deps.log.info(`Claimed the rollout of job ${job.name} for this run.`);
    return deps.writeSummary(claimSummary(job, 'go'));
  }
  await deps.writeSummary(claimSummary(job, 'failed'));
  throw new ActionError(`Pipeline job ${job.name} ended ${job.status}: nothing is deployed.`);
}

/**
 * The pipeline's on_finalize step dispatches this run while the pipeline job is still Running (it ends when
 * that step ends), so a job that is not final yet is waited for, briefly (FINALIZE_WAIT_MS).
 */
async function untilFinal(jobs: MlJobs, name: string, deps: ResumeRolloutDeps): Promise<void> {
  const start = deps.clock.now();
  const delay = pollDelay('pipelineJob');
  for (;;) {
    const job = await jobs.get(name);
    const waited = deps.clock.now() - start;
    if (FINAL_STATUSES.has(job.status) || waited >= FINALIZE_WAIT_MS) return;
    deps.log.info(`Job ${name} is ${job.status}: waiting for it to end before claiming its rollout.`);
    await deps.clock.sleep(delay(waited), deps.signal);
  }
}

/** On a schedule: every finished detached job of this repository resumed (or reported) once. */
async function findPending(
  inputs: Extract<ResumeRolloutInputs, { mode: 'find-pending' }>,
  jobs: MlJobs,
  deps: ResumeRolloutDeps,
): Promise<void> {
  const me = claimant(deps.run);
  const plan = planPending(await jobs.listTagged(ROLLOUT_TAGS.state), deps.run.repository);
  const outcomes: PendingOutcome[] = [];
  for (const action of plan) outcomes.push(await settle(action, inputs, jobs, deps, me));
  const count = (result: PendingOutcome['result']) =>
    JSON.stringify(outcomes.filter((o) => o.result === result).map((o) => o.job.name));
  deps.setOutputs({ resumed: count('resumed'), reported: count('reported'), waiting: count('waiting') });
  await deps.writeSummary(findPendingSummary(outcomes));
  const failed = outcomes.filter((o) => o.result === 'failed');
  if (failed.length)
    throw new ActionError(`Could not resume ${failed.map((o) => `${o.job.name} (${o.detail})`).join('; ')}.`);
}

async function settle(
  action: PendingAction,
  inputs: Extract<ResumeRolloutInputs, { mode: 'find-pending' }>,
  jobs: MlJobs,
  deps: ResumeRolloutDeps,
  me: string,
): Promise<PendingOutcome> {
  const { job } = action;
  if (action.kind === 'wait') return { job, result: 'waiting', detail: 'still training' };
  const claimed = await claimRollout(jobs, job.name, me, { clock: deps.clock });
  if (!claimed.won) return { job, result: 'lost', detail: `taken by ${claimed.by}` };
  if (action.kind === 'report')
    return { job, result: 'reported', detail: `training ended ${job.status}; nothing deployed` };
  const { target } = action;
  try {
    const runUrl = await dispatchWorkflow(
      {
        repository: target.repository,
        workflow: target.workflow,
        ref: target.ref,
        inputs: rolloutInputs(job, target, me),
      },
      await deps.github(inputs.githubToken, inputs.apiUrl),
    );
    deps.log.info(
      `Dispatched ${target.workflow} at ${target.ref} for job ${job.name}${runUrl ? `: ${runUrl}` : ''}.`,
    );
    return { job, result: 'resumed', detail: `${target.workflow} dispatched${runUrl ? ` (${runUrl})` : ''}` };
  } catch (error) {
    // Hand the rollout back, so the next tick tries again.
    await jobs.updateTags(job.name, { [ROLLOUT_TAGS.state]: PENDING }).catch(() => undefined);
    return { job, result: 'failed', detail: (error as Error).message };
  }
}

/** Who claims a rollout in the job's tags: this run's address, or its id where the runner gives no address. */
function claimant(run: ResumeRolloutDeps['run']): string {
  return run.runUrl || `run ${run.runId}`;
}
