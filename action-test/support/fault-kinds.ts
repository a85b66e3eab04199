import type { Faults } from '../emulator/config.js';

/** The fault kinds the chain must ride out, one emulator knob (or a share of one) each. */
export const FAULT_KINDS = ['throttle', '5xx', 'reset', 'slow', 'entra', 'github-oidc', 'scoring'] as const;
export type FaultKind = (typeof FAULT_KINDS)[number];

/** Every rate at 0: what a test sets between kinds. */
export const NO_FAULT_RATES: Partial<Faults> = {
  throttleRate: 0,
  unavailableRate: 0,
  resetRate: 0,
  slowRate: 0,
  entraFaultRate: 0,
  githubOidcFaultRate: 0,
  scoringFaultRate: 0,
  retryAfterSeconds: 0,
};

/**
 * One kind on `rate` of its calls, the others off. ARM's kinds (throttle, 5xx, reset, slow) hit every ARM and
 * data-plane call; a slow answer comes `slowMs` real ms late, after ARM has checked its token.
 */
export function faultsOfKind(kind: FaultKind, rate: number, slowMs = 400): Partial<Faults> {
  const only: Record<FaultKind, Partial<Faults>> = {
    throttle: { throttleRate: rate },
    '5xx': { unavailableRate: rate },
    reset: { resetRate: rate },
    slow: { slowRate: rate, slowMs },
    entra: { entraFaultRate: rate },
    'github-oidc': { githubOidcFaultRate: rate },
    scoring: { scoringFaultRate: rate },
  };
  return { ...NO_FAULT_RATES, ...only[kind] };
}

/**
 * Every kind at once, each on `rate` of its calls (ARM's resets, 429s and 503s share `rate`; as many ARM
 * answers again come late): what the benchmark's target is set at.
 */
export function allFaultsAt(rate: number, slowMs = 400): Partial<Faults> {
  return {
    resetRate: rate / 3,
    throttleRate: rate / 3,
    unavailableRate: rate / 3,
    retryAfterSeconds: 0,
    slowRate: rate,
    slowMs,
    entraFaultRate: rate,
    githubOidcFaultRate: rate,
    scoringFaultRate: rate,
  };
}
