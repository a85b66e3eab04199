import { backoffDelay, isTransientNetworkError, retryAfterMs } from '../../azure/retry-policy.js';
import type { Clock } from '../../kit/clock.js';

/** Answers worth another try from a scoring endpoint: throttled, or a front door with no backend at hand. */
export const RETRYABLE_SCORING_STATUS = new Set([429, 502, 503, 504]);

export interface ScoringRetryPolicy {
  clock: Clock;
  /** Tries in all, the first included. */
  attempts: number;
  baseDelayMs: number;
  maxDelayMs: number;
  random: () => number;
  signal?: AbortSignal;
}

export const DEFAULT_SCORING_RETRY = { attempts: 4, baseDelayMs: 500, maxDelayMs: 10_000 } as const;

/** The final outcome of one request: an answer (any status) or a cause; always how many tries it took. */
export type ScoringOutcome =
  | { ok: true; status: number; text: string; attempts: number }
  | { ok: false; cause: string; attempts: number };

/** A connection that died (reset, refused, closed) gives `fetch failed` with the real reason in `cause`. */
export function connectionFailure(error: unknown): string | undefined {
  if (error instanceof Error && error.name === 'AbortError') return undefined;
  if (!isTransientNetworkError(error) && !(error instanceof TypeError && /fetch failed/i.test(error.message)))
    return undefined;
  const cause = (error as { cause?: { code?: string; message?: string } }).cause;
  return cause?.code ?? cause?.message ?? (error as Error).message;
}

/**
 * Sends one request, again on a connection failure or a 429/502/503/504 (waiting what Retry-After asks,
 * else full-jitter backoff), up to `attempts` tries. Any other answer, or the last one, is the outcome.
 */
export async function sendScoringRequest(
  send: () => Promise<Response>,
  policy: ScoringRetryPolicy,
): Promise<ScoringOutcome> {
  for (let attempt = 1; ; attempt++) {
    let wait: number | undefined;
    let outcome: ScoringOutcome;
    try {
      const response = await send();
      const text = await response.text();
      outcome = { ok: true, status: response.status, text, attempts: attempt };
      if (!RETRYABLE_SCORING_STATUS.has(response.status)) return outcome;
      wait = retryAfterMs(response.headers, policy.clock.now());
    } catch (error) {
      const cause = connectionFailure(error);
      if (cause === undefined) throw error;
      outcome = { ok: false, cause, attempts: attempt };
    }
    if (attempt >= policy.attempts || policy.signal?.aborted) return outcome;
    const backoff = backoffDelay(attempt - 1, policy.baseDelayMs, policy.maxDelayMs, policy.random);
    await policy.clock.sleep(Math.min(policy.maxDelayMs, wait ?? backoff), policy.signal);
  }
}

/** One line for a failed outcome: what was asked, what went wrong, after how many tries. */
export function describeOutcome(what: string, outcome: ScoringOutcome): string {
  const tries = `${outcome.attempts} attempt(s)`;
  if (!outcome.ok) return `${what}: connection failed (${outcome.cause}) after ${tries}`;
  return `${what}: HTTP ${outcome.status} ${outcome.text.slice(0, 200)} after ${tries}`;
}
