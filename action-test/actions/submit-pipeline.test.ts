import { afterEach, describe, expect, it } from '@jest/globals';
import { TRAINING_METRICS } from '../emulator/model-repository.js';
import type { RunningEmulator } from '../emulator/server.js';
import { emulator, HOUR_LONG_JOB } from '../support/emulator-harness.js';
import { runAgainstEmulator } from '../support/emulator-run.js';

let running: RunningEmulator | undefined;
afterEach(async () => {
  await running?.close();
  running = undefined;
});

describe('submit-pipeline against the emulator', () => {
  it('follows a six-hour job with five-minute ID tokens and sixty-minute access tokens to Completed, with no authentication failure', async () => {
    // Token lifetimes on the emulated clock only (a sixty-minute access token lasts one real second).
    running = await emulator({ speed: 3600, accessTokenMinRealMs: 0 });
    const run = await runAgainstEmulator(running, { action: 'submit-pipeline', timeoutMs: 60_000 });
    if (run.exitCode !== 0) console.log(run.stdout, run.stderr);
    expect(run.exitCode).toBe(0);
    expect(run.outputs).toMatchObject({ status: 'Completed', reused: 'false' });
    expect(run.outputs['job-name']).toMatch(/^next_item_/);
    // The Triton repository inside the model output, in a form azure-ai-ml's JOB_URI_REGEX_FORMAT accepts.
    expect(run.outputs['model-uri']).toBe(
      `azureml://jobs/${run.outputs['job-name']}/outputs/model/paths/triton/`,
    );
    expect(run.outputs['model-uri']).toMatch(/^azureml:\/\/jobs\/([^/]+)\/outputs\/([^/]+)\/paths\/(.+)$/);
    // The metrics come from the pipeline's metrics output (metrics.json as train.py writes it), so they do not
    // depend on how run history names the steps (its azureml.nodeid is a graph id, not the YAML key).
    const { ndcg_at_20, recall_at_20, ndcg_at_40, recall_at_40, popularity_baseline, transition_baseline } =
      TRAINING_METRICS;
    expect(JSON.parse(run.outputs.metrics!)).toEqual({
      ndcg_at_20,
      recall_at_20,
      ndcg_at_40,
      recall_at_40,
      transition_baseline,
      popularity_baseline,
    });
    const downloads = running.az.invocations.filter(
      (argv) => argv.slice(0, 3).join(' ') === 'ml job download',
    );
    // (az may be run again after a fresh login once the five-minute federated token has expired.)
    expect(new Set(downloads.map((argv) => argv[argv.indexOf('--output-name') + 1]))).toEqual(
      new Set(['metrics']),
    );
    expect(running.identity.counters).toMatchObject({ rejectedAssertions: 0, rejectedArmTokens: 0 });
    expect(running.identity.counters.idTokens).toBeGreaterThan(2);
    expect(run.stdout).toMatch(/train: Running → Finalizing|train: \w+ → Completed/);
    expect(run.summary).toContain('| train |');
    expect(run.summary).toMatch(/### Metrics/);
    expect(run.state['job-name']).toBe(run.outputs['job-name']);
  });
});

describe('submit-pipeline when things go wrong', () => {
  it('completes with 20% of Azure calls answered 429 or 503 and some connections reset', async () => {
    // An hour-long job: the faults are the point, not the job's length.
    running = await emulator(
      { speed: 3600, ...HOUR_LONG_JOB },
      { throttleRate: 0.1, unavailableRate: 0.06, resetRate: 0.04, retryAfterSeconds: 0 },
    );
    const run = await runAgainstEmulator(running, { action: 'submit-pipeline', timeoutMs: 60_000 });
    expect(run.exitCode).toBe(0);
    expect(run.outputs.status).toBe('Completed');
    expect(running.counters.injectedFaults).toBeGreaterThan(0);
  });

  it('fails a run whose train step fails, naming the step, its error and the Studio link', async () => {
    running = await emulator(
      { speed: 3600, ...HOUR_LONG_JOB },
      { failStep: { step: 'train', message: 'CUDA out of memory. Tried to allocate 2.00 GiB' } },
    );
    const run = await runAgainstEmulator(running, { action: 'submit-pipeline', timeoutMs: 60_000 });
    expect(run.exitCode).toBe(1);
    expect(run.errorLines).toHaveLength(1);
    expect(run.errorLines[0]).toMatch(
      /^::error::Pipeline job next_item_\w+ Failed: step 'train' Failed: CUDA out of memory\. Tried to allocate 2\.00 GiB\. Studio: https:\/\/ml\.azure\.com\/runs\/next_item_/,
    );
    expect(run.outputs.status).toBe('Failed');
    expect(run.summary).toMatch(/\| train \| ❌ Failed \|/);
  });

  it('cancels the Azure job when the workflow is cancelled: SIGINT, then the post step', async () => {
    running = await emulator({ speed: 60 });
    const run = await runAgainstEmulator(running, {
      action: 'submit-pipeline',
      timeoutMs: 60_000,
      interruptWhen: /Submitted pipeline job/,
    });
    expect(run.exitCode).toBe(1);
    const name = run.state['job-name']!;
    expect(run.errorLines[0]).toMatch(
      new RegExp(`Cancelled by SIGINT\\. Asked Azure ML to cancel job ${name}\\.`),
    );
    const post = await runAgainstEmulator(running, {
      action: 'submit-pipeline',
      entry: 'post',
      state: { 'job-name': name },
    });
    expect(post.exitCode).toBe(0);
    const job = running.store.jobs.get(name)!;
    expect(job.cancelRequestedAt).toBeDefined();
    expect(['CancelRequested', 'Canceled']).toContain(
      (await import('../emulator/jobs.js')).jobState(job, running.clock.now()).status,
    );
  });

  it('reuses a Completed job with the same content hash: nothing submitted, the same job name', async () => {
    running = await emulator({ speed: 3600, ...HOUR_LONG_JOB });
    const first = await runAgainstEmulator(running, { action: 'submit-pipeline', timeoutMs: 60_000 });
    expect(first.exitCode).toBe(0);
    const azCalls = running.az.invocations.length;
    const again = await runAgainstEmulator(running, { action: 'submit-pipeline', timeoutMs: 60_000 });
    expect(again.exitCode).toBe(0);
    expect(again.outputs).toMatchObject({
      'job-name': first.outputs['job-name'],
      reused: 'true',
      status: 'Completed',
    });
    // Nothing submitted: the only az work is reading the earlier job's metrics output.
    const since = running.az.invocations.slice(azCalls).map((argv) => argv.slice(0, 3).join(' '));
    expect(since).not.toContain('ml job create');
    expect(since).toContain('ml job download');
    expect(JSON.parse(again.outputs.metrics!)).toMatchObject({ ndcg_at_20: TRAINING_METRICS.ndcg_at_20 });
    expect(running.store.jobs.size).toBe(1);
    const changed = await runAgainstEmulator(running, {
      action: 'submit-pipeline',
      inputs: { hyperparameters: 'd_model=128' },
      timeoutMs: 60_000,
    });
    expect(changed.outputs['job-name']).not.toBe(first.outputs['job-name']);
    const forced = await runAgainstEmulator(running, {
      action: 'submit-pipeline',
      inputs: { force: 'true', wait: 'false' },
      timeoutMs: 60_000,
    });
    expect(forced.outputs).toMatchObject({ reused: 'false', status: 'NotStarted' });
  });

  it('a rerun after a SIGKILL that followed submission follows the job in flight: one job, no second submission', async () => {
    running = await emulator({ speed: 3600 });
    const killed = await runAgainstEmulator(running, {
      action: 'submit-pipeline',
      killWhen: /Submitted pipeline job/,
      timeoutMs: 60_000,
    });
    expect(killed.exitCode).not.toBe(0);
    expect(running.store.jobs.size).toBe(1);
    const [inFlight] = [...running.store.jobs.keys()];
    const azCalls = running.az.invocations.length;
    const rerun = await runAgainstEmulator(running, { action: 'submit-pipeline', timeoutMs: 60_000 });
    if (rerun.exitCode) console.log(rerun.stdout);
    expect(rerun.exitCode).toBe(0);
    expect(rerun.stdout).toContain(`Following job ${inFlight}`);
    expect(rerun.outputs).toMatchObject({ 'job-name': inFlight, reused: 'true', status: 'Completed' });
    const since = running.az.invocations.slice(azCalls).map((argv) => argv.slice(0, 3).join(' '));
    expect(since).not.toContain('ml job create');
    expect(running.store.jobs.size).toBe(1);
  });

  it('force submits beside a job in flight with the same content hash', async () => {
    running = await emulator({ speed: 1 });
    const first = await runAgainstEmulator(running, { action: 'submit-pipeline', inputs: { wait: 'false' } });
    const adopted = await runAgainstEmulator(running, {
      action: 'submit-pipeline',
      inputs: { wait: 'false' },
    });
    expect(adopted.outputs).toMatchObject({ 'job-name': first.outputs['job-name'], reused: 'true' });
    const forced = await runAgainstEmulator(running, {
      action: 'submit-pipeline',
      inputs: { wait: 'false', force: 'true' },
    });
    expect(forced.outputs['job-name']).not.toBe(first.outputs['job-name']);
    expect(running.store.jobs.size).toBe(2);
  });

  it('with wait: false, returns right after submitting', async () => {
    running = await emulator({ speed: 1 });
    const run = await runAgainstEmulator(running, {
      action: 'submit-pipeline',
      inputs: {
        wait: 'false',
        compute: 'cpu-cluster',
        'start-date': '2024-03-01',
        'end-date': '2024-03-02',
        tags: 'team=recsys',
      },
    });
    expect(run.exitCode).toBe(0);
    expect(run.outputs).toMatchObject({ status: 'NotStarted', metrics: '' });
    const job = running.store.jobs.get(run.outputs['job-name']!)!;
    expect(job.computeId).toBe('azureml:cpu-cluster');
    expect(job.inputs.start_date).toEqual({ jobInputType: 'literal', value: '2024-03-01' });
    expect(job.tags).toMatchObject({
      team: 'recsys',
      github_sha: '0123456789abcdef0123456789abcdef01234567',
      github_run_url: 'https://github.com/octo-org/next-item-actions/actions/runs/4242',
    });
    expect(job.tags.next_item_content_hash).toMatch(/^[0-9a-f]{64}$/);
  });

  it('cancels the job and fails when the timeout passes', async () => {
    running = await emulator({ speed: 60 });
    const run = await runAgainstEmulator(running, {
      action: 'submit-pipeline',
      inputs: { timeout: '3s' },
      timeoutMs: 60_000,
    });
    expect(run.exitCode).toBe(1);
    expect(run.errorLines[0]).toMatch(
      /Timed out after 3s\. Asked Azure ML to cancel job next_item_\w+\. Raise the timeout input/,
    );
    expect([...running.store.jobs.values()][0]!.cancelRequestedAt).toBeDefined();
  });

  it('says which step failed at submission when the YAML wiring is broken', async () => {
    running = await emulator({ speed: 60 });
    const run = await runAgainstEmulator(running, {
      action: 'submit-pipeline',
      inputs: { compute: 'tiny-cluster' },
    });
    expect(run.exitCode).toBe(1);
    expect(run.errorLines[0]).toMatch(
      /az ml job create failed \(exit 1\): \(UserError\) Compute tiny-cluster was not found/,
    );
  });
});
