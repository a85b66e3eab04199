import { afterAll, afterEach, expect } from '@jest/globals';
import { cpSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { checkArmContracts } from '../contracts/jest-hooks.js';
import { loadState, saveState } from '../emulator/persistence.js';
import type { EmulatedIdentity, EmulatorConfig } from '../emulator/config.js';
import type { RunningEmulator } from '../emulator/server.js';
import { runWorkflow, type WorkflowRun } from '../workflow-runner/runner.js';
import { emulator } from './emulator-harness.js';
import {
  identities,
  pushWorld,
  repositorySnapshot,
  removeScratch,
  scratchDir,
  REPOSITORY,
  type WorldChanges,
} from './workflow-world.js';

/** Helpers of the end-to-end workflow tests: an emulator per test, closed after it. */
let running: RunningEmulator | undefined;
afterEach(async () => {
  await running?.close();
  running = undefined;
});
afterAll(async () => {
  await (await live)?.r.close();
  live = undefined;
  removeScratch();
});
checkArmContracts('end-to-end workflow runs');

const FAST = { speed: 20_000, operationRetryAfterSeconds: 0 };

/** An emulator whose Entra knows the set-up's two identities (their subjects and roles), or the ones given. */
export async function start(
  ids: EmulatedIdentity[] = identities(),
  config: Partial<EmulatorConfig> = {},
): Promise<RunningEmulator> {
  running = await emulator({ ...FAST, ...config, identities: ids });
  return running;
}

/** A push's whole chain, run once per test file: the model it trained serves all traffic on next-item. */
export interface LiveRun {
  /** The emulator it ran against, open until the file ends; a test that changes it runs after the ones reading it. */
  r: RunningEmulator;
  run: WorkflowRun;
  /** The emulator's state right after the run, for startLive(). */
  stateDir: string;
}
let live: Promise<LiveRun> | undefined;

/** The first successful retrain of this file (made on first use). */
export function liveRun(): Promise<LiveRun> {
  live ??= (async () => {
    const r = await emulator({ ...FAST, identities: identities() });
    const run = await retrain(r);
    const stateDir = scratchDir('live-state-');
    saveState(r.store, stateDir);
    return { r, run, stateDir };
  })();
  return live;
}

/**
 * A fresh emulator holding what the first retrain left (a job, a model version, an image, an endpoint with a
 * live deployment), for a scenario about the run after it: one end-to-end run per scenario instead of two.
 */
export async function startLive(): Promise<{ r: RunningEmulator; first: WorkflowRun }> {
  const { run, stateDir } = await liveRun();
  // One flaky first run would otherwise fail each scenario built on it with a puzzling message of its own.
  if (run.result !== 'success')
    throw new Error(
      `This scenario starts from the file's first retrain, which ended ${run.result}: ${JSON.stringify(results(run))}.`,
    );
  const r = await start();
  loadState(r.store, stateDir);
  return { r, first: run };
}

export async function retrain(r: RunningEmulator, world: WorldChanges = {}): Promise<WorkflowRun> {
  const run = await runWorkflow(pushWorld(r, world), '.github/workflows/retrain.yml');
  expectNothingSecretShown(run, r);
  return run;
}

export const results = (run: WorkflowRun) =>
  Object.fromEntries(Object.values(run.jobs).map((job) => [job.id, job.result]));
export const traffic = (r: RunningEmulator) => r.store.endpoints.get('next-item')?.traffic;
export const liveDeployments = (r: RunningEmulator) =>
  r.store
    .deploymentsOf('next-item')
    .filter((d) => d.deletingAt === undefined)
    .map((d) => d.name);

export function expectNothingSecretShown(run: WorkflowRun, r: RunningEmulator): void {
  const shown = [...run.log, ...Object.values(run.jobs).flatMap((job) => job.summaries)].join('\n');
  const secrets = [
    ...r.identity.issued,
    ...[...r.store.endpoints.values()].flatMap((e) => [e.keys.primaryKey, e.keys.secondaryKey]),
    ...r.store.endpointTokens.keys(),
  ];
  expect(secrets.length).toBeGreaterThan(0);
  for (const secret of secrets) expect(shown.includes(secret)).toBe(false);
}

/** A copy of the repository with one edit to one file, as the next commit might make it. */
export function withEdit(
  path: string,
  from: string,
  to: string,
  sha = repositorySnapshot().sha,
): WorldChanges {
  const dir = scratchDir('edited-checkout-');
  cpSync(repositorySnapshot().dir, dir, { recursive: true });
  const file = join(dir, path);
  const text = readFileSync(file, 'utf8');
  expect(text.includes(from)).toBe(true);
  writeFileSync(file, text.split(from).join(to));
  return { repositoryDir: dir, repositories: { [REPOSITORY]: { dir, sha } }, event: { sha } };
}
export const withWorkflowEdit = (from: string, to: string) =>
  withEdit('.github/workflows/next-item.yml', from, to);
/** A push that changes the pipeline, so training runs again and makes a new model version. */
export const pipelineChange = () =>
  withEdit('pipeline/pipeline.yml', 'jobs:', '# retrain\njobs:', 'fedcba9876543210fedcba9876543210fedcba98');

/** A workflow_dispatch of deploy.yml with these inputs. */
export const dispatch = (inputs: Record<string, string>): WorldChanges => ({
  event: {
    name: 'workflow_dispatch',
    inputs: {
      'model-version': '',
      'model-job': '',
      endpoint: '',
      rollout: 'promote',
      environment: 'production',
      ...inputs,
    },
  },
});
