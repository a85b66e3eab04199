import type { Clock } from '../../src/kit/clock.js';
import { abortReason } from '../../src/kit/clock.js';

/** A clock whose sleeps return at once and move time forward; it records every sleep it was asked for. */
export class VirtualClock implements Clock {
  readonly sleeps: number[] = [];
  constructor(private time = 1_700_000_000_000) {}

  now(): number {
    return this.time;
  }

  async sleep(ms: number, signal?: AbortSignal): Promise<void> {
    if (signal?.aborted) throw abortReason(signal);
    this.sleeps.push(ms);
    this.time += ms;
    await Promise.resolve();
  }

  advance(ms: number): void {
    this.time += ms;
  }
}
