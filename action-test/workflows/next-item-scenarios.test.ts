import { describe, expect, it, jest } from '@jest/globals';
import {
  callerSettings,
  DEPLOYMENT_CLIENT_ID,
  identities,
  REPOSITORY,
  repositorySnapshot,
  TRAINING_CLIENT_ID,
} from '../support/workflow-world.js';
import {
  liveDeployments,
  liveRun,
  pipelineChange,
  results,
  retrain,
  start,
  startLive,
  traffic,
} from '../support/workflow-scenarios.js';

/** Every resource the run made leads back to its commit and run: job, model version, image, endpoint, deployment. */
function expectLineageOnEverything(r: Awaited<ReturnType<typeof start>>): void {
  const sha = repositorySnapshot().sha;
  const lineage = { github_sha: sha, github_run_url: `https://github.com/${REPOSITORY}/actions/runs/9001` };
  const made = {
    jobs: [...r.store.jobs.values()].map((job) => job.tags),
    models: [...r.store.models.values()].flatMap((versions) => [...versions.values()].map((v) => v.tags)),
    endpoints: [...r.store.endpoints.values()].map((endpoint) => endpoint.tags),
    deployments: r.store.deploymentsOf('next-item').map((deployment) => deployment.body.tags ?? {}),
  };
  for (const [kind, tags] of Object.entries(made)) {
    expect([kind, tags.length]).not.toEqual([kind, 0]);
    for (const each of tags) expect([kind, each]).toEqual([kind, expect.objectContaining(lineage)]);
  }
  const images = [...r.store.images.values()];
  expect(images.length).toBeGreaterThan(0);
  for (const image of images)
    expect(image.labels).toMatchObject({
      'org.opencontainers.image.revision': sha,
      'org.opencontainers.image.source': `https://github.com/${REPOSITORY}`,
    });
}

// Each run is the whole chain, jobs as separate processes; two runs share the machine with other suites.
jest.setTimeout(180_000);

describe('the reusable workflow, run from retrain.yml against the emulator', () => {
  it('happy path: trains beside the image build, registers, deploys at 0% in the environment, smoke-scores, promotes', async () => {
    const { r, run } = await liveRun();
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
      report: 'success',
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
      name: 'production-canary',
      url: expect.stringContaining('/endpoints/realtime/next-item/detail?wsid=/subscriptions/'),
    });
    for (const id of ['train', 'image', 'register'])
      expect(run.jobs[id]!.subject).toBe(`repo:${REPOSITORY}:ref:refs/heads/main`);
    for (const id of ['deploy', 'smoke'])
      expect(run.jobs[id]!.subject).toBe(`repo:${REPOSITORY}:environment:production-canary`);
    // The traffic switch runs in the protected environment, approved after the smoke results were in.
    expect(run.jobs.promote!.subject).toBe(`repo:${REPOSITORY}:environment:production`);
    expect(run.jobs.promote!.environment?.name).toBe('production');
    expect(run.jobs.deploy!.approval).toBeUndefined();
    expect(run.jobs.promote!.approval?.approved).toBe(true);
    expect(run.jobs.promote!.approval!.requestedAt).toBeGreaterThanOrEqual(run.jobs.smoke!.endedAt);
    expect(run.concurrencyGroup).toBe('next-item-endpoint-mlw-next-item-next-item');
    for (const id of ['train', 'image', 'register', 'deploy', 'smoke', 'promote'])
      expect(run.jobs[id]!.summaries.join('')).not.toBe('');
    expectLineageOnEverything(r);
    // The run report: the verdict first, then the facts, and a chart per metric of the model against its baselines.
    const report = run.jobs.report!.summaries.join('');
    expect(report.split('\n')[0]).toBe(
      `✅ Promoted azureml:next-item-triton:1 (${deployment}) to 100% of the traffic on next-item.`,
    );
    expect(report).toContain(
      `| deployment | traffic before | traffic after |\n| --- | --- | --- |\n| ${deployment} | 0% | 100% |`,
    );
    expect(report).toMatch(/\| image digest \| `sha256:[0-9a-f]{64}` \|/);
    expect(report).toContain(`&tid=${r.config.tenantId}`);
    expect(report).toContain(
      '```mermaid\nxychart-beta\n  title "ndcg_at_20"\n  x-axis ["model", "transition", "popularity"]',
    );
    // ...and the smoke test's latency distribution, as bars of 20 requests in all.
    const latency =
      /### Smoke-test latency\n\n```mermaid\nxychart-beta\n.*\n {2}x-axis "latency \(ms\)" \[.*\]\n.*\n {2}bar \[([\d, ]+)\]\n```/.exec(
        report,
      );
    expect(latency).not.toBeNull();
    expect(latency![1]!.split(', ').reduce((sum, count) => sum + Number(count), 0)).toBe(20);
    // The model card: registered with the version (description and tags) and shown in the report, through the
    // register job's model-card output.
    const version = r.store.models.get('next-item-triton')!.get('1')!;
    expect(version.description).toMatch(/^Next-item model trained by job \S+ on synthetic sessions: /);
    expect(version.tags).toMatchObject({
      train_window: '2024-01-01..2024-01-06 (6 days)',
      training_seconds: '18000',
    });
    expect(report).toMatch(
      /### Model card\n\n\| {2}\| {2}\|\n\| --- \| --- \|\n\| data \| synthetic sessions: .*\|\n\| trained on \| 2024-01-01\.\.2024-01-06 \(6 days\) \|\n\| evaluated on \| 2024-01-07 \|\n\| training time \| 5h \|\n\| hyperparameters \| last_events=3, decay=0\.3 \|\n\| libraries \| numpy [\d.]+, pandas [\d.]+ \|/,
    );
  });

  it('rerun with nothing changed: the job, model version, image and deployment are all reused', async () => {
    // On the emulator of the file's first run, after the happy path's checks (Jest runs a file's tests in order).
    const { r, run: first } = await liveRun();
    expect(first.result).toBe('success');
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
    expect(rerun.jobs.report!.summaries.join('').split('\n')[0]).toBe(
      `➖ Nothing changed: ${first.outputs.deployment} already serves azureml:next-item-triton:1 on next-item.`,
    );
    expect(seconds).toBeGreaterThan(0);
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
    const { r, first } = await startLive();
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
      // Cleanup does not depend on the step that failed: rollback runs, finds the failed deployment gone.
      rollback: 'success',
    });
    expect(run.jobs.rollback!.log.join('\n')).toMatch(/Traffic already with .*; .* is already gone or going/);
    expect(run.jobs.deploy!.log.join('\n')).toContain("No module named 'merlin'");
    expect(traffic(r)).toEqual({ [live]: 100 });
    r.clock.advance(10 * 60_000);
    expect(liveDeployments(r)).toEqual([live]);
    expect(run.jobs.report!.summaries.join('').split('\n')[0]).toBe(
      '❌ Nothing changed: the new deployment failed to start; live traffic was not touched.',
    );
  });

  it('smoke test fails: the new deployment is rolled back and removed, traffic returns to the live one', async () => {
    const { r, first } = await startLive();
    const live = first.outputs.deployment!;
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
    // Rollback, like promotion, runs in the protected environment with its subject.
    expect(run.jobs.rollback!.subject).toBe(`repo:${REPOSITORY}:environment:production`);
    expect(run.jobs.rollback!.approval?.approved).toBe(true);
    const failed = run.jobs.deploy!.outputs.deployment!;
    expect(failed).not.toBe(live);
    expect(run.outputs.traffic).toBe(JSON.stringify({ [live]: 100 }));
    expect(traffic(r)).toEqual({ [live]: 100 });
    r.clock.advance(10 * 60_000);
    expect(liveDeployments(r)).toEqual([live]);
    // The verdict names the smoke test's own cause, and the smoke summary says it once with a count.
    const verdict = run.jobs.report!.summaries.join('').split('\n')[0]!;
    expect(verdict.startsWith(`↩️ Rolled back ${failed} on next-item: the smoke test failed (`)).toBe(true);
    expect(verdict).toMatch(
      new RegExp(
        `check\\(s\\) failed against deployment ${failed}; most often: 20 of 20 requests \\(1, 2, 3, 4, 5, … 20\\): .*shape`,
      ),
    );
    expect(verdict.endsWith(`). Traffic is back on ${live}.`)).toBe(true);
    const smoke = run.jobs.smoke!.summaries.join('');
    expect(smoke.split('\n')[0]).toMatch(/^## ❌ Smoke test failed: /);
    // 80 failed checks (four problems in each of 20 answers) read as four lines, one per problem.
    const lines = smoke.split('### Failures\n\n')[1]!.trim().split('\n\n')[0]!.split('\n');
    expect(lines).toHaveLength(4);
    for (const line of lines) expect(line).toMatch(/^- 20 of 20 requests \(1, 2, 3, 4, 5, … 20\): item_id/);
  });
});

describe('identities split by duty', () => {
  it('the deployment identity asked to train fails the login clearly, and nothing is submitted', async () => {
    const r = await start();
    const run = await retrain(r, {
      vars: { ...callerSettings(r).vars, AZURE_CLIENT_ID: DEPLOYMENT_CLIENT_ID },
    });
    expect(run.result).toBe('failure');
    expect(results(run)).toMatchObject({ train: 'failure', image: 'failure', deploy: 'skipped' });
    expect(run.jobs.train!.log.join('\n')).toMatch(
      /AADSTS70021: No matching federated identity record found .*Assertion Subject: 'repo:octo-org\/next-item-actions:ref:refs\/heads\/main'/,
    );
    expect(r.store.jobs.size).toBe(0);
  });

  it('the training identity trusted for the environment (a set-up mistake) still cannot deploy: ARM refuses the role', async () => {
    const [training, deployment] = identities();
    const r = await start([
      { ...training!, subjects: [...training!.subjects, ...deployment!.subjects] },
      deployment!,
    ]);
    const settings = callerSettings(r);
    const run = await retrain(r, {
      environments: {
        ...settings.environments,
        'production-canary': { vars: { AZURE_CLIENT_ID: TRAINING_CLIENT_ID } },
      },
    });
    expect(run.result).toBe('failure');
    expect(results(run)).toMatchObject({ register: 'success', deploy: 'failure', promote: 'skipped' });
    expect(run.jobs.deploy!.log.join('\n')).toMatch(
      /403 AuthorizationFailed: The client '[0-9a-f-]+' \(next-item-train\) does not have authorization to perform action 'Microsoft\.MachineLearningServices\/workspaces\/onlineEndpoints\/(read|write)'/,
    );
    expect(r.store.endpoints.size).toBe(0);
  });

  it('a reviewer who rejects the promotion leaves the new deployment at 0% and the live one serving', async () => {
    const { r, first } = await startLive();
    const live = first.outputs.deployment!;
    const run = await retrain(r, {
      ...pipelineChange(),
      approve: ({ job }) => job !== 'promote',
    });
    expect(results(run)).toMatchObject({ smoke: 'success', promote: 'failure', rollback: 'success' });
    expect(run.jobs.promote!.approval).toMatchObject({ approved: false });
    expect(traffic(r)).toEqual({ [live]: 100 });
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
        `The workflow was cancelled\\. (Job ${jobs[0]!.name} had already ended \\(Canceled\\)|Asked Azure ML to cancel job ${jobs[0]!.name})`,
      ),
    );
    expect(jobs[0]!.cancelRequestedAt).toBeDefined();
    expect(r.store.endpoints.size).toBe(0);
  });
});
