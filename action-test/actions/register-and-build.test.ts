import { afterEach, describe, expect, it } from '@jest/globals';
import type { Faults } from '../emulator/config.js';
import { MODEL_CARD_JSON, TRAINING_METRICS } from '../emulator/model-repository.js';
import type { RunningEmulator } from '../emulator/server.js';
import { emulator, finishedJob } from '../support/emulator-harness.js';
import { runAgainstEmulator } from '../support/emulator-run.js';

let running: RunningEmulator | undefined;
afterEach(async () => {
  await running?.close();
  running = undefined;
});

const register = (r: RunningEmulator, inputs: Record<string, string>) =>
  runAgainstEmulator(r, { action: 'register-model', inputs });
const versions = (r: RunningEmulator) => [...(r.store.models.get('next-item-triton')?.values() ?? [])];

describe('register-model against the emulator', () => {
  it('registers a validated triton_model version once per job, tagged with its metrics', async () => {
    running = await emulator({ speed: 1 });
    const job = await finishedJob(running);
    const first = await register(running, {
      'job-name': job,
      'min-metrics': 'ndcg_at_20>=0.1,recall_at_20>=0.3',
      'beat-baseline': 'ndcg_at_20,recall_at_20',
    });
    if (first.exitCode) console.log(first.stdout);
    expect(first.exitCode).toBe(0);
    expect(first.outputs).toMatchObject({
      'model-name': 'next-item-triton',
      'model-version': '1',
      'model-id': 'azureml:next-item-triton:1',
      reused: 'false',
    });
    expect(first.outputs['model-arm-id']).toMatch(/\/models\/next-item-triton\/versions\/1$/);
    const [version] = versions(running);
    expect(version).toMatchObject({
      modelType: 'triton_model',
      modelUri: `azureml://jobs/${job}/outputs/model/paths/triton/`,
      jobName: job,
    });
    expect(version!.tags).toMatchObject({
      next_item_job: job,
      ndcg_at_20: String(TRAINING_METRICS.ndcg_at_20),
      github_sha: '0123456789abcdef0123456789abcdef01234567',
    });

    const again = await register(running, { 'job-name': job });
    expect(again.outputs).toMatchObject({ 'model-version': '1', reused: 'true' });
    expect(versions(running)).toHaveLength(1);

    const other = await finishedJob(running);
    expect((await register(running, { 'job-name': other })).outputs['model-version']).toBe('2');
  });

  it('describes and tags the version from the model card in the metrics output, and outputs its facts', async () => {
    running = await emulator({ speed: 1 });
    const job = await finishedJob(running);
    const run = await register(running, { 'job-name': job });
    expect(run.exitCode).toBe(0);
    const card = JSON.parse(MODEL_CARD_JSON) as { data: string; versions: Record<string, string> };
    const [version] = versions(running);
    // What the emulator stored from the PUT (the body the contract validator checked), not what the action says.
    expect(version!.description).toMatch(
      new RegExp(
        `^Next-item model trained by job ${job} on synthetic sessions: .*; trained on 2024-01-01\\.\\.2024-01-06 \\(6 days\\), evaluated on 2024-01-07, training took 5h\\. ndcg_at_20 ${TRAINING_METRICS.ndcg_at_20} \\(popularity ${TRAINING_METRICS.popularity_baseline.ndcg_at_20}, transition `,
      ),
    );
    expect(version!.tags).toMatchObject({
      data: card.data,
      train_window: '2024-01-01..2024-01-06 (6 days)',
      eval_window: '2024-01-07',
      training_seconds: '18000',
      hp_last_events: '3',
      lib_pandas: card.versions.pandas,
      github_run_url: expect.stringMatching(/\/actions\/runs\//),
    });
    expect(JSON.parse(run.outputs['model-card']!)).toMatchObject({
      data: card.data,
      trainWindow: '2024-01-01..2024-01-06 (6 days)',
      trainingSeconds: 18000,
    });
    expect(run.summary).toContain(
      'Model card: description and tags from model_card.json (synthetic sessions',
    );
    // A re-run reuses the version and gives the same facts, read back from its tags.
    const again = await register(running, { 'job-name': job });
    expect(again.outputs).toMatchObject({ reused: 'true', 'model-card': run.outputs['model-card'] });
  });

  it('registers a job of an older pipeline (no model card) with a notice, not a failure', async () => {
    running = await emulator({ speed: 1 });
    const job = await finishedJob(running);
    delete running.store.jobs.get(job)!.files.metrics!['model_card.json'];
    const run = await register(running, { 'job-name': job });
    expect(run.exitCode).toBe(0);
    expect(run.stdout).toContain(
      `::notice::Job ${job} wrote no model_card.json to its metrics output (a pipeline older than the model card): the model is registered without a card.`,
    );
    expect(run.summary).toContain('> Job');
    expect(run.outputs['model-card']).toBe('');
    const [version] = versions(running);
    expect(version!.description).toBe(`Merlin next-item model trained by job ${job}`);
    expect(version!.tags).not.toHaveProperty('train_window');
  });

  it.each<[NonNullable<Faults['brokenRepository']>, RegExp]>([
    ['empty-version-folder', /executor_model\/ has no numeric version folder with files/],
    [
      'name-mismatch',
      /1_predictpytorchtriton\/config\.pbtxt names the model 'predictpytorch', not '1_predictpytorchtriton'/,
    ],
    ['missing-model-pt', /1_predictpytorchtriton\/1\/model\.pt is missing/],
  ])('refuses a broken repository (%s), naming the path, and registers nothing', async (fault, message) => {
    running = await emulator({ speed: 1 }, { brokenRepository: fault });
    const job = await finishedJob(running);
    const run = await register(running, { 'job-name': job });
    expect(run.exitCode).toBe(1);
    expect(run.errorLines).toHaveLength(1);
    expect(run.errorLines[0]).toMatch(message);
    expect(run.summary).toContain('| path | problem | fix |');
    expect(versions(running)).toHaveLength(0);
  });

  it('refuses a model below the quality bar with a table of metric, value and bar', async () => {
    running = await emulator({ speed: 1 });
    const job = await finishedJob(running);
    const run = await register(running, { 'job-name': job, 'min-metrics': 'ndcg_at_20>=0.5' });
    expect(run.exitCode).toBe(1);
    const value = String(TRAINING_METRICS.ndcg_at_20);
    expect(TRAINING_METRICS.ndcg_at_20).toBeLessThan(0.5);
    expect(run.errorLines[0]).toContain(
      `below the quality bar, so nothing was registered: ndcg_at_20 ${value} (needs >= 0.5)`,
    );
    expect(run.summary).toContain(`| ndcg_at_20 | ${value} | >= 0.5 | ❌ |`);
    expect(versions(running)).toHaveLength(0);
  });

  it('registers the first model under beat-champion, saying it had no champion to beat', async () => {
    running = await emulator({ speed: 1 });
    const job = await finishedJob(running);
    const run = await register(running, { 'job-name': job, 'beat-champion': 'ndcg_at_20' });
    expect(run.exitCode).toBe(0);
    expect(run.summary).toMatch(
      /\| ndcg_at_20 \| not logged \| ≥ champion \(no champion: first model\) \| ✅ \|/,
    );
    expect(versions(running)).toHaveLength(1);
  });

  it('refuses a job that has not completed', async () => {
    running = await emulator({ speed: 1 });
    const job = await finishedJob(running);
    running.setFaults({});
    const { az } = (await import('../support/emulator-harness.js')).productionClients(running);
    await az.run(['extension', 'add', '--name', 'ml', '--yes']);
    const fresh = await az.json<{ name: string }>([
      'ml',
      'job',
      'create',
      '-f',
      'pipeline/pipeline.yml',
      '-g',
      running.config.resourceGroup,
      '-w',
      running.config.workspace,
    ]);
    void job;
    const run = await register(running, { 'job-name': fresh.name });
    expect(run.errorLines[0]).toMatch(
      /is (NotStarted|Running): only a Completed job's output can be registered/,
    );
  });
});
