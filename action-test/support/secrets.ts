import { expect } from '@jest/globals';
import type { RunningEmulator } from '../emulator/server.js';
import type { BundleRun } from './run-bundle.js';

/**
 * What a reader of the workflow log would see contains none of the emulator's keys and tokens.
 * `::add-mask::` lines are the runner's masking commands, consumed by the runner, never shown.
 */
export function expectNoSecrets(run: BundleRun, running: RunningEmulator): void {
  const shown = `${run.stdout}\n${run.stderr}\n${run.summary}\n${JSON.stringify(run.outputs)}`
    .split('\n')
    .filter((line) => !line.startsWith('::add-mask::'))
    .join('\n');
  const secrets = [
    ...running.identity.issued,
    running.identity.requestToken,
    ...[...running.store.endpoints.values()].flatMap((endpoint) => [
      endpoint.keys.primaryKey,
      endpoint.keys.secondaryKey,
    ]),
    ...running.store.endpointTokens.keys(),
  ];
  expect(secrets.length).toBeGreaterThan(0);
  for (const secret of secrets) expect(shown.includes(secret)).toBe(false);
}
