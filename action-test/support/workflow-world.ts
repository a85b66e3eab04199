import { execFileSync } from 'node:child_process';
import { cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { repoRoot } from './action-manifests.js';
import type { EmulatedIdentity } from '../emulator/config.js';
import type { RunningEmulator } from '../emulator/server.js';
import type { GithubEvent, RunnerWorld } from '../workflow-runner/runner.js';
import { actionBundleDir } from './run-bundle.js';

export const REPOSITORY = 'octo-org/next-item-actions';

export const CANARY_ENVIRONMENT = 'production-canary';
export const PROTECTED_ENVIRONMENT = 'production';
export const TRAINING_CLIENT_ID = '2e9f1c6a-0000-4000-8000-000000000002';
export const DEPLOYMENT_CLIENT_ID = '2e9f1c6a-0000-4000-8000-0000000000d2';

/** The subjects each identity of scripts/azure-setup.sh trusts, for a repository: none for pull requests. */
export function trustedSubjects(repository = REPOSITORY) {
  return {
    training: [`repo:${repository}:ref:refs/heads/main`],
    deployment: [
      `repo:${repository}:environment:${CANARY_ENVIRONMENT}`,
      `repo:${repository}:environment:${PROTECTED_ENVIRONMENT}`,
    ],
  };
}

/** Every subject the set-up trusts (the single-identity view some tests take). */
export function federatedSubjects(repository = REPOSITORY): string[] {
  const { training, deployment } = trustedSubjects(repository);
  return [...training, ...deployment];
}

/** The custom roles scripts/azure-setup.sh creates, read from the files it reads. */
export function roleDefinition(
  name: 'trainer' | 'deployer' | 'acr-builder',
): EmulatedIdentity['roles'][number] {
  return JSON.parse(readFileSync(join(repoRoot, `scripts/azure-roles/next-item-${name}.json`), 'utf8'));
}

/** The two identities of docs/azure-setup.md, each trusted for its own subjects and holding its own role. */
export function identities(repository = REPOSITORY): EmulatedIdentity[] {
  const subjects = trustedSubjects(repository);
  return [
    {
      name: 'next-item-train',
      clientId: TRAINING_CLIENT_ID,
      subjects: subjects.training,
      roles: [roleDefinition('trainer'), roleDefinition('acr-builder')],
    },
    {
      name: 'next-item-deploy',
      clientId: DEPLOYMENT_CLIENT_ID,
      subjects: subjects.deployment,
      roles: [roleDefinition('deployer')],
    },
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

/**
 * Folders of this repository that no workflow step or action reads: the sources (the bundles in dist/ are what
 * runs), the tests and the scripts. Every job's checkout copies the snapshot and its workspace is removed after,
 * and these were two thirds of its files: most of a workflow run's own time went to copying and deleting them.
 */
const NOT_READ_BY_WORKFLOWS = ['action-test/', 'src/', 'scripts/', 'docs/'];

/**
 * This repository's files as a checkout would have them, less NOT_READ_BY_WORKFLOWS: tracked and new files of
 * the working tree, once per process. Under Jest its dist/ holds the bundles built from src/ for this run
 * instead of the committed ones.
 */
export function repositorySnapshot(): { dir: string; sha: string } {
  if (snapshot) return snapshot;
  const dir = scratchDir('next-item-checkout-');
  const bundles = actionBundleDir();
  const ownDist = bundles === join(repoRoot, 'dist');
  const files = execFileSync('git', ['ls-files', '-z', '--cached', '--others', '--exclude-standard'], {
    cwd: repoRoot,
    encoding: 'utf8',
  })
    .split('\0')
    .filter((file) => file && (ownDist || !file.startsWith('dist/')))
    .filter((file) => !NOT_READ_BY_WORKFLOWS.some((folder) => file.startsWith(folder)));
  for (const file of files) {
    mkdirSync(join(dir, dirname(file)), { recursive: true });
    try {
      cpSync(join(repoRoot, file), join(dir, file));
    } catch {
      // a file deleted in the working tree but still in the index
    }
  }
  if (!ownDist) cpSync(bundles, join(dir, 'dist'), { recursive: true });
  const sha = execFileSync('git', ['rev-parse', 'HEAD'], { cwd: repoRoot, encoding: 'utf8' }).trim();
  snapshot = { dir, sha };
  return snapshot;
}

/**
 * The repository variables and secrets a caller of the workflow sets up (README, "Use it"): the training
 * identity at repository level, the deployment identity in both environments, reviewers on the protected one.
 */
export function callerSettings(running: RunningEmulator) {
  const deployment = { vars: { AZURE_CLIENT_ID: DEPLOYMENT_CLIENT_ID } };
  return {
    vars: {
      AZUREML_WORKSPACE: running.config.workspace,
      AZUREML_RESOURCE_GROUP: running.config.resourceGroup,
      AZURE_CLIENT_ID: TRAINING_CLIENT_ID,
      AZURE_TENANT_ID: running.config.tenantId,
    },
    secrets: { AZURE_SUBSCRIPTION_ID: running.config.subscriptionId },
    environments: {
      [CANARY_ENVIRONMENT]: deployment,
      [PROTECTED_ENVIRONMENT]: { ...deployment, requiredReviewers: true },
    },
  };
}

/** What a scenario changes of the default push: the event only in part. */
export type WorldChanges = Omit<Partial<RunnerWorld>, 'event'> & { event?: Partial<GithubEvent> };

export function pushWorld(running: RunningEmulator, overrides: WorldChanges = {}): RunnerWorld {
  const source = repositorySnapshot();
  const { vars, secrets, environments } = callerSettings(running);
  return {
    emulator: running,
    repositoryDir: source.dir,
    repositories: { [REPOSITORY]: source },
    vars,
    secrets,
    environments,
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
