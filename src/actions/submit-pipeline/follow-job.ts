import { FINAL_STATUSES, type Job, type MlJobs, type Step } from '../../azure/ml/jobs.js';
import type { Clock } from '../../kit/clock.js';
import { formatDuration } from '../../kit/duration.js';
import type { Log } from '../../kit/log.js';
import { waitFor } from '../../kit/waiter.js';
import { PIPELINE_JOB_READ_MS, pollDelay, POLLING } from '../../azure/polling-policy.js';

export interface FollowOptions {
  jobs: Pick<MlJobs, 'get' | 'steps'>;
  name: string;
  clock: Clock;
  log: Log;
  timeoutMs: number;
  signal?: AbortSignal;
  delay?: (elapsedMs: number) => number;
}

export interface FollowResult {
  job: Job;
  steps: Step[];
}

/**
 * Follows a pipeline job to a final status: one line for each change of the job's or a step's status,
 * a log group for each step that ends, a heartbeat through long quiet phases.
 *
 * Each poll reads the steps from run history (the data plane). The job itself, from ARM, is read while no
 * step has started, whenever the steps look finished or failed, and at least every two minutes otherwise:
 * a job-level change such as a cancellation from Studio is still seen, with a fraction of the ARM calls.
 */
export async function followJob(options: FollowOptions): Promise<FollowResult> {
  const { jobs, name, clock, log } = options;
  const start = clock.now();
  const stamp = () => `[${formatDuration(clock.now() - start).padStart(7)}]`;
  let lastStatus = '';
  let lastLine = start;
  let lastJobAt = -Infinity;
  let job: Job | undefined;
  let steps: Step[] = [];
  const warned = new Set<string>();

  const say = (line: string) => {
    log.info(`${stamp()} ${line}`);
    lastLine = clock.now();
  };

  const refreshSteps = async () => {
    const fresh = await jobs.steps(name, options.signal);
    for (const step of fresh) {
      const before = steps.find((old) => old.runId === step.runId)?.status ?? 'NotStarted';
      if (before === step.status) continue;
      say(`${step.name}: ${before} → ${step.status}`);
      if (FINAL_STATUSES.has(step.status))
        await log.group(`${step.name}: ${step.status}`, async () => describeStep(step, log));
    }
    steps = fresh;
  };

  const refreshJob = async () => {
    job = await jobs.get(name, options.signal);
    lastJobAt = clock.now();
    if (job.status !== lastStatus) say(`job ${name}: ${lastStatus || 'submitted'} → ${job.status}`);
    lastStatus = job.status;
    if ((job.status === 'NotResponding' || job.status === 'Paused') && !warned.has(job.status)) {
      warned.add(job.status);
      log.warning(
        `Job ${name} is ${job.status}; still waiting within the timeout. Studio: ${job.studioUrl ?? ''}`,
      );
    }
  };

  const final = await waitFor({
    clock,
    what: `pipeline job ${name}`,
    timeoutMs: options.timeoutMs,
    signal: options.signal,
    delay: options.delay ?? pollDelay('pipelineJob'),
    poll: async () => {
      await refreshSteps();
      if (!job || jobNeedsReading(steps, clock.now() - lastJobAt)) await refreshJob();
      if (FINAL_STATUSES.has(job!.status)) return job;
      if (clock.now() - lastLine >= POLLING.pipelineJob.heartbeatMs) say(heartbeat(job!, steps, clock));
      return undefined;
    },
  });
  return { job: final, steps };
}

/**
 * Whether the job itself (an ARM call) is worth reading now: before any step has started, when the steps look
 * finished or failing, and at least every two minutes otherwise.
 */
export function jobNeedsReading(steps: Step[], sinceLastReadMs: number): boolean {
  const started = steps.some((step) => step.status !== 'NotStarted');
  const settled =
    started && steps.every((step) => FINAL_STATUSES.has(step.status) || step.status === 'NotStarted');
  const failing = steps.some(
    (step) => step.status === 'Failed' || step.status === 'Canceled' || step.status === 'CancelRequested',
  );
  return !started || settled || failing || sinceLastReadMs >= PIPELINE_JOB_READ_MS;
}

function heartbeat(job: Job, steps: Step[], clock: Clock): string {
  const active = steps.filter((step) => !FINAL_STATUSES.has(step.status) && step.status !== 'NotStarted');
  const detail = active
    .map((step) => `${step.name} ${step.status}${since(step.startTime, clock)}`)
    .join(', ');
  return `still ${job.status}${detail ? `: ${detail}` : ''}`;
}

function since(iso: string | undefined, clock: Clock): string {
  const ms = iso ? clock.now() - Date.parse(iso) : -1;
  return ms >= 0 ? ` for ${formatDuration(ms)}` : '';
}

function describeStep(step: Step, log: Log): void {
  log.info(`status:   ${step.status}`);
  if (step.startTime) log.info(`started:  ${step.startTime}`);
  if (step.endTime) log.info(`ended:    ${step.endTime}`);
  if (step.startTime && step.endTime)
    log.info(`duration: ${formatDuration(Date.parse(step.endTime) - Date.parse(step.startTime))}`);
  if (step.error) log.info(`error:    ${step.error}`);
  log.info(`run id:   ${step.runId}`);
}
