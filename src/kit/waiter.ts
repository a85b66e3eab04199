import { abortReason, type Clock } from './clock.js';
import { ActionError } from './errors.js';
import { formatDuration } from './duration.js';

export class WaitTimeoutError extends ActionError {
  constructor(what: string, timeoutMs: number) {
    super(
      `Timed out after ${formatDuration(timeoutMs)} waiting for ${what}.`,
      'Raise the timeout input if the work is healthy but slow.',
    );
    this.name = 'WaitTimeoutError';
  }
}

/**
 * The delay between polls: a fixed share of the time waited so far, between a floor and a cap. Fast while
 * things change quickly, cheap through the long quiet middle of a multi-hour job, and the lag between a
 * state change and noticing it stays a small share of the total.
 */
export function adaptiveDelay(options: {
  minMs: number;
  maxMs: number;
  fraction: number;
}): (elapsedMs: number) => number {
  return (elapsedMs) => Math.min(options.maxMs, Math.max(options.minMs, elapsedMs * options.fraction));
}

export interface WaitOptions<T> {
  clock: Clock;
  what: string;
  timeoutMs: number;
  signal?: AbortSignal;
  /** Returns the result when the wait is over, undefined to keep waiting. */
  poll: (elapsedMs: number) => Promise<T | undefined>;
  delay: (elapsedMs: number) => number;
}

/** Polls until `poll` returns a value, the deadline passes (WaitTimeoutError) or the signal aborts. */
export async function waitFor<T>(options: WaitOptions<T>): Promise<T> {
  const { clock, signal } = options;
  const start = clock.now();
  for (;;) {
    if (signal?.aborted) throw abortReason(signal);
    const elapsed = clock.now() - start;
    const result = await options.poll(elapsed);
    if (result !== undefined) return result;
    const remaining = options.timeoutMs - (clock.now() - start);
    if (remaining <= 0) throw new WaitTimeoutError(options.what, options.timeoutMs);
    await clock.sleep(Math.min(options.delay(clock.now() - start), remaining), signal);
  }
}
