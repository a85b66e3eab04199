// register-model and build-triton figures (issue #5), run: npx tsx scripts/bench-register-build.ts
// The repository check of the three-model Merlin export (target <= 1 s), register-model's whole run against
// the emulator, and the wall time of a build-triton run that skips an unchanged context (target <= 3 s).
import { checkTritonRepository } from '../src/triton/repository-check.js';
import { merlinRepository } from '../action-test/emulator/model-repository.js';
import { startEmulator } from '../action-test/emulator/server.js';
import { finishedJob } from '../action-test/support/emulator-harness.js';
import { runAgainstEmulator } from '../action-test/support/emulator-run.js';
import { isLauncher, relaunchTrustingLoopback } from './bench-tls.js';

if (isLauncher) {
  const files = new Map(
    Object.entries(merlinRepository()).map(([path, text]) => [
      path,
      path.endsWith('config.pbtxt') ? text : null,
    ]),
  );
  const runs = 1000;
  const started = performance.now();
  for (let i = 0; i < runs; i++) checkTritonRepository(files);
  console.log(
    `repository check of the three-model Merlin export: ${(((performance.now() - started) / runs) * 1000).toFixed(1)} µs per check (target <= 1 s)`,
  );
}
const tls = await relaunchTrustingLoopback();
if (tls) {
  const emulator = await startEmulator({
    config: { speed: 1 },
    tls,
  });
  const job = await finishedJob(emulator);
  let started = performance.now();
  const registered = await runAgainstEmulator(emulator, {
    action: 'register-model',
    inputs: { 'job-name': job },
  });
  console.log(
    `register-model (download, check, register) against the emulator: ${((performance.now() - started) / 1000).toFixed(2)} s, exit ${registered.exitCode}`,
  );
  await runAgainstEmulator(emulator, { action: 'build-triton' });
  const times = [];
  for (let i = 0; i < 5; i++) {
    started = performance.now();
    const skipped = await runAgainstEmulator(emulator, { action: 'build-triton' });
    if (skipped.outputs.built !== 'false') throw new Error('build-triton rebuilt an unchanged context');
    times.push(performance.now() - started);
  }
  console.log(
    `build-triton run that skips an unchanged context: median ${(times.sort((a, b) => a - b)[2]! / 1000).toFixed(2)} s over 5 (target <= 3 s)`,
  );
  await emulator.close();
}
