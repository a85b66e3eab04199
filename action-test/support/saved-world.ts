import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { EmulatorConfig } from '../emulator/config.js';
import { loadState, saveState } from '../emulator/persistence.js';
import type { RunningEmulator } from '../emulator/server.js';
import { emulator } from './emulator-harness.js';

/** What a saved world hands each test: a fresh emulator holding the saved state, and what the build returned. */
export interface LoadedWorld<T> {
  running: RunningEmulator;
  made: T;
}

/**
 * Set-up that several tests of a file start from (a live deployment, a trained model), built once per file on
 * its own emulator and saved (emulator/persistence.ts), then loaded into a fresh emulator for each test: the
 * tests stay independent of each other, and the chain that builds the state runs once instead of once per test.
 * Only what the store holds is kept (no operation in flight), and each loaded emulator has its own keys.
 */
export function savedWorld<T>(
  config: Partial<EmulatorConfig>,
  build: (running: RunningEmulator) => Promise<T>,
): { load: () => Promise<LoadedWorld<T>>; remove: () => Promise<void> } {
  let saved: Promise<{ dir: string; made: T }> | undefined;
  const save = async () => {
    const running = await emulator(config);
    try {
      const made = await build(running);
      const dir = mkdtempSync(join(tmpdir(), 'saved-world-'));
      saveState(running.store, dir);
      return { dir, made };
    } finally {
      await running.close();
    }
  };
  return {
    async load() {
      saved ??= save();
      const { dir, made } = await saved;
      const running = await emulator(config);
      loadState(running.store, dir);
      return { running, made };
    },
    async remove() {
      const made = await saved?.catch(() => undefined);
      saved = undefined;
      if (made) rmSync(made.dir, { recursive: true, force: true });
    },
  };
}
