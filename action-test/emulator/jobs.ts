import { createHash } from 'node:crypto';

/** Pipeline jobs whose steps move through Azure ML's statuses on the emulator's clock. */
export interface StepSpec {
  /** The step's key in the pipeline YAML (data_gen, data_prep, train). */
  name: string;
  /** The child job's own name, as Azure ML names child runs. */
  childName: string;
  component: string;
  durationMs: number;
  outputs: string[];
  /** The step's inputs as submitted (what its command line gets). */
  inputs?: Record<string, string>;
  /** The pipeline's `settings.on_finalize` step: it runs once the others have ended, Completed or Failed. */
  finalize?: boolean;
}

/**
 * The step's `azureml.nodeid`: in run history this is the pipeline graph's node id, 8 hex digits such as
 * e92ca11c (recorded service answers), never the step's YAML key.
 */
export function nodeId(step: Pick<StepSpec, 'childName'>): string {
  return createHash('sha256').update(step.childName).digest('hex').slice(0, 8);
}

export interface JobOutput {
  jobOutputType: string;
  mode: string;
  uri: string;
}

export interface JobRecord {
  name: string;
  displayName: string;
  experimentName: string;
  description?: string;
  computeId?: string;
  tags: Record<string, string>;
  properties: Record<string, string>;
  inputs: Record<string, unknown>;
  outputs: Record<string, JobOutput>;
  submittedAt: number;
  steps: StepSpec[];
  failStep?: { step: string; message: string };
  cancelRequestedAt?: number;
  /** Files of each output folder (path -> content): what a download of the output gets. */
  files: Record<string, Record<string, string>>;
  wrongShapes: boolean;
  /** When the resume step's dispatch to GitHub was made (emulated ms), once. */
  resumeDispatchedAt?: number;
}

export type JobStatus =
  | 'NotStarted'
  | 'Queued'
  | 'Preparing'
  | 'Running'
  | 'Finalizing'
  | 'CancelRequested'
  | 'Completed'
  | 'Failed'
  | 'Canceled';

export interface StepState {
  spec: StepSpec;
  status: JobStatus;
  startedAt?: number;
  endedAt?: number;
  error?: string;
}

export interface JobState {
  status: JobStatus;
  startedAt?: number;
  endedAt?: number;
  error?: { step: string; message: string };
  steps: StepState[];
}

export const PHASES_MS = {
  start: 30_000,
  queued: 2 * 60_000,
  preparing: 5 * 60_000,
  finalizing: 60_000,
  cancelling: 30_000,
};
const TERMINAL = new Set<JobStatus>(['Completed', 'Failed', 'Canceled']);

export function isTerminal(status: JobStatus): boolean {
  return TERMINAL.has(status);
}

/** One step that starts at `start`, seen at `seen`: its state, and when it ends (or would end). */
function stepAt(
  spec: StepSpec,
  start: number,
  seen: number,
  failStep: JobRecord['failStep'],
): { state: StepState; end: number } {
  const running = start + PHASES_MS.queued + PHASES_MS.preparing;
  const fails = failStep?.step === spec.name;
  const end = fails ? running + spec.durationMs / 2 : running + spec.durationMs + PHASES_MS.finalizing;
  let status: JobStatus;
  if (seen < start) status = 'NotStarted';
  else if (seen < start + PHASES_MS.queued) status = 'Queued';
  else if (seen < running) status = 'Preparing';
  else if (seen < end - (fails ? 0 : PHASES_MS.finalizing)) status = 'Running';
  else if (seen < end) status = 'Finalizing';
  else status = fails ? 'Failed' : 'Completed';
  const state: StepState = { spec, status };
  if (status !== 'NotStarted') state.startedAt = start;
  if (status === 'Completed' || status === 'Failed') state.endedAt = end;
  if (status === 'Failed') state.error = failStep!.message;
  return { state, end };
}

/**
 * Where the job is at `now`: computed from when it was submitted, so no timer ever runs. The steps run one
 * after another; after a failed one the rest never start. The on_finalize step starts when the others have
 * ended, Completed or Failed, and the job keeps running until it ends. A job cancelled before then never runs
 * it (whether the service runs on_finalize on cancel is unverified: U56).
 */
export function jobState(job: JobRecord, now: number): JobState {
  const cancelAt = job.cancelRequestedAt;
  const seen = cancelAt !== undefined ? Math.min(now, cancelAt) : now;
  const steps: StepState[] = [];
  let t = job.submittedAt + PHASES_MS.start;
  let failure: JobState['error'];
  for (const spec of job.steps.filter((each) => !each.finalize)) {
    if (failure) {
      steps.push({ spec, status: 'NotStarted' });
      continue;
    }
    const { state, end } = stepAt(spec, t, seen, job.failStep);
    if (state.status === 'Failed') failure = { step: spec.name, message: state.error! };
    steps.push(state);
    t = end;
  }
  const mainEnded = failure !== undefined || steps.every((step) => step.status === 'Completed');
  const finalizeSpec = job.steps.find((each) => each.finalize);
  let finalizing = false;
  if (finalizeSpec) {
    const { state } = mainEnded
      ? stepAt(finalizeSpec, t, seen, undefined)
      : { state: { spec: finalizeSpec, status: 'NotStarted' as JobStatus } };
    finalizing = mainEnded && !isTerminal(state.status);
    steps.push(state);
  }

  let status: JobStatus;
  if (finalizing) status = 'Running';
  else if (failure) status = 'Failed';
  else if (steps.every((step) => step.status === 'Completed')) status = 'Completed';
  else if (steps.every((step) => step.status === 'NotStarted')) status = 'NotStarted';
  else status = 'Running';

  if (cancelAt !== undefined && !isTerminal(status)) {
    const cancelled = now >= cancelAt + PHASES_MS.cancelling;
    status = cancelled ? 'Canceled' : 'CancelRequested';
    for (const step of steps) {
      if (!isTerminal(step.status) && step.status !== 'NotStarted') {
        step.status = status;
        if (cancelled) step.endedAt = cancelAt + PHASES_MS.cancelling;
      }
    }
  }
  const startedAt = steps.find((step) => step.startedAt !== undefined)?.startedAt;
  const last = [...steps].reverse().find((step) => step.endedAt !== undefined);
  return {
    status,
    startedAt,
    endedAt: isTerminal(status)
      ? status === 'Canceled'
        ? cancelAt! + PHASES_MS.cancelling
        : last?.endedAt
      : undefined,
    error: failure,
    steps,
  };
}
