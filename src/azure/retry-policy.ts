import type { Clock } from '../kit/clock.js';
/** Which failures are worth another try, and how long to wait before it. */
export const RETRYABLE_STATUS = new Set([408, 429, 500, 502, 503, 504]);

/**
 * A 409 Conflict on a write that raced another operation on the same resource (a traffic PUT while the
 * endpoint is still Updating after a deployment create, a deployment PUT or DELETE while another run's
 * operation is in flight). Only callers that know the conflict is transient opt in: a 409 for an immutable
 * asset version would never clear.
 */
export const CONFLICT_STATUS = 409;
const CONFLICT_METHODS = new Set(['PUT', 'PATCH', 'DELETE']);

/** Whether a failed answer is worth another try; conflicts only for writes whose caller opted in. */
export function isRetryableAnswer(status: number, method: string, retryConflict: boolean): boolean {
  if (RETRYABLE_STATUS.has(status)) return true;
  return retryConflict && status === CONFLICT_STATUS && CONFLICT_METHODS.has(method.toUpperCase());
}

const TRANSIENT_NETWORK_CODES = new Set([
  'ECONNRESET',
  'ECONNREFUSED',
  'ETIMEDOUT',
  'EPIPE',
  'EAI_AGAIN',
  'UND_ERR_SOCKET',
  'UND_ERR_CONNECT_TIMEOUT',
  'UND_ERR_HEADERS_TIMEOUT',
  'UND_ERR_BODY_TIMEOUT',
  'UND_ERR_CLOSED',
]);

/** A connection reset or refused, a socket closed mid-answer: the request never got a real answer. */
export function isTransientNetworkError(error: unknown): boolean {
  let current: unknown = error;
  for (let depth = 0; current && depth < 4; depth++) {
    const code = (current as { code?: unknown }).code;
    if (typeof code === 'string' && TRANSIENT_NETWORK_CODES.has(code)) return true;
    current = (current as { cause?: unknown }).cause;
  }
  return false;
}

/** Full-jitter exponential backoff: a uniform draw below an exponentially growing, capped ceiling. */
export function backoffDelay(attempt: number, baseMs: number, maxMs: number, random: () => number): number {
  return Math.floor(random() * Math.min(maxMs, baseMs * 2 ** attempt));
}

/** The server's own wait: `retry-after-ms`/`x-ms-retry-after-ms`, else `Retry-After` in seconds or as a date. */
export function retryAfterMs(headers: Headers, now: number): number | undefined {
  for (const name of ['retry-after-ms', 'x-ms-retry-after-ms']) {
    const value = Number(headers.get(name));
    if (headers.has(name) && Number.isFinite(value) && value >= 0) return value;
  }
  const header = headers.get('retry-after');
  if (!header) return undefined;
  if (/^\d+(\.\d+)?$/.test(header.trim())) return Number(header) * 1000;
  const date = Date.parse(header);
  return Number.isNaN(date) ? undefined : Math.max(0, date - now);
}

/** How a caller bounds its own retries of one request: tries, time since the first, and the backoff between. */
export interface RetryBudgetOptions {
  clock: Clock;
  /** Tries in all, the first included. */
  attempts?: number;
  /** No retry starts once this much time has gone since the first try. */
  budgetMs?: number;
  baseDelayMs?: number;
  maxDelayMs?: number;
  random?: () => number;
  debug?: (line: string) => void;
}
