// Part of `npm run bench:workflow`: runner minutes per retrain, attached and detached, for a six-hour training
// job, and the delay from the Azure job's end to the rollout's start for each resume path.
// Billing: GitHub bills each job that runs, rounded up to the whole minute. A job's runner time here is its own
// work (real wall time minus the time emulated Azure was busy) plus the time it waited on Azure, on the
// emulator's clock (what that wait lasts on real Azure). GitHub's queueing and schedule lateness are not modelled.
import { detachedWorld, KEY_VAULT } from '../action-test/support/detached-world.js';
import { jobState } from '../action-test/emulator/jobs.js';
import type { RunningEmulator } from '../action-test/emulator/server.js';
import { localEmulator } from '../action-test/workflow-runner/local-run.js';
import { runWorkflow, type WorkflowRun } from '../action-test/workflow-runner/runner.js';
import { pushWorld } from '../action-test/support/workflow-world.js';

const SIX_HOURS = 6 * 3_600_000;
const SCHEDULE_MINUTES = 15;

async function sixHourEmulator(): Promise<{
  running: RunningEmulator;
  anchor: { realMs: number; emulatedMs: number };
}> {
  const running = await localEmulator({
    stepDurationsMs: {
      data_gen: 20 * 60_000,
      data_prep: 30 * 60_000,
      train: SIX_HOURS,
      resume_rollout: 30_000,
    },
  });
  return { running, anchor: { realMs: Date.now(), emulatedMs: running.clock.now() } };
}

/**
 * Billed minutes of a run: every job that ran, its time rounded up to the minute. A job's time is its own work
 * (real) plus what it waited on Azure at Azure's pace: the emulated length of each Azure span (pipeline job, ACR
 * build, long-running operation) that ended while the job ran, i.e. that the job waited for. A span that goes on
 * after the job (a detached submission) or ended before it is not the job's wait.
 */
function billedMinutes(
  run: WorkflowRun,
  running: RunningEmulator,
  anchor: { realMs: number; emulatedMs: number },
) {
  return Object.values(billedByJob(run, running, anchor)).reduce((sum, each) => sum + each, 0);
}

/** Billed minutes of each job of a run that ran (see billedMinutes). */
function billedByJob(
  run: WorkflowRun,
  running: RunningEmulator,
  anchor: { realMs: number; emulatedMs: number },
): Record<string, number> {
  const speed = running.clock.speed;
  const real = (emulated: number) => anchor.realMs + (emulated - anchor.emulatedMs) / speed;
  const spans = running.store.busySpans().map((span) => ({ start: real(span.start), end: real(span.end) }));
  const byJob: Record<string, number> = {};
  for (const [id, job] of Object.entries(run.jobs)) {
    if (job.result === 'skipped') continue;
    let waitedReal = 0;
    let reach = job.startedAt;
    for (const span of spans
      .filter((span) => span.end > job.startedAt && span.end <= job.endedAt)
      .sort((a, b) => a.start - b.start)) {
      const start = Math.max(span.start, job.startedAt, reach);
      if (span.end > start) waitedReal += span.end - start;
      reach = Math.max(reach, span.end);
    }
    const wall = job.endedAt - job.startedAt;
    byJob[id] = Math.max(1, Math.ceil((wall - waitedReal + waitedReal * speed) / 60_000));
  }
  return byJob;
}

function mustSucceed(run: WorkflowRun, what: string): WorkflowRun {
  if (run.result !== 'success') throw new Error(`${what} failed:\n${run.log.join('\n')}`);
  return run;
}

/** Emulated time at which a step of the newest job ended. */
function stepEnd(running: RunningEmulator, step: string): number | undefined {
  const record = [...running.store.jobs.values()].at(-1)!;
  return jobState(record, running.clock.now()).steps.find((each) => each.spec.name === step)?.endedAt;
}
const trainingEnd = (running: RunningEmulator) => stepEnd(running, 'train');
/** Emulated time at which the newest job ended (Completed, Failed or Canceled). */
function jobEnd(running: RunningEmulator): number | undefined {
  const record = [...running.store.jobs.values()].at(-1)!;
  return jobState(record, running.clock.now()).endedAt;
}

async function until<T>(probe: () => T | undefined): Promise<T> {
  for (;;) {
    const value = probe();
    if (value !== undefined) return value;
    await new Promise((done) => setTimeout(done, 20));
  }
}

type Anchored = Awaited<ReturnType<typeof sixHourEmulator>>;

/** Runner minutes of the attached retrain: all of it, and the train job that waits on Azure. */
async function attachedRetrain(): Promise<{ total: number; train: number }> {
  const attached = await sixHourEmulator();
  const run = mustSucceed(
    await runWorkflow(pushWorld(attached.running), '.github/workflows/retrain.yml'),
    'the attached retrain',
  );
  const total = billedMinutes(run, attached.running, attached.anchor);
  const train = billedMinutes(
    { ...run, jobs: { train: run.jobs.train! } },
    attached.running,
    attached.anchor,
  );
  await attached.running.close();
  return { total, train };
}

interface DispatchFigures {
  /** Emulated ms from the end of training to the dispatch that starts the rollout. */
  delayMs: number;
  submitMinutes: number;
  rolloutMinutes: number;
  submitByJob: Record<string, number>;
  rolloutByJob: Record<string, number>;
}

/** Detached, resumed by the pipeline's own dispatch. */
async function detachedViaDispatch(): Promise<DispatchFigures> {
  const viaDispatch = await sixHourEmulator();
  const github = await detachedWorld(viaDispatch.running);
  github.storeDispatchToken();
  const submit = mustSucceed(
    await runWorkflow(
      github.world({ vars: { NEXT_ITEM_KEY_VAULT: KEY_VAULT } }),
      '.github/workflows/retrain.yml',
    ),
    'the detached retrain',
  );
  // The resume step dispatches as it ends: on the emulator's timing model (queue, prepare, run), not the moment the
  // emulator's poll noticed it, which at 3600x adds event-loop lag of minutes.
  await until(() => (github.routes.dispatched.length ? true : undefined));
  const dispatchedAt = stepEnd(viaDispatch.running, 'resume_rollout')!;
  const rollout = mustSucceed(await github.rollouts[0]!, 'the resumed rollout (dispatch)');
  const figures = dispatchFigures(viaDispatch, submit, rollout, dispatchedAt);
  await github.close();
  await viaDispatch.running.close();
  return figures;
}

function dispatchFigures(
  { running, anchor }: Anchored,
  submit: WorkflowRun,
  rollout: WorkflowRun,
  dispatchedAt: number,
): DispatchFigures {
  return {
    delayMs: dispatchedAt - trainingEnd(running)!,
    submitMinutes: billedMinutes(submit, running, anchor),
    rolloutMinutes: billedMinutes(rollout, running, anchor),
    submitByJob: billedByJob(submit, running, anchor),
    rolloutByJob: billedByJob(rollout, running, anchor),
  };
}

/** Detached, resumed by resume.yml: the tick right after the job ends; a real tick comes up to one interval later. */
async function detachedViaSchedule(): Promise<{ tickMs: number; tickMinutes: number }> {
  const viaSchedule = await sixHourEmulator();
  const scheduled = await detachedWorld(viaSchedule.running);
  mustSucceed(await runWorkflow(scheduled.world(), '.github/workflows/retrain.yml'), 'the detached retrain');
  await until(() => {
    const ended = jobEnd(viaSchedule.running);
    return ended !== undefined && viaSchedule.running.clock.now() > ended ? ended : undefined;
  });
  const tickStart = Date.now();
  const tick = mustSucceed(
    await runWorkflow(
      scheduled.world({ runId: '9200', event: { name: 'schedule' } }),
      '.github/workflows/resume.yml',
    ),
    'the resume.yml tick',
  );
  const tickMs = Date.now() - tickStart;
  mustSucceed(await scheduled.rollouts[0]!, 'the resumed rollout (schedule)');
  const tickMinutes = billedMinutes(tick, viaSchedule.running, viaSchedule.anchor);
  await scheduled.close();
  await viaSchedule.running.close();
  return { tickMs, tickMinutes };
}

function reportMinutes(
  attached: { total: number; train: number },
  dispatch: DispatchFigures,
  schedule: { tickMinutes: number },
): void {
  const { submitMinutes, rolloutMinutes } = dispatch;
  const { tickMinutes } = schedule;
  console.log(
    'Runner minutes per retrain, six-hour training job (each job billed rounded up to the minute):',
  );
  console.log(
    '| mode | training (submit or wait) | rollout (register, image, deploy, smoke, promote, report) | total |',
  );
  console.log('| --- | --- | --- | --- |');
  console.log(
    `| attached | ${attached.train} (the train job waits) | ${attached.total - attached.train} | ${attached.total} |`,
  );
  console.log(
    `| detached, dispatch from Azure | ${submitMinutes} (submit run; target ≤ 15) | ${rolloutMinutes} | ${submitMinutes + rolloutMinutes} |`,
  );
  console.log(
    `| detached, resume.yml | ${submitMinutes} + ${tickMinutes} (the tick that resumes it) | ${rolloutMinutes} | ${submitMinutes + tickMinutes + rolloutMinutes} |`,
  );
  const list = (byJob: Record<string, number>) =>
    Object.entries(byJob)
      .map(([id, each]) => `${id} ${each}`)
      .join(', ');
  console.log(
    `Where the detached minutes go: submit run (${list(dispatch.submitByJob)}); rollout (${list(dispatch.rolloutByJob)}).`,
  );
  const ticksDuringTraining = Math.ceil(SIX_HOURS / (SCHEDULE_MINUTES * 60_000));
  console.log(
    `resume.yml bills at least 1 minute per tick whatever it finds: ${ticksDuringTraining} ticks over six hours at */${SCHEDULE_MINUTES}, ${(24 * 60) / SCHEDULE_MINUTES} a day.`,
  );
}

function reportDelays(dispatch: DispatchFigures, schedule: { tickMs: number }): void {
  const minutes = (ms: number) => (ms / 60_000).toFixed(1);
  console.log('\nDelay from the end of training to the start of the rollout (GitHub queueing not modelled):');
  console.log(
    `  dispatch path: ${minutes(dispatch.delayMs)} min (the resume step queues, prepares and runs on the cluster after training: the emulator's model)`,
  );
  console.log(
    `  schedule path: up to ${SCHEDULE_MINUTES} min to the next tick (target: within one interval) + ${(schedule.tickMs / 1000).toFixed(1)} s for the tick to claim (5 s settle) and dispatch`,
  );
}

/** Prints the figures; true when the detached submit and tick stay within 15 minutes and the dispatch within one tick. */
export async function benchDetached(): Promise<boolean> {
  const attached = await attachedRetrain();
  const dispatch = await detachedViaDispatch();
  const schedule = await detachedViaSchedule();
  reportMinutes(attached, dispatch, schedule);
  reportDelays(dispatch, schedule);
  return dispatch.submitMinutes + schedule.tickMinutes <= 15 && dispatch.delayMs <= SCHEDULE_MINUTES * 60_000;
}
