// A Jest reporter that adds up the ARM contract check of every test file in the run (each writes its tally
// through jest-hooks.ts) and prints one table at the end: the operations exercised, how many of their exchanges
// validated, the deviations allowed, and the vendored operations no test exercised.
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export const TALLY_DIR_VARIABLE = 'NEXT_ITEM_ARM_CONTRACT_TALLIES';

export default class ArmContractCoverageReporter {
  constructor() {
    // Set before Jest starts its workers, so they inherit it.
    this.dir = mkdtempSync(join(tmpdir(), 'arm-contracts-'));
    process.env[TALLY_DIR_VARIABLE] = this.dir;
  }

  onRunComplete() {
    const snapshots = readdirSync(this.dir).map((file) =>
      JSON.parse(readFileSync(join(this.dir, file), 'utf8')),
    );
    rmSync(this.dir, { recursive: true, force: true });
    if (snapshots.length === 0) return;
    const tally = new Map();
    const allowed = new Map();
    for (const snapshot of snapshots) {
      for (const [id, entry] of Object.entries(snapshot.tally)) {
        const sum = tally.get(id) ?? { exchanges: 0, valid: 0 };
        tally.set(id, { exchanges: sum.exchanges + entry.exchanges, valid: sum.valid + entry.valid });
      }
      for (const [id, count] of Object.entries(snapshot.allowed))
        allowed.set(id, (allowed.get(id) ?? 0) + count);
    }
    const vendored = snapshots[0].vendored;
    const used = [...tally.keys()].sort();
    const validated = used.filter((id) => tally.get(id).valid === tally.get(id).exchanges);
    const idle = vendored.filter((id) => !tally.has(id));
    const lines = [
      '',
      `ARM contract check of this run (${snapshots.length} test file${snapshots.length === 1 ? '' : 's'} with emulator traffic): ${used.length} operations exercised, ` +
        `${validated.length} validated in every exchange; ${vendored.length} vendored`,
      ...used.map(
        (id) =>
          `  ${id.padEnd(36)} ${String(tally.get(id).exchanges).padStart(5)} exchanges, ${String(tally.get(id).valid).padStart(5)} valid`,
      ),
      ...[...allowed]
        .sort()
        .map(([id, count]) => `  deviation ${id} (deviations.ts): allowed ${count} times`),
      `  vendored, not exercised by these tests: ${idle.join(', ') || 'none'}`,
      `  deviations not needed by these tests: ${snapshots[0].deviations.filter((id) => !allowed.has(id)).join(', ') || 'none'}`,
      '',
    ];
    process.stdout.write(`${lines.join('\n')}\n`);
  }
}
