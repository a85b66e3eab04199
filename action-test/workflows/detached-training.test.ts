import { afterEach, describe, expect, it, jest } from '@jest/globals';
import { detachedWorld, KEY_VAULT, type DetachedWorld } from '../support/detached-world.js';
import { liveDeployments, results, start, traffic } from '../support/workflow-scenarios.js';
import { runWorkflow, type WorkflowRun } from '../workflow-runner/runner.js';
import type { RunningEmulator } from '../emulator/server.js';
import { decodeResumeInputs, resumeInputsFromTags } from '../../src/actions/shared/pending-rollout.js';

// Detached training, end to end on the emulator: retrain.yml submits and ends, the job finishes, and the rollout
// resumes through the pipeline's own dispatch or through the scheduled resume.yml, exactly once.
jest.setTimeout(240_000);

let github: DetachedWorld | undefined;
afterEach(async () => {
  await github?.close();
  github = undefined;
});

const job = (r: RunningEmulator) => [...r.store.jobs.values()].at(-1)!;
const dumpOnFailure = (run: WorkflowRun) => run.result !== 'success' && console.log(run.log.join('\n'));

async function until<T>(what: string, probe: () => T | undefined, timeoutMs = 60_000): Promise<T> {
  const end = Date.now() + timeoutMs;
  for (;;) {
    const value = probe();
    if (value !== undefined) return value;
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((done) => setTimeout(done, 50));
  }
}

/** Moves the emulated clock past the end of the newest job (its resume step included). */
function finishTraining(r: RunningEmulator): void {
  r.clock.advance(7 * 3_600_000);
}

const summaries = (run: WorkflowRun) =>
  Object.values(run.jobs)
    .flatMap((j) => j.summaries)
    .join('\n');

async function detachedRetrain(r: RunningEmulator, world: DetachedWorld): Promise<WorkflowRun> {
  const run = await runWorkflow(world.world(), '.github/workflows/retrain.yml');
  dumpOnFailure(run);
  expect(run.wiringErrors).toEqual([]);
  expect(run.result).toBe('success');
  // Only the submission ran: no image build, no registration, nothing deployed.
  expect(results(run)).toMatchObject({
    plan: 'success',
    train: 'success',
    // The image build is queued, not waited for: it runs while Azure trains.
    image: 'success',
    register: 'skipped',
    deploy: 'skipped',
  });
  expect(job(r).tags).toMatchObject({
    next_item_rollout: 'pending',
    next_item_resume_workflow: 'deploy.yml',
    github_repository: 'octo-org/next-item-actions',
    github_ref: 'refs/heads/main',
  });
  expect(decodeResumeInputs(resumeInputsFromTags(job(r).tags))).toMatchObject({
    endpoint: 'next-item',
    'create-endpoint': 'true',
    rollout: 'promote',
    'mirror-traffic': '0',
    environment: 'production',
    'beat-baseline': 'ndcg_at_20,recall_at_20',
    'champion-tolerance': '0.005',
  });
  expect(summaries(run)).toContain('submitted, detached');
  expect(summaries(run)).toContain(
    `⏸️ Training submitted: job ${job(r).name} trains in Azure without a runner`,
  );
  expect(summaries(run)).toMatch(/Triton image (build queued: ACR run \S+|already built)/);
  return run;
}

async function expectOneRollout(
  r: RunningEmulator,
  rollout: WorkflowRun,
  submitted: WorkflowRun,
): Promise<void> {
  dumpOnFailure(rollout);
  expect(rollout.result).toBe('success');
  expect(results(rollout)).toMatchObject({
    register: 'success',
    deploy: 'success',
    smoke: 'success',
    promote: 'success',
  });
  const [live] = liveDeployments(r);
  expect(traffic(r)).toEqual({ [live!]: 100 });
  expect(r.store.models.get('next-item-triton')?.size).toBe(1);
  // Its report links back to the run that submitted the job.
  expect(summaries(rollout)).toMatch(
    /\| training submitted by \| \[run\]\(https:\/\/github\.com\/octo-org\/next-item-actions\/actions\/runs\/\d+\) \|/,
  );
  expect(summaries(rollout)).toContain(
    `submitted by [this run](https://github.com/octo-org/next-item-actions/actions/runs/${submitted === undefined ? '' : '9001'})`,
  );
  expect(job(r).tags.next_item_rollout).toMatch(
    /^claimed https:\/\/github\.com\/octo-org\/next-item-actions\/actions\/runs\/\d+$/,
  );
}

async function scheduledResume(world: DetachedWorld, runId: string): Promise<WorkflowRun> {
  const run = await runWorkflow(
    world.world({ runId, event: { name: 'schedule' } }),
    '.github/workflows/resume.yml',
  );
  dumpOnFailure(run);
  expect(run.result).toBe('success');
  return run;
}

describe('detached training (wait-for-training: false)', () => {
  it('resumes through the dispatch from Azure: the pipeline’s last step dispatches deploy.yml, which deploys once', async () => {
    const r = await start();
    github = await detachedWorld(r);
    github.storeDispatchToken();
    const submitted = await runWorkflow(
      github.world({ vars: { NEXT_ITEM_KEY_VAULT: KEY_VAULT } }),
      '.github/workflows/retrain.yml',
    );
    dumpOnFailure(submitted);
    expect(submitted.result).toBe('success');
    expect(summaries(submitted)).toContain('reads the GitHub token from Key Vault');
    finishTraining(r);
    await until('the dispatch from the resume step', () => github!.routes.dispatched[0]);
    expect(github.routes.dispatched[0]).toMatchObject({
      workflow: 'deploy.yml',
      ref: 'main',
      inputs: { 'model-job': job(r).name, endpoint: 'next-item', 'create-endpoint': 'true' },
    });
    await expectOneRollout(r, await github.rollouts[0]!, submitted);
    // A later tick finds nothing left to do: the rollout was claimed by the dispatched run.
    const tick = await scheduledResume(github, '9100');
    expect(summaries(tick)).toContain('0 rollouts resumed');
    expect(github.routes.dispatched).toHaveLength(1);
    expect(r.resumeSteps.log).toEqual([
      expect.objectContaining({ outcome: expect.stringContaining('HTTP 204') }),
    ]);
    // Detached again with nothing to train (as after a push that changed only inference/): the Completed job is
    // reused and pending again at once, and the next tick rolls it out.
    const reusing = await runWorkflow(
      github.world({ runId: '9002', vars: { NEXT_ITEM_KEY_VAULT: KEY_VAULT } }),
      '.github/workflows/retrain.yml',
    );
    dumpOnFailure(reusing);
    expect(r.store.jobs.size).toBe(1);
    expect(summaries(reusing)).toContain('Detached: rollout pending');
    expect(job(r).tags.next_item_rollout).toBe('pending');
    expect(summaries(await scheduledResume(github, '9101'))).toContain('1 rollout resumed');
    const again = await github.rollouts[1]!;
    dumpOnFailure(again);
    expect(results(again)).toMatchObject({ register: 'success', deploy: 'success', smoke: 'success' });
  });

  it('resumes through the schedule once, even when two resume.yml runs overlap', async () => {
    const r = await start();
    github = await detachedWorld(r);
    // Real time while training, so that a tick can find the job still running.
    r.clock.setSpeed(1);
    const submitted = await detachedRetrain(r, github);
    expect(summaries(submitted)).toContain('scheduled resume.yml resumes it');
    const early = await scheduledResume(github, '9100');
    expect(summaries(early)).toMatch(/⏳ waiting \| still training/);
    expect(github.routes.dispatched).toHaveLength(0);
    finishTraining(r);
    r.clock.setSpeed(20_000);
    const ticks = await Promise.all([scheduledResume(github, '9101'), scheduledResume(github, '9102')]);
    const said = ticks.map(summaries).join('\n');
    expect(said.match(/1 rollout resumed/g)).toHaveLength(1);
    expect(github.routes.dispatched).toHaveLength(1);
    expect(github.routes.dispatched[0]!.inputs['resume-claim']).toMatch(/actions\/runs\/910[12]$/);
    await expectOneRollout(r, await github.rollouts[0]!, submitted);
  });

  it('reports a failed or cancelled detached job in the resuming run and deploys nothing', async () => {
    const r = await start();
    github = await detachedWorld(r);
    github.storeDispatchToken();
    const keyVault = { vars: { NEXT_ITEM_KEY_VAULT: KEY_VAULT } };
    r.setFaults({ failStep: { step: 'train', message: 'CUDA out of memory' } });
    const submitted = await runWorkflow(github.world(keyVault), '.github/workflows/retrain.yml');
    expect(submitted.result).toBe('success');
    const failed = job(r).name;
    r.setFaults({ failStep: undefined });
    finishTraining(r);
    // The resume step is the pipeline's on_finalize step: it runs after the failed train step and dispatches.
    await until('the dispatch from the on_finalize step', () => github!.routes.dispatched[0]);
    expect(github.routes.dispatched[0]!.inputs['model-job']).toBe(failed);
    const reported = await github.rollouts[0]!;
    expect(results(reported)).toMatchObject({ register: 'failure', deploy: 'skipped' });
    expect(summaries(reported)).toMatch(
      new RegExp(`Rollout of \\[${failed}\\]\\(\\S+\\): ❌ training Failed`),
    );
    expect(summaries(reported)).toContain('Nothing is deployed.');
    expect(reported.jobs.report!.summaries.join('').split('\n')[0]).toBe(
      '❌ Nothing changed: training ended Failed in Azure; nothing was registered or deployed.',
    );
    expect(r.store.deploymentsOf('next-item')).toHaveLength(0);
    // Reported once: the next tick finds it claimed and says nothing more about it.
    expect(summaries(await scheduledResume(github, '9104'))).toContain('No detached training job');
    // A detached job cancelled in Studio: whether Azure runs on_finalize on a cancel is unverified (U56) and the
    // emulator does not, so the schedule reports it (real time while it trains, to cancel it).
    r.clock.setSpeed(1);
    await detachedRetrain(r, github);
    const cancelled = job(r);
    expect(cancelled.name).not.toBe(failed);
    cancelled.cancelRequestedAt = r.clock.now();
    finishTraining(r);
    r.clock.setSpeed(20_000);
    const later = await scheduledResume(github, '9105');
    expect(summaries(later)).toMatch(
      new RegExp(`${cancelled.name}.*Canceled.*training ended Canceled; nothing deployed`),
    );
    expect(github.routes.dispatched).toHaveLength(1);
    expect(r.store.deploymentsOf('next-item')).toHaveLength(0);
  });

  it('holds the resumed rollout to the caller’s gates: a model below min-metrics is refused, as attached', async () => {
    const r = await start();
    github = await detachedWorld(r);
    github.storeDispatchToken();
    // Commas, comparisons and spaces: what the old query-string tag could not carry.
    const gate = 'ndcg_at_20>=0.99, recall_at_20>=0.01';
    const submitted = await runWorkflow(
      github.world({ vars: { NEXT_ITEM_KEY_VAULT: KEY_VAULT, NEXT_ITEM_MIN_METRICS: gate } }),
      '.github/workflows/retrain.yml',
    );
    dumpOnFailure(submitted);
    expect(submitted.result).toBe('success');
    expect(decodeResumeInputs(resumeInputsFromTags(job(r).tags))['min-metrics']).toBe(gate);
    finishTraining(r);
    await until('the dispatch from the resume step', () => github!.routes.dispatched[0]);
    expect(github.routes.dispatched[0]!.inputs['min-metrics']).toBe(gate);
    const rollout = await github.rollouts[0]!;
    expect(results(rollout)).toMatchObject({ register: 'failure', deploy: 'skipped' });
    expect(summaries(rollout)).toContain('Model not registered: below the quality bar');
    expect(rollout.log.join('\n')).toMatch(
      /below the quality bar, so nothing was registered: ndcg_at_20 [\d.]+ \(needs/,
    );
    expect(rollout.log.join('\n')).not.toMatch(/recall_at_20 [\d.]+ \(needs/);
    expect(r.store.models.get('next-item-triton')?.size ?? 0).toBe(0);
    expect(r.store.deploymentsOf('next-item')).toHaveLength(0);
  });
});
