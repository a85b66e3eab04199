import { afterEach, describe, expect, it, jest } from '@jest/globals';
import { cpSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { RunningEmulator } from '../emulator/server.js';
import { emulator } from '../support/emulator-harness.js';
import {
  federatedSubjects,
  pushWorld,
  repositorySnapshot,
  REPOSITORY,
  type WorldChanges,
} from '../support/workflow-world.js';
import { runWorkflow, type WorkflowRun } from '../workflow-runner/runner.js';

// Each run is the whole chain, jobs as separate processes; two runs share the machine with other suites.
jest.setTimeout(180_000);

let running: RunningEmulator | undefined;
afterEach(async () => {
  await running?.close();
  running = undefined;
});

const FAST = { speed: 20_000, operationRetryAfterSeconds: 0 };

async function start(subjects = federatedSubjects()): Promise<RunningEmulator> {
  running = await emulator({ ...FAST, federatedSubjects: subjects });
  return running;
}

async function retrain(r: RunningEmulator, world: WorldChanges = {}): Promise<WorkflowRun> {
  const run = await runWorkflow(pushWorld(r, world), '.github/workflows/retrain.yml');
  expectNothingSecretShown(run, r);
  return run;
}

const results = (run: WorkflowRun) =>
  Object.fromEntries(Object.values(run.jobs).map((job) => [job.id, job.result]));
const traffic = (r: RunningEmulator) => r.store.endpoints.get('next-item')?.traffic;
const liveDeployments = (r: RunningEmulator) =>
  r.store
    .deploymentsOf('next-item')
    .filter((d) => d.deletingAt === undefined)
    .map((d) => d.name);

function expectNothingSecretShown(run: WorkflowRun, r: RunningEmulator): void {
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
function withEdit(path: string, from: string, to: string, sha = repositorySnapshot().sha): WorldChanges {
  const dir = mkdtempSync(join(tmpdir(), 'edited-checkout-'));
  cpSync(repositorySnapshot().dir, dir, { recursive: true });
  const file = join(dir, path);
  const text = readFileSync(file, 'utf8');
  expect(text.includes(from)).toBe(true);
  writeFileSync(file, text.split(from).join(to));
  return { repositoryDir: dir, repositories: { [REPOSITORY]: { dir, sha } }, event: { sha } };
}
const withWorkflowEdit = (from: string, to: string) => withEdit('.github/workflows/next-item.yml', from, to);
/** A push that changes the pipeline, so training runs again and makes a new model version. */
const pipelineChange = () =>
  withEdit('pipeline/pipeline.yml', 'jobs:', '# retrain\njobs:', 'fedcba9876543210fedcba9876543210fedcba98');

describe('the reusable workflow, run from retrain.yml against the emulator', () => {
  it('happy path: trains beside the image build, registers, deploys at 0% in the environment, smoke-scores, promotes', async () => {
    const r = await start();
    const run = await retrain(r);
    if (run.result !== 'success') console.log(run.log.join('\n'));
    expect(run.wiringErrors).toEqual([]);
    expect(run.result).toBe('success');
    expect(results(run)).toEqual({
      plan: 'success',
      train: 'success',
      image: 'success',
      register: 'success',
      deploy: 'success',
      smoke: 'success',
      promote: 'success',
      rollback: 'skipped',
    });
    const deployment = run.outputs.deployment!;
    expect(run.outputs).toEqual({
      'model-job-name': [...r.store.jobs.keys()][0],
      'model-id': 'azureml:next-item-triton:1',
      'acr-name': 'acrnextitem',
      image: expect.stringMatching(/^acrnextitem\.azurecr\.io\/next-item-triton:ctx-[0-9a-f]{16}$/),
      endpoint: 'next-item',
      'scoring-uri': expect.stringMatching(/\/inference\/next-item\/$/),
      deployment: expect.stringMatching(/^v1-[0-9a-f]{6}$/),
      traffic: JSON.stringify({ [deployment]: 100 }),
    });
    expect(traffic(r)).toEqual({ [deployment]: 100 });
    expect(r.triton.requestsByDeployment.get(deployment)).toBeGreaterThanOrEqual(20);

    // train and image ran side by side: the image job started before training ended.
    expect(run.jobs.image!.startedAt).toBeLessThan(run.jobs.train!.endedAt);
    expect(run.jobs.deploy!.environment).toEqual({
      name: 'production',
      url: expect.stringContaining('/endpoints/realtime/next-item/detail?wsid=/subscriptions/'),
    });
    expect(run.jobs.deploy!.subject).toBe(`repo:${REPOSITORY}:environment:production`);
    expect(run.jobs.train!.subject).toBe(`repo:${REPOSITORY}:ref:refs/heads/main`);
    expect(run.concurrencyGroup).toBe('next-item-endpoint-mlw-next-item-next-item');
    for (const id of ['train', 'image', 'register', 'deploy', 'smoke', 'promote'])
      expect(run.jobs[id]!.summaries.join('')).not.toBe('');
  });

  it('training step fails: the run fails naming the step, nothing is registered or deployed, the image still builds', async () => {
    const r = await start();
    r.setFaults({ failStep: { step: 'train', message: 'torch.cuda.OutOfMemoryError: CUDA out of memory' } });
    const run = await retrain(r);
    expect(run.wiringErrors).toEqual([]);
    expect(run.result).toBe('failure');
    expect(results(run)).toMatchObject({
      train: 'failure',
      image: 'success',
      register: 'skipped',
      deploy: 'skipped',
      smoke: 'skipped',
      promote: 'skipped',
      rollback: 'skipped',
    });
    const trainLog = run.jobs.train!.log.join('\n');
    expect(trainLog).toMatch(/::error::.*step 'train' Failed: .*CUDA out of memory/);
    expect(trainLog).toContain('https://ml.azure.com/runs/');
    expect(r.store.models.size).toBe(0);
    expect(r.store.endpoints.size).toBe(0);
  });

  it('deployment crash-loops: deploy fails with the log tail, the live deployment keeps all traffic', async () => {
    const r = await start();
    const first = await retrain(r);
    const live = first.outputs.deployment!;
    r.setFaults({ crashDeployments: { log: "ModuleNotFoundError: No module named 'merlin'" } });
    const run = await retrain(r, pipelineChange());
    expect(run.wiringErrors).toEqual([]);
    expect(run.result).toBe('failure');
    expect(results(run)).toMatchObject({
      register: 'success',
      deploy: 'failure',
      smoke: 'skipped',
      promote: 'skipped',
      rollback: 'skipped',
    });
    expect(run.jobs.deploy!.log.join('\n')).toContain("No module named 'merlin'");
    expect(traffic(r)).toEqual({ [live]: 100 });
    r.clock.advance(10 * 60_000);
    expect(liveDeployments(r)).toEqual([live]);
  });

  it('smoke test fails: the new deployment is rolled back and removed, traffic returns to the live one', async () => {
    const r = await start();
    const live = (await retrain(r)).outputs.deployment!;
    r.setFaults({ wrongShapes: true });
    const run = await retrain(r, pipelineChange());
    expect(run.wiringErrors).toEqual([]);
    expect(run.result).toBe('failure');
    expect(results(run)).toMatchObject({
      deploy: 'success',
      smoke: 'failure',
      promote: 'skipped',
      rollback: 'success',
    });
    const failed = run.jobs.deploy!.outputs.deployment!;
    expect(failed).not.toBe(live);
    expect(run.outputs.traffic).toBe(JSON.stringify({ [live]: 100 }));
    expect(traffic(r)).toEqual({ [live]: 100 });
    r.clock.advance(10 * 60_000);
    expect(liveDeployments(r)).toEqual([live]);
  });

  it('rerun with nothing changed: the job, model version, image and deployment are all reused', async () => {
    const r = await start();
    const first = await retrain(r);
    const builds = r.az.invocations.filter((call) => call.slice(0, 2).join(' ') === 'acr build').length;
    const started = Date.now();
    const rerun = await retrain(r, { runId: '9002' });
    const seconds = (Date.now() - started) / 1000;
    expect(rerun.wiringErrors).toEqual([]);
    expect(rerun.result).toBe('success');
    expect(rerun.outputs).toEqual(first.outputs);
    expect(r.store.jobs.size).toBe(1);
    expect([...r.store.models.get('next-item-triton')!.keys()]).toEqual(['1']);
    expect(r.az.invocations.filter((call) => call.slice(0, 2).join(' ') === 'acr build').length).toBe(builds);
    expect(rerun.jobs.image!.outputs.built).toBe('false');
    expect(rerun.jobs.deploy!.outputs.reused).toBe('true');
    expect(liveDeployments(r)).toEqual([first.outputs.deployment]);
    expect(results(rerun).rollback).toBe('skipped');
    expect(seconds).toBeGreaterThan(0);
  });
});

const dispatch = (inputs: Record<string, string>): WorldChanges => ({
  event: {
    name: 'workflow_dispatch',
    inputs: {
      'model-version': '',
      'model-job': '',
      endpoint: 'next-item',
      rollout: 'promote',
      environment: 'production',
      ...inputs,
    },
  },
});

describe('a caller in another repository', () => {
  it('runs the actions of the pinned next-item-actions commit on its own pipeline/ and inference/', async () => {
    const caller = 'shop-org/recommender';
    const callerSha = '1111111111111111111111111111111111111111';
    const dir = mkdtempSync(join(tmpdir(), 'caller-checkout-'));
    for (const folder of ['pipeline', 'inference'])
      cpSync(join(repositorySnapshot().dir, folder), join(dir, folder), { recursive: true });
    const dockerfile = join(dir, 'inference/triton/Dockerfile');
    writeFileSync(dockerfile, `${readFileSync(dockerfile, 'utf8')}# the shop's own serving image\n`);
    mkdirSync(join(dir, '.github/workflows'), { recursive: true });
    writeFileSync(
      join(dir, '.github/workflows/recommender.yml'),
      [
        'on: push',
        'permissions:',
        '  id-token: write',
        '  contents: read',
        'jobs:',
        '  recommender:',
        `    uses: ${REPOSITORY}/.github/workflows/next-item.yml@v1`,
        '    with:',
        '      workspace: ${{ vars.AZUREML_WORKSPACE }}',
        '      resource-group: ${{ vars.AZUREML_RESOURCE_GROUP }}',
        '      endpoint: shop-next-item',
        '      project-path: .',
        '    secrets: inherit',
        '',
      ].join('\n'),
    );
    const r = await start(federatedSubjects(caller));
    const actions = repositorySnapshot();
    const run = await runWorkflow(
      pushWorld(r, {
        repositoryDir: dir,
        repositories: { [REPOSITORY]: actions, [caller]: { dir, sha: callerSha } },
        event: { repository: caller, sha: callerSha },
      }),
      '.github/workflows/recommender.yml',
    );
    expectNothingSecretShown(run, r);
    if (run.result !== 'success') console.log(run.log.join('\n'));
    expect(run.wiringErrors).toEqual([]);
    expect(run.result).toBe('success');
    expect(run.jobs.plan!.log.join('\n')).toContain(
      `Actions from ${REPOSITORY} at ${actions.sha} (${REPOSITORY}/.github/workflows/next-item.yml@refs/tags/v1).`,
    );
    expect(run.jobs.train!.log.join('\n')).toContain('Pipeline pipeline/pipeline.yml:');
    expect(run.jobs.deploy!.subject).toBe(`repo:${caller}:environment:production`);
    expect(run.outputs.endpoint).toBe('shop-next-item');
    // The caller's build context, not next-item-actions' own, was built.
    const build = r.az.invocations.find((argv) => argv.slice(0, 2).join(' ') === 'acr build')!;
    expect(build.at(-1)).toMatch(/\/image\/workspace\/inference\/triton$/);
    expect(build.join(' ')).not.toContain('.next-item-actions');
  });
});

describe('a cancelled run', () => {
  it('cancels the Azure ML job it submitted, and starts no later job', async () => {
    const r = await start();
    const run = await retrain(r, { cancelWhen: /Submitted pipeline job/ });
    if (run.result !== 'cancelled') console.log(run.log.join('\n'));
    expect(run.wiringErrors).toEqual([]);
    expect(run.result).toBe('cancelled');
    expect(results(run)).toMatchObject({
      train: 'cancelled',
      register: 'skipped',
      deploy: 'skipped',
      smoke: 'skipped',
      promote: 'skipped',
      rollback: 'skipped',
    });
    const jobs = [...r.store.jobs.values()];
    expect(jobs).toHaveLength(1);
    // The step stops on SIGINT and cancels the job; the post step (post-if: cancelled()) makes sure of it.
    const trainLog = run.jobs.train!.log.join('\n');
    expect(trainLog).toContain(`Cancelled by SIGINT. Asked Azure ML to cancel job ${jobs[0]!.name}.`);
    expect(trainLog).toMatch(
      new RegExp(
        `Job ${jobs[0]!.name} had already ended \\(Canceled\\)|asked Azure ML to cancel job ${jobs[0]!.name}`,
      ),
    );
    expect(jobs[0]!.cancelRequestedAt).toBeDefined();
    expect(r.store.endpoints.size).toBe(0);
  });
});

describe('deploy.yml, run by hand', () => {
  it('deploys a registered version without training or registering: the live deployment already serves it', async () => {
    const r = await start();
    const first = await retrain(r);
    const run = await runWorkflow(
      pushWorld(r, dispatch({ 'model-version': '1' })),
      '.github/workflows/deploy.yml',
    );
    expectNothingSecretShown(run, r);
    expect(run.wiringErrors).toEqual([]);
    expect(results(run)).toMatchObject({
      plan: 'success',
      train: 'skipped',
      register: 'skipped',
      image: 'success',
      deploy: 'success',
      smoke: 'success',
      promote: 'success',
      rollback: 'skipped',
    });
    expect(run.outputs['model-id']).toBe('azureml:next-item-triton:1');
    expect(run.outputs['model-job-name']).toBe('');
    expect(run.outputs.deployment).toBe(first.outputs.deployment);
    expect(r.store.jobs.size).toBe(1);
  });

  it('without a model: plan fails naming the inputs, before anything touches Azure', async () => {
    const r = await start();
    const run = await runWorkflow(pushWorld(r, dispatch({})), '.github/workflows/deploy.yml');
    expect(run.result).toBe('failure');
    expect(results(run)).toMatchObject({
      plan: 'failure',
      train: 'skipped',
      image: 'skipped',
      deploy: 'skipped',
    });
    expect(run.jobs.plan!.log.join('\n')).toContain(
      '::error::Input skip-training is true but neither model-job nor model-version is set: name the model to deploy.',
    );
    expect(r.counters.armRequests).toBe(0);
  });
});

describe('wiring mistakes in the workflow fail the run', () => {
  it('reading a job output that the job does not declare', async () => {
    const r = await start();
    const run = await retrain(
      r,
      withWorkflowEdit('needs.register.outputs.model-id ||', 'needs.register.outputs.model_id ||'),
    );
    expect(run.result).toBe('failure');
    expect(run.wiringErrors.join('\n')).toMatch(/needs\.register\.outputs\.model_id does not exist/);
    expect(r.store.endpoints.size).toBe(0);
  });

  it('passing an input the action does not have', async () => {
    const r = await start();
    const run = await retrain(
      r,
      withWorkflowEdit(
        '          max-p95-ms: ${{ inputs.max-p95-ms }}',
        '          max-p95: ${{ inputs.max-p95-ms }}',
      ),
    );
    expect(run.result).toBe('failure');
    expect(run.wiringErrors.join('\n')).toMatch(/smoke-score has no input max-p95/);
  });

  it('a caller that does not grant id-token: write fails before any job starts', async () => {
    const r = await start();
    const run = await runWorkflow(
      pushWorld(r, withEdit('.github/workflows/retrain.yml', '  id-token: write\n', '')),
      '.github/workflows/retrain.yml',
    );
    expect(run.result).toBe('failure');
    expect(run.wiringErrors.join('\n')).toContain(
      "next-item.yml requests 'id-token: write', but retrain.yml only allows 'id-token: none'",
    );
    expect(Object.keys(run.jobs)).toEqual([]);
  });

  it('a deploy environment that the federated credentials do not trust fails the login, not silently later', async () => {
    const r = await start(federatedSubjects().filter((subject) => !subject.includes(':environment:')));
    const run = await retrain(r);
    expect(run.result).toBe('failure');
    expect(results(run)).toMatchObject({ register: 'success', deploy: 'failure', smoke: 'skipped' });
    expect(run.jobs.deploy!.log.join('\n')).toMatch(/AADSTS70021.*environment:production/);
  });
});
