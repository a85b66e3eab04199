// `npm run bench:crashes [trials] [action|all] [first-seed]`: kill-and-rerun trials (issue 15). For each action
// and deploy-endpoint mode, `trials` seeded runs SIGKILLed at a random exchange with the emulator, then rerun as
// attempt 2; prints one row per trial and a table per action: reruns that finished, trials where the kill landed
// before the action ended, and Azure-state violations (duplicate jobs or model versions, stray deployments,
// traffic not summing to 100, more than one ACR run per tag, the mode's end state).
// Target: 0 violations over at least 10 trials per action. Replay one trial: `-- 1 deploy 7`.
import { spawnSync } from 'node:child_process';
import type { EmulatorConfig } from '../action-test/emulator/config.js';
import { emulator } from '../action-test/support/emulator-harness.js';
import { bundleAgainstEmulator } from '../action-test/support/emulator-env.js';
import {
  CRASH_ACTIONS,
  crashTrial,
  type CrashAction,
  type CrashTrial,
} from '../action-test/support/crash-trials.js';
import { removeScratch, scratchDir } from '../action-test/support/workflow-world.js';
import { writeLoopbackCertificate } from '../action-test/support/loopback-certificate.mjs';

const trials = Number(process.argv[2] ?? 10);
const only =
  process.argv[3] && process.argv[3] !== 'all' ? [process.argv[3] as CrashAction] : [...CRASH_ACTIONS];
const firstSeed = Number(process.argv[4] ?? 1);
for (const action of only)
  if (!CRASH_ACTIONS.includes(action))
    throw new Error(`unknown action ${action}: one of ${CRASH_ACTIONS.join(', ')}`);

// Node reads NODE_EXTRA_CA_CERTS only at start-up, and the set-up talks to the emulator from this process:
// make the loopback certificate, then run again trusting it. Temporary folders go under one scratch folder.
if (!process.env.NEXT_ITEM_TLS_DIR) {
  const dir = scratchDir('next-item-crash-bench-');
  const { certFile } = await writeLoopbackCertificate(dir);
  const env = { ...process.env, NEXT_ITEM_TLS_DIR: dir, NODE_EXTRA_CA_CERTS: certFile, TMPDIR: dir };
  const child = spawnSync(process.execPath, [...process.execArgv, ...process.argv.slice(1)], {
    env,
    stdio: 'inherit',
  });
  removeScratch();
  process.exit(child.status ?? 1);
}
// The tests' emulator: its single identity trusts any subject of the repository and holds every role.
const deps = {
  start: (config: Partial<EmulatorConfig>) => emulator(config),
  runAction: bundleAgainstEmulator,
};

const results: CrashTrial[] = [];
console.log(
  '| action | seed | kill after | killed | rerun | exchanges killed run / rerun | seconds | violations / rerun error |',
);
console.log('| --- | --- | --- | --- | --- | --- | --- | --- |');
for (const action of only) {
  for (let seed = firstSeed; seed < firstSeed + trials; seed++) {
    const trial = await crashTrial(action, seed, deps);
    results.push(trial);
    const detail = [...trial.violations, trial.firstError].filter(Boolean).join('; ').replace(/\|/g, '/');
    console.log(
      `| ${action} | ${seed} | ${trial.killAfter} | ${trial.killed ? 'yes' : 'no'} | ${trial.rerunExitCode ? 'failed' : 'ok'} | ${trial.firstExchanges} / ${trial.rerunExchanges} | ${(trial.ms / 1000).toFixed(1)} | ${detail.slice(0, 300) || '-'} |`,
    );
  }
}
console.log(
  '\n| action | trials | killed mid-run | reruns ok | trials with violations | duplicate ACR builds |',
);
console.log('| --- | --- | --- | --- | --- | --- |');
let bad = 0;
for (const action of only) {
  const mine = results.filter((trial) => trial.action === action);
  const violated = mine.filter((trial) => trial.violations.length).length;
  bad += violated;
  console.log(
    `| ${action} | ${mine.length} | ${mine.filter((t) => t.killed).length} | ${mine.filter((t) => !t.rerunExitCode).length} | ${violated} | ${mine.reduce((sum, t) => sum + t.duplicateBuilds, 0)} |`,
  );
}
process.exit(bad === 0 ? 0 : 1);
