import { afterEach, describe, expect, it } from '@jest/globals';
import type { RunningEmulator } from '../emulator/server.js';
import { emulator, productionClients } from '../support/emulator-harness.js';

let running: RunningEmulator | undefined;
afterEach(async () => {
  await running?.close();
  running = undefined;
});

describe("slow ARM answers from the emulator's knob", () => {
  it('GETs answered late on 30% of calls are sent again within the deadline: every read succeeds', async () => {
    running = await emulator({ seed: 15 }, { slowRate: 0.3, slowMs: 600 });
    const { arm, workspace } = productionClients(running, { requestTimeoutMs: 200, maxRetries: 6 });
    for (let i = 0; i < 12; i++)
      await expect(arm.get(workspace)).resolves.toMatchObject({ name: 'mlw-next-item' });
    expect(running.counters.injectedFaults).toBeGreaterThan(0);
    expect(arm.requestCount).toBeGreaterThan(12);
  });
});
