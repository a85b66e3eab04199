import { checkArmContracts } from '../contracts/jest-hooks.js';
import { bundleAgainstEmulator } from './emulator-env.js';

checkArmContracts('action runs against the emulator');

export { GITHUB_CONTEXT, workspaceInputs } from './emulator-env.js';

/** Runs a bundled action against the emulator (emulator-env.ts), its ARM traffic held to the contracts. */
export const runAgainstEmulator = bundleAgainstEmulator;
