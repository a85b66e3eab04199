import { dirname } from 'node:path';
import { repoRoot } from './action-manifests.js';
import type { RunningEmulator } from '../emulator/server.js';
import { AZ_SHIM_DIR } from '../emulator/server.js';
import { runBundle, type BundleRun, type BundleRunOptions } from './run-bundle.js';

/** The workspace inputs every action needs, for the emulated workspace. */
export function workspaceInputs(running: RunningEmulator): Record<string, string> {
  return {
    'subscription-id': running.config.subscriptionId,
    'resource-group': running.config.resourceGroup,
    workspace: running.config.workspace,
  };
}

/** The runner's context variables of a workflow run. */
export const GITHUB_CONTEXT = {
  GITHUB_REPOSITORY: 'octo-org/next-item-actions',
  GITHUB_SHA: '0123456789abcdef0123456789abcdef01234567',
  GITHUB_REF: 'refs/heads/main',
  GITHUB_RUN_ID: '4242',
  GITHUB_RUN_ATTEMPT: '1',
  GITHUB_SERVER_URL: 'https://github.com',
};

/**
 * Runs a bundled action against the emulator: its environment, its `az` first on PATH, this repository as the
 * checkout. Free of Jest, so scripts can use it; tests use emulator-run.ts, which adds the contract check.
 */
export function bundleAgainstEmulator(
  running: RunningEmulator,
  options: Omit<BundleRunOptions, 'workspace'> & { workspace?: string },
): Promise<BundleRun> {
  return runBundle({
    workspace: repoRoot,
    ...options,
    inputs: { ...workspaceInputs(running), ...options.inputs },
    env: { ...GITHUB_CONTEXT, ...running.env, ...options.env },
    pathPrefix: [AZ_SHIM_DIR, dirname(process.execPath), ...(options.pathPrefix ?? [])],
  });
}
