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
  testTimeout: 60000,
  // The run's total of the ARM contract check (action-test/contracts/): which operations were exercised and validated.
  reporters: ['default', '<rootDir>/action-test/contracts/coverage-reporter.mjs'],
};
