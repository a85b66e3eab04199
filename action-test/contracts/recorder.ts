import type { ArmExchange } from '../emulator/http.js';
import { deviationFor, type Deviation } from './deviations.js';
import { ASYNC_OPERATIONS, ContractValidator, type Violation } from './validate.js';

export interface OperationTally {
  exchanges: number;
  /** Exchanges with no violation, or only allow-listed ones. */
  valid: number;
  statuses: Set<number>;
}

/**
 * Collects the ARM exchanges of emulators started with its `record` hook and checks them against the
 * vendored contracts: validation runs when `check` is called, with schemas compiled once per process.
 */
export class ContractRecorder {
  private pending: ArmExchange[] = [];
  private validator: ContractValidator | undefined;
  readonly tally = new Map<string, OperationTally>();
  readonly allowed = new Map<string, number>();

  record = (exchange: ArmExchange): void => {
    this.pending.push(exchange);
  };

  /** Validates what was recorded since the last call; returns the violations no deviation forgives. */
  check(): Violation[] {
    this.validator ??= new ContractValidator();
    const failures: Violation[] = [];
    for (const exchange of this.pending.splice(0)) {
      const { operationId, violations } = this.validator.check(exchange);
      const unforgiven = violations.filter((violation) => !this.forgiven(deviationFor(violation)));
      failures.push(...unforgiven);
      const entry = this.tally.get(operationId) ?? { exchanges: 0, valid: 0, statuses: new Set() };
      entry.exchanges++;
      if (unforgiven.length === 0) entry.valid++;
      entry.statuses.add(exchange.status);
      this.tally.set(operationId, entry);
    }
    return failures;
  }

  private forgiven(deviation: Deviation | undefined): boolean {
    if (deviation) this.allowed.set(deviation.id, (this.allowed.get(deviation.id) ?? 0) + 1);
    return deviation !== undefined;
  }

  /** Every operation of the vendored contracts (and the ARM polling), by id. */
  vendoredOperations(): string[] {
    this.validator ??= new ContractValidator();
    return [
      ...this.validator.contracts.operations.map((op) => op.operationId),
      ...ASYNC_OPERATIONS.map((op) => op.operationId),
    ];
  }

  /** A table: each operation used, its exchanges and how many validated; then the vendored ones not exercised. */
  coverage(title: string): string {
    const used = [...this.tally.keys()].sort();
    const validated = used.filter((id) => this.tally.get(id)!.valid === this.tally.get(id)!.exchanges);
    const idle = this.vendoredOperations().filter((id) => !this.tally.has(id));
    const rows = used.map((id) => {
      const t = this.tally.get(id)!;
      return `  ${id.padEnd(36)} ${String(t.exchanges).padStart(4)} exchanges, ${String(t.valid).padStart(4)} valid  (status ${[...t.statuses].sort().join(', ')})`;
    });
    const allowed = [...this.allowed].map(([id, n]) => `  allowed deviation ${id}: ${n}`);
    return [
      `ARM contract check, ${title}: ${used.length} operations used, ${validated.length} validated`,
      ...rows,
      ...allowed,
      `  vendored but not exercised here: ${idle.join(', ') || 'none'}`,
    ].join('\n');
  }
}

export function formatViolations(violations: Violation[]): string {
  return violations
    .map((v) => `${v.request} → ${v.status} [${v.operationId}] ${v.kind} ${v.at || '(body)'}: ${v.message}`)
    .join('\n');
}

/** The recorder of this test process: emulator-harness hands its `record` to every emulator it starts. */
export const armContracts = new ContractRecorder();
