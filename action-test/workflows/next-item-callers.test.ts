import { describe, expect, it, jest } from '@jest/globals';
import { cpSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { runWorkflow } from '../workflow-runner/runner.js';
import {
  federatedSubjects,
  pushWorld,
  repositorySnapshot,
  REPOSITORY,
  scratchDir,
} from '../support/workflow-world.js';
import {
  dispatch,
  expectNothingSecretShown,
  results,
  retrain,
  start,
  withEdit,
  withWorkflowEdit,
} from '../support/workflow-scenarios.js';

// Each run is the whole chain, jobs as separate processes; two runs share the machine with other suites.
jest.setTimeout(180_000);

describe('a caller in another repository', () => {
  it('runs the actions of the pinned next-item-actions commit on its own pipeline/ and inference/', async () => {
    const caller = 'shop-org/recommender';
    const callerSha = '1111111111111111111111111111111111111111';
    const dir = scratchDir('caller-checkout-');
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
