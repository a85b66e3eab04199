// `npm run bench:faults [runs] [rate] [speed] [kind]`: the whole chain (retrain.yml → next-item.yml against the
// emulator) with every fault kind at once (ARM resets/429/503 and slow answers, Entra, GitHub OIDC, scoring) on
// `rate` of calls, or with one kind of support/fault-kinds.ts only; one emulator per run, seeded with the run's
// number. Prints a table of each run's result, the Azure-state violations (duplicate jobs or model versions, stray
// deployments, traffic not summing to 100 on serving deployments) and the first error line.
// Target (issue 15): at 0.2 with every kind, at least 19 of 20 runs succeed and none leaves a violation.
import { localEmulator } from '../action-test/workflow-runner/local-run.js';
import { runWorkflow } from '../action-test/workflow-runner/runner.js';
import { pushWorld, removeScratch } from '../action-test/support/workflow-world.js';
import { azureStateViolations } from '../action-test/support/chain-invariants.js';
import {
  allFaultsAt,
  FAULT_KINDS,
  faultsOfKind,
  type FaultKind,
} from '../action-test/support/fault-kinds.js';

const runs = Number(process.argv[2] ?? 20);
const rate = Number(process.argv[3] ?? 0.2);
const speed = Number(process.argv[4] ?? 2_000);
const kind = process.argv[5] ?? 'all';
if (kind !== 'all' && !FAULT_KINDS.includes(kind as FaultKind)) {
  console.error(`kind must be all or one of ${FAULT_KINDS.join(', ')}; got ${kind}`);
  process.exit(2);
}
const faults = kind === 'all' ? allFaultsAt(rate) : faultsOfKind(kind as FaultKind, rate);

console.log(`| seed | result | failed jobs | injected faults | violations | first error |`);
console.log(`| --- | --- | --- | --- | --- | --- |`);
let ok = 0;
let violated = 0;
for (let seed = 1; seed <= runs; seed++) {
  // Emulated token lifetimes: the actions renew tokens and logins all along, and meet the Entra and OIDC faults there.
  const running = await localEmulator({
    seed,
    speed,
    operationRetryAfterSeconds: 0,
    accessTokenMinRealMs: 0,
  });
  running.setFaults(faults);
  const run = await runWorkflow(
    pushWorld(running, { runId: String(9100 + seed) }),
    '.github/workflows/retrain.yml',
  );
  const violations = azureStateViolations(running);
  const failed = Object.values(run.jobs)
    .filter((job) => job.result === 'failure')
    .map((job) => job.id);
  const firstError = (run.log.find((line) => line.includes('::error::')) ?? '')
    .replace(/\|/g, '/')
    .slice(0, 600);
  if (run.result === 'success') ok++;
  if (violations.length) violated++;
  console.log(
    `| ${seed} | ${run.result} | ${failed.join(', ') || '-'} | ${running.counters.injectedFaults} | ${violations.join('; ') || '-'} | ${firstError || '-'} |`,
  );
  await running.close();
}
removeScratch();
console.log(
  `\n${ok} of ${runs} runs succeeded at ${rate * 100}% faults of ${kind === 'all' ? 'every kind' : kind} (speed ${speed}x); ${violated} left a violation.`,
);
process.exit(ok >= Math.ceil(runs * 0.95) && violated === 0 ? 0 : 1);
