import { afterAll, afterEach } from '@jest/globals';
import { armContracts, formatViolations } from './recorder.js';

/**
 * Fails each test whose emulator saw an ARM request or answer outside the vendored contracts, and prints the
 * file's coverage at the end: the operations used, how many of their exchanges validated, those not exercised.
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
    armContracts.check();
    console.log(armContracts.coverage(title));
  });
}
