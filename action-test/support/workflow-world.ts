import { execFileSync } from 'node:child_process';
import { cpSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { repoRoot } from '../../scripts/action-docs.js';
import type { RunningEmulator } from '../emulator/server.js';
import type { GithubEvent, RunnerWorld } from '../workflow-runner/runner.js';

export const REPOSITORY = 'octo-org/next-item-actions';

/** The Entra federated credentials docs/azure-setup.md creates, for this repository. */
export function federatedSubjects(repository = REPOSITORY): string[] {
  return [
    `repo:${repository}:ref:refs/heads/main`,
    `repo:${repository}:pull_request`,
    `repo:${repository}:environment:production`,
  ];
}

let snapshot: { dir: string; sha: string } | undefined;
const scratch = new Set<string>();

/** A temporary folder for removeScratch (repository copies are megabytes each). */
export function scratchDir(prefix: string): string {
  if (!scratch.size) process.on('exit', removeScratch);
  const dir = mkdtempSync(join(tmpdir(), prefix));
  scratch.add(dir);
  return dir;
}

/** Removes the scratch folders; Jest's workers do not run exit handlers, so test files call it in afterAll. */
export function removeScratch(): void {
  for (const dir of scratch) rmSync(dir, { recursive: true, force: true });
  scratch.clear();
  snapshot = undefined;
}

/** This repository's files as a checkout would have them: tracked and new files of the working tree, once per process. */
export function repositorySnapshot(): { dir: string; sha: string } {
  if (snapshot) return snapshot;
  const dir = scratchDir('next-item-checkout-');
  const files = execFileSync('git', ['ls-files', '-z', '--cached', '--others', '--exclude-standard'], {
    cwd: repoRoot,
    encoding: 'utf8',
  })
    .split('\0')
    .filter(Boolean);
  for (const file of files) {
    mkdirSync(join(dir, dirname(file)), { recursive: true });
    try {
      cpSync(join(repoRoot, file), join(dir, file));
    } catch {
      // a file deleted in the working tree but still in the index
    }
  }
  const sha = execFileSync('git', ['rev-parse', 'HEAD'], { cwd: repoRoot, encoding: 'utf8' }).trim();
  snapshot = { dir, sha };
  return snapshot;
}

/** The repository variables and secrets a caller of the workflow sets up (README, "Use it"). */
export function callerSettings(running: RunningEmulator) {
  return {
    vars: {
      AZUREML_WORKSPACE: running.config.workspace,
      AZUREML_RESOURCE_GROUP: running.config.resourceGroup,
      AZURE_CLIENT_ID: running.config.clientId,
      AZURE_TENANT_ID: running.config.tenantId,
    },
    secrets: { AZURE_SUBSCRIPTION_ID: running.config.subscriptionId },
  };
}

/** What a scenario changes of the default push: the event only in part. */
export type WorldChanges = Omit<Partial<RunnerWorld>, 'event'> & { event?: Partial<GithubEvent> };

export function pushWorld(running: RunningEmulator, overrides: WorldChanges = {}): RunnerWorld {
  const source = repositorySnapshot();
  const { vars, secrets } = callerSettings(running);
  return {
    emulator: running,
    repositoryDir: source.dir,
    repositories: { [REPOSITORY]: source },
    vars,
    secrets,
    runId: '9001',
    ...overrides,
    event: {
      name: 'push',
      repository: REPOSITORY,
      ref: 'refs/heads/main',
      sha: source.sha,
      ...overrides.event,
    },
  };
}
