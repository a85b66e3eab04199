import { describe, expect, it, jest } from '@jest/globals';
import { cpSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { runWorkflow } from '../workflow-runner/runner.js';
import { parse } from 'yaml';
import { repoRoot } from '../support/action-manifests.js';
import type { RepositorySource } from '../workflow-runner/stand-ins.js';
import {
  identities,
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
  startLive,
  withEdit,
  withWorkflowEdit,
} from '../support/workflow-scenarios.js';

// Each run is the whole chain, jobs as separate processes; two runs share the machine with other suites.
jest.setTimeout(180_000);

/** The workflow of README "Use it", exactly as written, with OWNER replaced as its text says. */
function readmeCaller(): string {
  const readme = readFileSync(join(repoRoot, 'README.md'), 'utf8');
  const section = readme.slice(readme.indexOf('## Use it'));
  const example = /```yaml\n([\s\S]*?)```/.exec(section)![1]!;
  return example.replace('OWNER/next-item-actions', REPOSITORY);
}

/** A private repository of the same organisation: its own pipeline/ and inference/, and the README workflow. */
function privateCaller(caller: string, sha: string): RepositorySource {
  const dir = scratchDir('caller-checkout-');
  for (const folder of ['pipeline', 'inference'])
    cpSync(join(repositorySnapshot().dir, folder), join(dir, folder), { recursive: true });
  const dockerfile = join(dir, 'inference/triton/Dockerfile');
  writeFileSync(dockerfile, `${readFileSync(dockerfile, 'utf8')}# the shop's own serving image\n`);
  mkdirSync(join(dir, '.github/workflows'), { recursive: true });
  writeFileSync(join(dir, '.github/workflows/recommender.yml'), readmeCaller());
  return { dir, sha, visibility: 'private' };
}

describe('a caller in another, private repository, with the README example as written', () => {
  const caller = 'octo-org/shop-recommender';
  const callerSha = '1111111111111111111111111111111111111111';

  it('grants only id-token: write and contents: read, and runs the actions of the private next-item-actions commit on its own project', async () => {
    const example = parse(readmeCaller()) as { permissions: Record<string, string> };
    expect(example.permissions).toEqual({ 'id-token': 'write', contents: 'read' });
    const r = await start(identities(caller));
    const actions = { ...repositorySnapshot(), visibility: 'private' as const, sharedWithOrganization: true };
    const source = privateCaller(caller, callerSha);
    const run = await runWorkflow(
      pushWorld(r, {
        repositoryDir: source.dir,
        repositories: { [REPOSITORY]: actions, [caller]: source },
        event: { repository: caller, sha: callerSha },
      }),
      '.github/workflows/recommender.yml',
    );
    expectNothingSecretShown(run, r);
    if (run.result !== 'success') console.log(run.log.join('\n'));
    expect(run.wiringErrors).toEqual([]);
    expect(run.result).toBe('success');
    for (const [job, action] of [
      ['train', 'submit-pipeline'],
      ['image', 'build-triton'],
      ['register', 'register-model'],
      ['deploy', 'deploy-endpoint'],
      ['smoke', 'smoke-score'],
      ['promote', 'deploy-endpoint'],
    ] as const)
      expect(run.jobs[job]!.log.join('\n')).toContain(
        `Resolved $/actions/${action} to ${REPOSITORY}/actions/${action}@${actions.sha}`,
      );
    expect(run.jobs.train!.log.join('\n')).toContain('Pipeline pipeline/pipeline.yml:');
    expect(run.jobs.train!.subject).toBe(`repo:${caller}:ref:refs/heads/main`);
    expect(run.jobs.promote!.subject).toBe(`repo:${caller}:environment:production`);
    expect(run.outputs.endpoint).toBe('next-item');
    // The caller's build context, not next-item-actions' own, was built.
    const build = r.az.invocations.find((argv) => argv.slice(0, 2).join(' ') === 'acr build')!;
    expect(build.at(-1)).toMatch(/\/image\/workspace\/inference\/triton$/);
  });

  it('a private actions repository not shared with the organisation fails naming the setting', async () => {
    const r = await start(identities(caller));
    const source = privateCaller(caller, callerSha);
    const run = await runWorkflow(
      pushWorld(r, {
        repositoryDir: source.dir,
        repositories: { [REPOSITORY]: { ...repositorySnapshot(), visibility: 'private' }, [caller]: source },
        event: { repository: caller, sha: callerSha },
      }),
      '.github/workflows/recommender.yml',
    );
    expect(run.result).toBe('failure');
    expect(run.log.join('\n')).toContain('Settings → Actions → Access must allow repositories of octo-org');
    expect(r.counters.armRequests).toBe(0);
  });

  it('the job token cannot check out a private actions repository, which is why next-item.yml never does', async () => {
    const raw = readFileSync(join(repoRoot, '.github/workflows/next-item.yml'), 'utf8');
    const workflow = parse(raw) as {
      jobs: Record<string, { steps: { uses?: string; run?: string; with?: Record<string, unknown> }[] }>;
    };
    for (const [id, job] of Object.entries(workflow.jobs))
      for (const step of job.steps) {
        if (step.uses?.startsWith('actions/checkout@'))
          expect([id, step.with?.repository, step.with?.ref, step.with?.path]).toEqual([
            id,
            undefined,
            undefined,
            undefined,
          ]);
        if (step.uses && !step.uses.includes('@')) expect(step.uses).toMatch(/^\$\/actions\/[a-z-]+$/);
        expect(step.run ?? '').not.toMatch(/ACTIONS_ID_TOKEN|curl|base64|jq /);
      }
    expect(raw).not.toContain('.next-item-actions');
  });
});

describe('deploy.yml, run by hand', () => {
  it('deploys a registered version without training or registering: the live deployment already serves it', async () => {
    const { r, first } = await startLive();
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

  it('honours NEXT_ITEM_ENDPOINT as retrain.yml does, when the endpoint input is left empty', async () => {
    const r = await start();
    const named = (world: ReturnType<typeof pushWorld>) => ({
      ...world,
      vars: { ...world.vars, NEXT_ITEM_ENDPOINT: 'recs' },
    });
    await runWorkflow(named(pushWorld(r)), '.github/workflows/retrain.yml');
    const run = await runWorkflow(
      named(pushWorld(r, dispatch({ 'model-version': '1' }))),
      '.github/workflows/deploy.yml',
    );
    expect(run.wiringErrors).toEqual([]);
    expect(run.result).toBe('success');
    expect(run.outputs.endpoint).toBe('recs');
    expect([...r.store.endpoints.keys()]).toEqual(['recs']);
  });

  it('a mistyped endpoint fails the deploy clearly and creates no endpoint (create-endpoint is off by default)', async () => {
    const { r } = await startLive();
    const run = await runWorkflow(
      pushWorld(r, dispatch({ 'model-version': '1', endpoint: 'next-itme' })),
      '.github/workflows/deploy.yml',
    );
    expect(run.result).toBe('failure');
    expect(results(run)).toMatchObject({ deploy: 'failure', smoke: 'skipped', promote: 'skipped' });
    expect(run.jobs.deploy!.log.join('\n')).toContain(
      "::error::Endpoint 'next-itme' does not exist in this workspace, and create-endpoint is false.",
    );
    expect([...r.store.endpoints.keys()]).toEqual(['next-item']);
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
    const cause =
      'Input skip-training is true but neither model-job nor model-version is set: name the model to deploy.';
    expect(run.jobs.plan!.log.join('\n')).toContain(`::error::${cause}`);
    expect(run.jobs.plan!.summaries.join('').split('\n')[0]).toBe(`❌ ${cause}`);
    expect(run.jobs.report!.summaries.join('').split('\n')[0]).toBe(
      `❌ Nothing changed: the plan stopped: ${cause}`,
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
    const [training, deployment] = identities();
    const r = await start([
      training!,
      { ...deployment!, subjects: deployment!.subjects.filter((s) => !s.endsWith(':production-canary')) },
    ]);
    const run = await retrain(r);
    expect(run.result).toBe('failure');
    expect(results(run)).toMatchObject({ register: 'success', deploy: 'failure', smoke: 'skipped' });
    expect(run.jobs.deploy!.log.join('\n')).toMatch(/AADSTS70021.*environment:production-canary/);
  });
});
