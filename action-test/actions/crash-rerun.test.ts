import { describe, expect, it } from '@jest/globals';
import { emulator } from '../support/emulator-harness.js';
import { runAgainstEmulator } from '../support/emulator-run.js';
import { CRASH_ACTIONS, crashTrial } from '../support/crash-trials.js';

// One seeded kill-and-rerun trial per action and mode (the soak, `npm run bench:crashes`, runs ten or more
// each). A failure names its seed: `npm run bench:crashes -- 1 <action> <seed>` replays it.
const SEED = Number(process.env.NEXT_ITEM_CRASH_SEED ?? 1);

describe('kill-and-rerun: SIGKILL at a random exchange, then the same step again', () => {
  it.each(CRASH_ACTIONS)(
    '%s: the rerun finishes, nothing duplicated, no stray deployment',
    async (action) => {
      const trial = await crashTrial(action, SEED, { start: emulator, runAction: runAgainstEmulator });
      if (trial.violations.length) console.log(trial);
      expect(trial.violations).toEqual([]);
    },
  );
});
