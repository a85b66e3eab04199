import { afterEach, describe, expect, it } from '@jest/globals';
import type { RunningEmulator } from '../emulator/server.js';
import { emulator, HOUR_LONG_JOB, productionClients } from '../support/emulator-harness.js';
import { runAgainstEmulator } from '../support/emulator-run.js';

let running: RunningEmulator | undefined;
afterEach(async () => {
  await running?.close();
  running = undefined;
});

const MODEL = 'next-item-triton';
const ENDPOINT = 'next-item';

/** Registers the Triton repository of `job` as MODEL:version, as register-model does. */
async function register(r: RunningEmulator, version: string, job: string): Promise<void> {
  const { arm, workspace } = productionClients(r);
  await arm.begin('PUT', `${workspace}/models/${MODEL}/versions/${version}`, {
    body: {
      properties: {
        modelType: 'triton_model',
        modelUri: `azureml://jobs/${job}/outputs/model/paths/triton/`,
        jobName: job,
      },
    },
  });
}

/** Makes `deployment` (serving MODEL:version) the endpoint's live deployment, with all the traffic. */
function serveLive(r: RunningEmulator, deployment: string, version: string): void {
  const { workspace } = productionClients(r);
  const now = r.clock.now() - 1;
  const model = `${workspace}/models/${MODEL}/versions/${version}`;
  const environmentId = `${workspace}/environments/triton/versions/1`;
  r.store.deployments.set(r.store.deploymentKey(ENDPOINT, deployment), {
    endpoint: ENDPOINT,
    name: deployment,
    body: { properties: { endpointComputeType: 'Managed', model, environmentId } },
    modelId: model,
    environmentId,
    createdAt: now,
    readyAt: now,
  });
  const existing = r.store.endpoints.get(ENDPOINT);
  r.store.endpoints.set(ENDPOINT, {
    name: ENDPOINT,
    authMode: 'Key',
    traffic: { [deployment]: 100 },
    mirrorTraffic: {},
    tags: {},
    createdAt: existing?.createdAt ?? now,
    readyAt: now,
    keys: { primaryKey: 'k1', secondaryKey: 'k2' },
  });
}

function submit(r: RunningEmulator, inputs: Record<string, string>) {
  return runAgainstEmulator(r, { action: 'submit-pipeline', inputs, timeoutMs: 60_000 });
}

const metricsOf = (outputs: Record<string, string>) =>
  JSON.parse(outputs.metrics!) as Record<string, unknown>;

describe('submit-pipeline with the live model as champion', () => {
  it('scores the live model as champion, keys reuse on it, and reuses the job whose model is live', async () => {
    // Hour-long jobs: three are trained to their end, and their length is not the point.
    running = await emulator({ speed: 3600, ...HOUR_LONG_JOB });
    const byEndpoint = { 'champion-endpoint': ENDPOINT };

    const first = await submit(running, byEndpoint);
    expect(first.exitCode).toBe(0);
    expect(first.stdout).toContain(`Champion: endpoint ${ENDPOINT} does not exist yet, so there is none.`);
    expect(metricsOf(first.outputs)).not.toHaveProperty('champion');
    const firstJob = first.outputs['job-name']!;

    // The first model goes live; the same files and data again would train it again: reuse instead.
    await register(running, '1', firstJob);
    serveLive(running, 'blue', '1');
    const rerun = await submit(running, byEndpoint);
    expect(rerun.outputs).toMatchObject({ 'job-name': firstJob, reused: 'true' });
    expect(rerun.stdout).toContain(`was trained by job ${firstJob} from these same files, inputs and data`);

    // New inputs: the live model is the champion, scored beside the new one.
    const changed = { ...byEndpoint, 'rows-per-day': '1000' };
    const challenger = await submit(running, changed);
    expect(challenger.exitCode).toBe(0);
    expect(challenger.outputs.reused).toBe('false');
    expect(challenger.stdout).toContain(
      `Champion: azureml:${MODEL}:1 (live deployment blue of endpoint ${ENDPOINT}`,
    );
    const secondJob = challenger.outputs['job-name']!;
    expect(metricsOf(challenger.outputs)).toMatchObject({
      served: { ndcg_at_20: expect.any(Number) },
      champion: { ndcg_at_20: expect.any(Number), recall_at_20: expect.any(Number) },
    });
    expect(running.store.jobs.get(secondJob)?.tags).toMatchObject({
      next_item_base_hash: expect.stringMatching(/^[0-9a-f]{64}$/),
    });

    // The same champion given by name is the same content hash: reused.
    const byName = await submit(running, { 'rows-per-day': '1000', 'champion-model': `azureml:${MODEL}:1` });
    expect(byName.outputs).toMatchObject({ 'job-name': secondJob, reused: 'true' });
    // Without a champion the content differs: a run of its own.
    const none = await submit(running, { 'rows-per-day': '1000' });
    expect(none.outputs.reused).toBe('false');
    expect(none.outputs['job-name']).not.toBe(secondJob);

    // The challenger is promoted; rerunning it reuses it rather than comparing it with itself.
    await register(running, '2', secondJob);
    serveLive(running, 'green', '2');
    const afterPromotion = await submit(running, changed);
    expect(afterPromotion.outputs).toMatchObject({ 'job-name': secondJob, reused: 'true' });
    expect(running.store.jobs.size).toBe(3);
  }, 300_000);

  it('fails before submitting when the champion model does not exist, or both champion inputs are set', async () => {
    running = await emulator({ speed: 3600 });
    const missing = await submit(running, { 'champion-model': `azureml:${MODEL}:9` });
    expect(missing.exitCode).toBe(1);
    expect(missing.errorLines[0]).toContain(
      `The champion azureml:${MODEL}:9 (input champion-model) is not a model version of workspace ${running.config.workspace}.`,
    );
    const both = await submit(running, {
      'champion-model': `azureml:${MODEL}:1`,
      'champion-endpoint': ENDPOINT,
    });
    expect(both.exitCode).toBe(1);
    expect(both.errorLines[0]).toContain("Input 'champion-model' and champion-endpoint are both set");
    expect(running.store.jobs.size).toBe(0);
  });
});
