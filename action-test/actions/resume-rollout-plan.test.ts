import { describe, expect, it } from '@jest/globals';
import type { Job } from '../../src/azure/ml/jobs.js';
import { claimRollout, CLAIM_TIMING, decideClaim } from '../../src/actions/shared/rollout-claim.js';
import { findPendingSummary, planPending, rolloutInputs } from '../../src/actions/resume-rollout/plan.js';
import { dispatchParams } from '../../src/kit/github-dispatch.js';
import { VirtualClock } from '../support/virtual-clock.js';

const PENDING_TAGS = {
  next_item_rollout: 'pending',
  next_item_resume_workflow: 'deploy.yml',
  next_item_resume_inputs: 'endpoint=next-item&rollout=promote',
  github_repository: 'octo-org/recs',
  github_ref: 'refs/heads/main',
  github_run_url: 'https://github.com/octo-org/recs/actions/runs/1',
};
const job = (name: string, status: Job['status'], tags: Record<string, string> = PENDING_TAGS): Job => ({
  name,
  status,
  tags: { ...tags },
  outputs: {},
});

/** One job in a store that two claimants share; each write lands after `writeDelayMs` on the shared clock. */
function sharedJob(initial: Job, clock: VirtualClock, writeDelayMs = 0) {
  const stored = { ...initial, tags: { ...initial.tags } };
  return {
    stored,
    jobs: {
      get: async () => ({ ...stored, tags: { ...stored.tags } }),
      updateTags: async (_name: string, tags: Record<string, string>) => {
        clock.advance(writeDelayMs);
        Object.assign(stored.tags, tags);
        return stored;
      },
    },
  };
}

describe('the rollout claim', () => {
  it('takes a pending job, goes on with its own or a handed-over claim, and leaves a job another run holds', () => {
    expect(decideClaim({}, 'me')).toEqual({ kind: 'free' });
    expect(decideClaim({ next_item_rollout: 'pending' }, 'me')).toEqual({ kind: 'take' });
    expect(decideClaim({ next_item_rollout: 'claimed me' }, 'me')).toEqual({ kind: 'ours' });
    expect(decideClaim({ next_item_rollout: 'claimed tick' }, 'me', 'tick')).toEqual({ kind: 'ours' });
    expect(decideClaim({ next_item_rollout: 'claimed other' }, 'me')).toEqual({ kind: 'taken', by: 'other' });
  });

  it('lets exactly one of two claimants that both read pending win: the later writer, seen by both', async () => {
    // Each claimant has its own clock (its sleeps are its own); their calls interleave on the shared job.
    const [clockA, clockB] = [new VirtualClock(), new VirtualClock()];
    const { jobs, stored } = sharedJob(job('j', 'Completed'), new VirtualClock());
    const [a, b] = await Promise.all([
      claimRollout(jobs, 'j', 'run-a', { clock: clockA }),
      claimRollout(jobs, 'j', 'run-b', { clock: clockB }),
    ]);
    expect([a.decision, b.decision]).toEqual(['take', 'take']);
    expect([a.won, b.won].filter(Boolean)).toHaveLength(1);
    const winner = a.won ? 'run-a' : 'run-b';
    expect(stored.tags.next_item_rollout).toBe(`claimed ${winner}`);
    expect((a.won ? b : a).by).toBe(winner);
    expect([...clockA.sleeps, ...clockB.sleeps]).toEqual([CLAIM_TIMING.settleMs, CLAIM_TIMING.settleMs]);
  });

  it('does not claim a job still training, and gives up when its write was answered too late to be sure', async () => {
    const clock = new VirtualClock();
    const running = await claimRollout(sharedJob(job('j', 'Running'), clock).jobs, 'j', 'me', { clock });
    expect(running).toMatchObject({ won: false, decision: 'take' });
    const slow = sharedJob(job('j', 'Completed'), clock, CLAIM_TIMING.maxGapMs + 1);
    await expect(claimRollout(slow.jobs, 'j', 'me', { clock })).rejects.toThrow(
      /took longer than 4 s, so another run may hold it too; nothing was deployed/,
    );
  });
});

describe('finding pending rollouts', () => {
  it("resumes this repository's Completed jobs, reports failed and cancelled ones, waits for the rest", () => {
    const plan = planPending(
      [
        job('done', 'Completed'),
        job('broken', 'Failed'),
        job('stopped', 'Canceled'),
        job('busy', 'Running'),
        job('claimed', 'Completed', { ...PENDING_TAGS, next_item_rollout: 'claimed x' }),
        job('elsewhere', 'Completed', { ...PENDING_TAGS, github_repository: 'other/repo' }),
      ],
      'Octo-Org/recs',
    );
    expect(plan.map((action) => [action.job.name, action.kind])).toEqual([
      ['done', 'resume'],
      ['broken', 'report'],
      ['stopped', 'report'],
      ['busy', 'wait'],
    ]);
    const resume = plan[0]!;
    if (resume.kind !== 'resume') throw new Error('expected resume');
    expect(
      rolloutInputs(resume.job, resume.target, 'https://github.com/octo-org/recs/actions/runs/7'),
    ).toEqual({
      endpoint: 'next-item',
      rollout: 'promote',
      'model-job': 'done',
      'resume-claim': 'https://github.com/octo-org/recs/actions/runs/7',
    });
    expect(findPendingSummary([])).toContain('No detached training job of this repository is waiting');
    expect(
      findPendingSummary([{ job: job('broken', 'Failed'), result: 'reported', detail: 'nothing deployed' }]),
    ).toContain('0 rollouts resumed, 1 failed job reported');
  });

  it('dispatches with a branch name, the inputs and a request for the run details', () => {
    expect(
      dispatchParams({
        repository: 'octo-org/recs',
        workflow: 'deploy.yml',
        ref: 'refs/heads/main',
        inputs: { 'model-job': 'j' },
      }),
    ).toEqual({
      owner: 'octo-org',
      repo: 'recs',
      workflow_id: 'deploy.yml',
      ref: 'main',
      inputs: { 'model-job': 'j' },
      return_run_details: true,
    });
  });
});

describe('the claim in a run dispatched by the on_finalize step', () => {
  it('waits for a job still Running (its on_finalize step is what dispatched) and then claims it', async () => {
    const { resumeRollout } = await import('../../src/actions/resume-rollout/resume-rollout.js');
    const clock = new VirtualClock();
    const statuses = ['Running', 'Running', 'Completed'];
    const stored = {
      name: 'j',
      properties: { status: 'Running', tags: { ...PENDING_TAGS } as Record<string, string> },
    };
    const arm = {
      get: async () => {
        stored.properties.status = statuses.shift() ?? 'Completed';
        return structuredClone(stored);
      },
      send: async (
        _method: string,
        _path: string,
        options: { body: { properties: { tags: Record<string, string> } } },
      ) => {
        stored.properties.tags = options.body.properties.tags;
        return { body: structuredClone(stored) };
      },
    };
    const outputs: Record<string, string> = {};
    const said: string[] = [];
    await resumeRollout(
      {
        mode: 'claim',
        jobName: 'j',
        target: { subscriptionId: 's', resourceGroup: 'g', workspace: 'w', cloud: 'AzureCloud' },
      },
      {
        log: {
          info: (line: string) => said.push(line),
          warning: () => {},
          group: (_: string, f: () => unknown) => f(),
        } as never,
        clock,
        setOutputs: (values) => Object.assign(outputs, values),
        writeSummary: async () => {},
        openSession: () => ({ arm, target: {} }) as never,
        secret: () => {},
        saveState: () => {},
        run: { runUrl: 'https://github.com/octo-org/recs/actions/runs/2', runId: '2' } as never,
        signal: new AbortController().signal,
        github: () => Promise.reject(new Error('a claim calls no GitHub API')),
      },
    );
    expect(said.filter((line) => line.includes('waiting for it to end'))).toHaveLength(2);
    expect(outputs).toMatchObject({
      go: 'true',
      status: 'Completed',
      'submitted-by': 'https://github.com/octo-org/recs/actions/runs/1',
    });
    expect(stored.properties.tags.next_item_rollout).toBe(
      'claimed https://github.com/octo-org/recs/actions/runs/2',
    );
  });
});
