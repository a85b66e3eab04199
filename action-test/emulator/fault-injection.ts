import { armError, type EmulatorRequest, type EmulatorResponse } from './http.js';
import type { WorkspaceStore } from './workspace-store.js';

export interface Counters {
  armRequests: number;
  dataPlaneRequests: number;
  injectedFaults: number;
}

/** What the fault knobs (store.faults) need to answer a request badly: the dice and the tally. */
export interface FaultContext {
  store: WorkspaceStore;
  random: () => number;
  counters: Counters;
}

/**
 * The fault the knobs inject into this request, if any, before the front door checks its token: the GitHub
 * OIDC endpoint, the scoring route, then ARM and the data plane (which also count their requests).
 */
export async function injectedFault(
  request: EmulatorRequest,
  context: FaultContext,
): Promise<EmulatorResponse | undefined> {
  if (request.path.startsWith('/_github/oidc/')) return githubOidcFault(context);
  if (request.path.startsWith('/inference/')) return scoringFault(context);
  if (/^\/(subscriptions|history|mlflow)\//i.test(request.path)) {
    if (/^\/subscriptions\//i.test(request.path)) context.counters.armRequests++;
    else context.counters.dataPlaneRequests++;
    return armFault(context);
  }
  return undefined;
}

/** `githubOidcFaultRate`: half dropped connections, half 500s. */
function githubOidcFault({ store, random, counters }: FaultContext): EmulatorResponse | undefined {
  const rate = store.faults.githubOidcFaultRate ?? 0;
  if (rate <= 0) return undefined;
  const roll = random();
  if (roll >= rate) return undefined;
  counters.injectedFaults++;
  if (roll < rate / 2) return { status: 0, reset: true };
  return { status: 500, body: { message: 'Internal Server Error' } };
}

/** `scoringFaultRate`: half dropped connections, a quarter 503s and a quarter 429s, with Retry-After. */
function scoringFault({ store, random, counters }: FaultContext): EmulatorResponse | undefined {
  const rate = store.faults.scoringFaultRate ?? 0;
  if (rate <= 0) return undefined;
  const roll = random();
  if (roll >= rate) return undefined;
  counters.injectedFaults++;
  if (roll < rate / 2) return { status: 0, reset: true };
  const retryAfter = { 'retry-after': String(store.faults.retryAfterSeconds) };
  if (roll < (rate * 3) / 4)
    return { status: 503, headers: retryAfter, body: { message: 'Service Unavailable' } };
  return { status: 429, headers: retryAfter, body: { message: 'Too many requests' } };
}

/** `resetRate`, `throttleRate`, `unavailableRate` on one roll; then `slowRate`, which answers late but answers. */
async function armFault({ store, random, counters }: FaultContext): Promise<EmulatorResponse | undefined> {
  const faults = store.faults;
  const roll = random();
  if (roll < faults.resetRate) {
    counters.injectedFaults++;
    return { status: 0, reset: true };
  }
  if (roll < faults.resetRate + faults.throttleRate) {
    counters.injectedFaults++;
    return armError(
      429,
      'TooManyRequests',
      'The request is being throttled as the limit has been reached for operation type - Read_ObservationWindow_00:05:00.',
      {
        'retry-after': String(faults.retryAfterSeconds),
      },
    );
  }
  if (roll < faults.resetRate + faults.throttleRate + faults.unavailableRate) {
    counters.injectedFaults++;
    return armError(503, 'ServiceUnavailable', 'The service is temporarily unavailable. Please retry.');
  }
  if (faults.slowRate && random() < faults.slowRate) {
    counters.injectedFaults++;
    await new Promise((done) => setTimeout(done, faults.slowMs ?? 5_000));
  }
  return undefined;
}
