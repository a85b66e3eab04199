import { availableParallelism } from 'node:os';

/** Jest runs the TypeScript sources directly as ES modules (ts-jest, transpile only: `tsc` type-checks). */
export default {
  testEnvironment: 'node',
  roots: ['<rootDir>/action-test'],
  testMatch: ['**/*.test.ts'],
  extensionsToTreatAsEsm: ['.ts'],
  resolver: 'ts-jest-resolver',
  transform: {
    '^.+\\.ts$': ['ts-jest', { useESM: true, diagnostics: false }],
  },
  // The actions' bundles are built from src/ once per run (action-test/support/action-bundles.mjs).
  globalSetup: '<rootDir>/action-test/support/action-bundles.mjs',
  globalTeardown: '<rootDir>/action-test/support/action-bundles-teardown.mjs',
  // Kept between runs (scripts/run-jest.mjs gives each run a fresh TMPDIR, Jest's default cache folder).
  cacheDirectory: '<rootDir>/node_modules/.cache/jest',
  testTimeout: 60000,
  // Longest files first from a committed duration table when Jest has no cache of its own (a clone, CI).
  testSequencer: '<rootDir>/action-test/support/test-sequencer.mjs',
  // Jest's default is one worker fewer than the cores: one on a two-core machine, where much of a test's time is
  // spent waiting on the processes and polls it starts, so two files side by side use the machine better.
  maxWorkers: Math.max(2, availableParallelism() - 1),
  // The run's total of the ARM contract check (action-test/contracts/): which operations were exercised and validated.
  reporters: ['default', '<rootDir>/action-test/contracts/coverage-reporter.mjs'],
};
