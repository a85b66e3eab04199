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
  // @actions/workflow-parser 0.3.61 imports its schema without `with { type: 'json' }` (actions/languageservices#387):
  // Jest loads a stand-in instead of warning that its next major will refuse it (action-test/jest-shims/).
  moduleNameMapper: {
    '^\\.\\./workflow-v1\\.0\\.min\\.json$': '<rootDir>/action-test/jest-shims/workflow-v1.0.min.ts',
  },
  // The actions' bundles are built from src/ once per run (action-test/support/action-bundles.mjs).
  globalSetup: '<rootDir>/action-test/support/action-bundles.mjs',
  globalTeardown: '<rootDir>/action-test/support/action-bundles-teardown.mjs',
  // Kept between runs (scripts/run-jest.mjs gives each run a fresh TMPDIR, Jest's default cache folder).
  cacheDirectory: '<rootDir>/node_modules/.cache/jest',
  testTimeout: 60000,
  // Longest files first from a committed duration table when Jest has no cache of its own (a clone, CI).
  testSequencer: '<rootDir>/action-test/support/test-sequencer.mjs',
  // Two files per core: most of a workflow or action test's time is spent waiting on the processes it starts and
  // on the emulated clock's polls, so four files side by side keep two cores busy (measured on two cores, Jest alone:
  // 108 s of wall with three workers, 90 s with four, 88 s with five, for less CPU). JEST_WORKERS overrides it.
  maxWorkers: Number(process.env.JEST_WORKERS) || 2 * availableParallelism(),
  // The run's total of the ARM contract check (action-test/contracts/): which operations were exercised and validated.
  reporters: ['default', '<rootDir>/action-test/contracts/coverage-reporter.mjs'],
};
