// Longest files first, so the last file to finish is a short one and the two workers end together. Jest orders by
// the durations its cache recorded on this machine; a fresh clone or CI has no cache and Jest falls back to file
// size, which put the longest workflow files last. test-durations.json (refreshed by
// `node scripts/update-test-durations.mjs` after a run) gives those runs the order a cached run would have.
import { readFileSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import TestSequencer from '@jest/test-sequencer';

const root = resolve(import.meta.dirname, '../..');

/** Milliseconds each test file took on a recorded run, by path from the repository root. */
export const recordedDurations = JSON.parse(
  readFileSync(join(import.meta.dirname, 'test-durations.json'), 'utf8'),
);

export default class LongestFirstSequencer extends TestSequencer {
  /** Jest's own record first (this machine, the latest run), else the committed one; unknown files run first. */
  time(test) {
    return super.time(test) ?? recordedDurations[relative(root, test.path)];
  }
}
