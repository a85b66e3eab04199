import type { AzEmulator, AzInvocation } from './az/az-emulator.js';
import type { EmulatorClock } from './clock.js';
import type { Faults } from './config.js';
import type { Counters } from './fault-injection.js';
import type { Router } from './http.js';
import type { Identity } from './identity.js';
import type { WorkspaceStore } from './workspace-store.js';

/** The emulator's own routes under /_emulator/: the `az` shim's calls, its state, its fault knobs and its clock. */
export function controlRoutes(
  router: Router,
  parts: {
    az: AzEmulator;
    clock: EmulatorClock;
    store: WorkspaceStore;
    identity: Identity;
    counters: Counters;
  },
): void {
  const { az, clock, store, identity, counters } = parts;
  router.add('POST', '/_emulator/az', (request) => ({
    status: 200,
    body: az.handle(request.json<AzInvocation>()),
  }));
  router.add('GET', '/_emulator/state', () => ({
    status: 200,
    body: {
      now: clock.now(),
      jobs: [...store.jobs.keys()],
      endpoints: [...store.endpoints.keys()],
      counters: { ...counters, ...identity.counters },
    },
  }));
  router.add('POST', '/_emulator/faults', (request) => {
    store.faults = { ...store.faults, ...request.json<Partial<Faults>>() };
    return { status: 200, body: store.faults };
  });
  router.add('POST', '/_emulator/clock', (request) => {
    const change = request.json<{ advanceMs?: number; speed?: number }>();
    if (change.speed) clock.setSpeed(change.speed);
    if (change.advanceMs) clock.advance(change.advanceMs);
    return { status: 200, body: { now: clock.now(), speed: clock.speed } };
  });
}
