import { afterAll, afterEach } from '@jest/globals';
import { existsSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { armContracts, formatViolations } from './recorder.js';

/**
 * Fails each test whose emulator saw an ARM request or answer outside the vendored contracts, and hands the
 * file's tally to coverage-reporter.mjs, which prints the run's total.
 */
export function checkArmContracts(title: string): void {
  afterEach(() => {
    const violations = armContracts.check();
    if (violations.length)
      throw new Error(
        `ARM traffic outside Microsoft's contracts (action-test/contracts/):\n${formatViolations(violations)}`,
      );
  });
  afterAll(() => {
    const late = armContracts.check();
    if (late.length)
      throw new Error(
        `ARM traffic outside the contracts after the last test (${title}):\n${formatViolations(late)}`,
      );
    // For the run's total (coverage-reporter.mjs), when that reporter runs.
    const dir = process.env.NEXT_ITEM_ARM_CONTRACT_TALLIES;
    if (dir && existsSync(dir))
      writeFileSync(join(dir, `${process.pid}-${Date.now()}.json`), JSON.stringify(armContracts.snapshot()));
  });
}
