import type { Faults } from './config.js';
import { frontDoorFault, type FrontDoorRandom } from './fault-injection.js';
import { armError, type EmulatorRequest, type EmulatorResponse, type Router } from './http.js';
import type { Identity } from './identity.js';
import { seededRandom } from './random.js';
import type { WorkspaceStore } from './workspace-store.js';

export interface EmulatorCounters {
  armRequests: number;
  dataPlaneRequests: number;
  injectedFaults: number;
}

/**
 * ARM and each front door roll their own seeded stream: the n-th scoring (or token, or ARM) request fails or
 * not whatever the other services were asked in between, so a seed replays a kind's faults.
 */
export function faultStreams(seed: number): { arm: () => number; frontDoor: FrontDoorRandom } {
  return {
    arm: seededRandom(seed + 4),
    frontDoor: {
      githubOidc: seededRandom(seed + 1),
      entra: seededRandom(seed + 2),
      scoring: seededRandom(seed + 3),
    },
  };
}

interface FrontDoorParts {
  router: Router;
  store: WorkspaceStore;
  identity: Identity;
  counters: EmulatorCounters;
  streams: ReturnType<typeof faultStreams>;
  now: () => number;
}

/**
 * Every request's way in: the route, then a front door's injected fault, then (for ARM and the data plane) a
 * throttle, reset or outage on request and the bearer-token check, as their front doors do, then the handler.
 */
export function frontDoor(parts: FrontDoorParts): (request: EmulatorRequest) => Promise<EmulatorResponse> {
  const { router, store, counters, streams } = parts;
  return async (request) => {
    const match = router.match(request.method, request.path);
    if (match === undefined)
      return armError(404, 'NotFound', `No route for ${request.method} ${request.path}.`);
    if (match === 'method')
      return armError(405, 'MethodNotAllowed', `${request.method} is not allowed on ${request.path}.`);
    request.params = match.params;
    const fault = frontDoorFault(request.path, store.faults, streams.frontDoor, parts.now());
    if (fault) {
      counters.injectedFaults++;
      return fault;
    }
    if (/^\/(subscriptions|history|mlflow)\//i.test(request.path)) {
      if (/^\/subscriptions\//i.test(request.path)) counters.armRequests++;
      else counters.dataPlaneRequests++;
      const refused = await armFrontDoor(request, parts);
      if (refused) return refused;
    }
    return match.handler(request);
  };
}

/** ARM's injected faults and its token check; undefined when the request goes on to its handler. */
async function armFrontDoor(
  request: EmulatorRequest,
  { store, identity, counters, streams }: FrontDoorParts,
): Promise<EmulatorResponse | undefined> {
  const faults = store.faults;
  const injected = armFault(faults, streams.arm());
  if (injected) {
    counters.injectedFaults++;
    return injected;
  }
  // ARM checks the token as the request arrives; a slow answer is slow after that check.
  const denied = identity.checkArmToken(request);
  if (faults.slowRate && streams.arm() < faults.slowRate) {
    counters.injectedFaults++;
    await new Promise((done) => setTimeout(done, faults.slowMs ?? 5_000));
  }
  return denied;
}

/** One roll picks a reset, a throttle or an outage, each at its rate. */
function armFault(faults: Faults, roll: number): EmulatorResponse | undefined {
  if (roll < faults.resetRate) return { status: 0, reset: true };
  if (roll < faults.resetRate + faults.throttleRate)
    return armError(
      429,
      'TooManyRequests',
      'The request is being throttled as the limit has been reached for operation type - Read_ObservationWindow_00:05:00.',
      { 'retry-after': String(faults.retryAfterSeconds) },
    );
  if (roll < faults.resetRate + faults.throttleRate + faults.unavailableRate)
    return armError(503, 'ServiceUnavailable', 'The service is temporarily unavailable. Please retry.');
  return undefined;
}
