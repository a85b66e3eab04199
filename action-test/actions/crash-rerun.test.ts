import { describe, expect, it } from '@jest/globals';
import { emulator } from '../support/emulator-harness.js';
import { runAgainstEmulator } from '../support/emulator-run.js';
import { crashTrial, type CrashAction } from '../support/crash-trials.js';

// The suite's small seeded version of the kill-and-rerun soak (`npm run bench:crashes`, ten or more trials of
// every action): one trial each of build-triton and the three deploy-endpoint modes, whose crash behaviour
// lives in this repository's code (following a deployment being provisioned, finishing a promote or a
// rollback). submit-pipeline's rerun after a kill has its own test (submit-pipeline.test.ts); register-model
// and smoke-score, whose reruns only read or reuse, run in the soak. A failure names its seed; replay it
// with `npm run bench:crashes -- 1 <action> <seed>`, or here with NEXT_ITEM_CRASH_SEED.
const SEED = Number(process.env.NEXT_ITEM_CRASH_SEED ?? 1);
const SUITE: CrashAction[] = ['build-triton', 'deploy', 'promote', 'rollback'];

describe('kill-and-rerun: SIGKILL at a random exchange, then the same step again', () => {
  it.each(SUITE)('%s: the rerun finishes, nothing duplicated, no stray deployment', async (action) => {
    const trial = await crashTrial(action, SEED, { start: emulator, runAction: runAgainstEmulator });
    if (trial.violations.length) console.log(trial);
    expect(trial.killed).toBe(true);
    expect(trial.violations).toEqual([]);
  });
});
