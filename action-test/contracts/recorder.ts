import type { ArmExchange } from '../emulator/http.js';
import { DEVIATIONS, deviationFor, type Deviation } from './deviations.js';
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

  /** What this process saw, for the run's total (coverage-reporter.mjs). */
  snapshot() {
    return {
      tally: Object.fromEntries(
        [...this.tally].map(([id, t]) => [
          id,
          { exchanges: t.exchanges, valid: t.valid, statuses: [...t.statuses] },
        ]),
      ),
      allowed: Object.fromEntries(this.allowed),
      vendored: this.vendoredOperations(),
      deviations: DEVIATIONS.map((deviation) => deviation.id),
    };
  }
}

export function formatViolations(violations: Violation[]): string {
  return violations
    .map((v) => `${v.request} → ${v.status} [${v.operationId}] ${v.kind} ${v.at || '(body)'}: ${v.message}`)
    .join('\n');
}

/** The recorder of this test process: emulator-harness hands its `record` to every emulator it starts. */
export const armContracts = new ContractRecorder();
