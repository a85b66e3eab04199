// `npm run bench:workflow`: what the actions and the runner add on top of Azure's own time for the whole chain
// (retrain.yml → next-item.yml against the emulator), and how long a rerun with nothing changed takes.
// Overhead = wall time minus the time emulated Azure was busy (jobs, builds, long-running operations, converted
// from the emulator's clock to real time). Targets: whole chain ≤ 10 s of overhead; unchanged rerun ≤ 60 s.
// Then runner minutes per retrain attached and detached, and the resume delays (bench-detached.ts).
import { localEmulator, busyMs } from '../action-test/workflow-runner/local-run.js';
import { runWorkflow, type WorkflowRun } from '../action-test/workflow-runner/runner.js';
import { pushWorld } from '../action-test/support/workflow-world.js';
import { benchDetached } from './bench-detached.js';

const running = await localEmulator();
const anchor = { realMs: Date.now(), emulatedMs: running.clock.now() };
const first = await runWorkflow(pushWorld(running), '.github/workflows/retrain.yml');
if (first.result !== 'success') throw new Error(`the run failed:\n${first.log.join('\n')}`);

const seconds = (ms: number) => (ms / 1000).toFixed(2);
const wall = first.endedAt - first.startedAt;
const azure = busyMs(running, anchor, first.startedAt, first.endedAt);
console.log(
  `Whole chain at ${running.config.speed}x: wall ${seconds(wall)} s, emulated Azure busy ${seconds(azure)} s`,
);
console.log(`  overhead ${seconds(wall - azure)} s (target ≤ 10 s)\n`);

const shares = new Map<string, { wall: number; azure: number; steps: number }>();
for (const job of Object.values(first.jobs)) {
  for (const step of job.steps) {
    // This repository's actions, by path (`./actions/x` in a checkout, `$/actions/x` from the workflow's own repository).
    const action = /^[.$]\//.test(step.uses ?? '')
      ? step.uses!.split('/').pop()!
      : 'runner (checkout, login)';
    if (step.result === 'skipped') continue;
    const share = shares.get(action) ?? { wall: 0, azure: 0, steps: 0 };
    share.wall += step.endedAt - step.startedAt;
    share.azure += busyMs(running, anchor, step.startedAt, step.endedAt, true);
    share.steps++;
    shares.set(action, share);
  }
}
console.log('| action | steps | wall s | Azure busy s | overhead s |');
console.log('| --- | --- | --- | --- | --- |');
for (const [action, share] of shares)
  console.log(
    `| ${action} | ${share.steps} | ${seconds(share.wall)} | ${seconds(share.azure)} | ${seconds(share.wall - share.azure)} |`,
  );
console.log('(Step times add up to more than the chain: train and image run side by side.)\n');

const rerun: WorkflowRun = await runWorkflow(
  pushWorld(running, { runId: '9002' }),
  '.github/workflows/retrain.yml',
);
const reused =
  rerun.jobs.deploy?.outputs.reused === 'true' &&
  rerun.jobs.image?.outputs.built === 'false' &&
  running.store.jobs.size === 1;
console.log(
  `Rerun with nothing changed: ${rerun.result}, wall ${seconds(rerun.endedAt - rerun.startedAt)} s (target ≤ 60 s); ` +
    `job, image and deployment reused: ${reused}`,
);
await running.close();
console.log('');
const detachedOk = await benchDetached();
process.exit(rerun.result === 'success' && reused && detachedOk ? 0 : 1);
