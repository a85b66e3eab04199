// submit-pipeline's figures (issue #4), run: npx tsx scripts/bench-submit-pipeline.ts
//  1. polling policy over a simulated 6-hour job on a virtual clock: ARM and data-plane calls per hour of
//     waiting (target: ARM <= 120) and the detection lag of the final status (target <= max(2 s, 5% of the
//     elapsed time), never over 30 s);
//  2. the bundled action against the emulator: real detection lag, `az` processes per submission once the
//     ml extension is installed (target <= 3), and the wall time of a rerun with nothing changed (target < 5 s).
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Job, Step } from '../src/azure/ml/jobs.js';
import { followJob } from '../src/actions/submit-pipeline/follow-job.js';
import { memoryLog } from '../src/kit/log.js';
import { DEFAULT_CONFIG } from '../action-test/emulator/config.js';
import { jobState, type JobRecord } from '../action-test/emulator/jobs.js';
import { startEmulator, type EmulatorOptions } from '../action-test/emulator/server.js';
import { runAgainstEmulator } from '../action-test/support/emulator-run.js';
import { VirtualClock } from '../action-test/support/virtual-clock.js';
import { isLauncher, relaunchTrustingLoopback } from './bench-tls.js';

if (isLauncher) await pollingPolicy();
const tls = await relaunchTrustingLoopback();
if (tls) await againstEmulator(tls);

async function pollingPolicy() {
  const clock = new VirtualClock();
  const record: JobRecord = {
    name: 'bench',
    displayName: 'bench',
    experimentName: 'x',
    tags: {},
    properties: {},
    inputs: {},
    outputs: {},
    files: {},
    wrongShapes: false,
    submittedAt: clock.now(),
    steps: Object.entries(DEFAULT_CONFIG.stepDurationsMs).map(([name, durationMs]) => ({
      name,
      childName: name,
      component: '',
      durationMs,
      outputs: [],
    })),
  };
  let armCalls = 0;
  let dataPlaneCalls = 0;
  const iso = (ms?: number) => (ms === undefined ? undefined : new Date(ms).toISOString());
  const jobs = {
    get: async (): Promise<Job> => {
      armCalls++;
      return { name: 'bench', status: jobState(record, clock.now()).status, tags: {}, outputs: {} };
    },
    steps: async (): Promise<Step[]> => {
      dataPlaneCalls++;
      return jobState(record, clock.now()).steps.map((s) => ({
        runId: s.spec.name,
        name: s.spec.name,
        status: s.status,
        startTime: iso(s.startedAt),
        endTime: iso(s.endedAt),
      }));
    },
  };
  const result = await followJob({ jobs, name: 'bench', clock, log: memoryLog(), timeoutMs: 24 * 3_600_000 });
  const end = jobState(record, clock.now()).endedAt!;
  const hours = (clock.now() - record.submittedAt) / 3_600_000;
  const lag = clock.now() - end;
  const allowed = Math.min(30_000, Math.max(2000, 0.05 * (end - record.submittedAt)));
  console.log(`polling a ${hours.toFixed(2)} h job (${result.job.status}) on a virtual clock:`);
  console.log(
    `  ARM calls ${armCalls} (${(armCalls / hours).toFixed(0)}/h, target <= 120), data-plane calls ${dataPlaneCalls} (${(dataPlaneCalls / hours).toFixed(0)}/h)`,
  );
  console.log(`  detection lag ${(lag / 1000).toFixed(1)} s (allowed ${(allowed / 1000).toFixed(1)} s)`);
}

async function againstEmulator(tls: EmulatorOptions['tls']) {
  const emulator = await startEmulator({ tls });
  const home = mkdtempSync(join(tmpdir(), 'bench-home-'));
  const first = await runAgainstEmulator(emulator, {
    action: 'submit-pipeline',
    env: { HOME: home },
    timeoutMs: 120_000,
  });
  const exitedAt = emulator.clock.now();
  const job = emulator.store.jobs.get(first.outputs['job-name']!)!;
  const state = jobState(job, exitedAt);
  const realLag = emulator.clock.toReal(exitedAt - state.endedAt!);
  const realElapsed = emulator.clock.toReal(state.endedAt! - job.submittedAt);
  console.log(
    `bundled action against the emulator (${emulator.config.speed}x): a ${((state.endedAt! - job.submittedAt) / 3_600_000).toFixed(2)} h job ${first.outputs.status}`,
  );
  console.log(
    `  detection lag to exit ${(realLag / 1000).toFixed(2)} s real (allowed max(2 s, 5% of ${(realElapsed / 1000).toFixed(1)} s) = ${Math.max(2, (0.05 * realElapsed) / 1000).toFixed(2)} s)`,
  );
  const before = emulator.az.invocations.length;
  const forced = await runAgainstEmulator(emulator, {
    action: 'submit-pipeline',
    inputs: { force: 'true', wait: 'false' },
    env: { HOME: home },
  });
  const processes = emulator.az.invocations.slice(before);
  console.log(
    `  az processes for a submission with the ml extension installed: ${processes.length} (${processes.map((args) => args.slice(0, 3).join(' ')).join('; ')}) (target <= 3), exit ${forced.exitCode}`,
  );
  const started = performance.now();
  const rerun = await runAgainstEmulator(emulator, { action: 'submit-pipeline', env: { HOME: home } });
  console.log(
    `  rerun with nothing changed: reused=${rerun.outputs.reused}, same job ${rerun.outputs['job-name'] === first.outputs['job-name']}, ${((performance.now() - started) / 1000).toFixed(2)} s wall time (target < 5 s)`,
  );
  await emulator.close();
}
