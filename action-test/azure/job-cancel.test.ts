import { describe, expect, it } from '@jest/globals';
import { ArmError } from '../../src/azure/arm-error.js';
import { cancelJob, cancelJobQuietly, cancelNote } from '../../src/azure/ml/job-cancel.js';
import type { Job, JobStatus } from '../../src/azure/ml/jobs.js';

/** Jobs that answer as told, recording the cancels they were asked for. */
function jobs(answer: { status?: JobStatus; getError?: Error; accepted?: boolean; cancelError?: Error }) {
  const cancels: string[] = [];
  return {
    cancels,
    get: async (name: string): Promise<Job> => {
      if (answer.getError) throw answer.getError;
      return { name, status: answer.status!, tags: {}, outputs: {}, studioUrl: `https://ml/runs/${name}` };
    },
    cancel: async (name: string): Promise<boolean> => {
      cancels.push(name);
      if (answer.cancelError) throw answer.cancelError;
      return answer.accepted ?? true;
    },
  };
}

const notFound = new ArmError(404, 'ResourceNotFound', 'no job', 'GET', '/jobs/j1', undefined);

describe('cancelling a job', () => {
  it('asks Azure to cancel a job in flight, and not one that has ended or was never created', async () => {
    const running = jobs({ status: 'Running' });
    expect(await cancelJob(running, 'j1')).toEqual({
      kind: 'cancel-requested',
      studioUrl: 'https://ml/runs/j1',
    });
    expect(running.cancels).toEqual(['j1']);

    const ended = jobs({ status: 'Completed' });
    expect(await cancelJob(ended, 'j1')).toEqual({ kind: 'already-ended', status: 'Completed' });
    expect(ended.cancels).toEqual([]);

    expect(await cancelJob(jobs({ getError: notFound }), 'j1')).toEqual({ kind: 'never-created' });
    expect(await cancelJob(jobs({ status: 'Running', accepted: false }), 'j1')).toEqual({
      kind: 'already-ended',
    });
  });

  it('lets any other failure through, unless asked to stay quiet about it', async () => {
    const denied = new ArmError(
      403,
      'AuthorizationFailed',
      'no cancel',
      'POST',
      '/jobs/j1/cancel',
      undefined,
    );
    await expect(cancelJob(jobs({ status: 'Running', cancelError: denied }), 'j1')).rejects.toBe(denied);
    expect(await cancelJobQuietly(jobs({ status: 'Running', cancelError: denied }), 'j1')).toMatch(
      /^Cancelling job j1 failed too: POST \/jobs\/j1\/cancel failed: 403 AuthorizationFailed/,
    );
    expect(await cancelJobQuietly(jobs({ status: 'Queued' }), 'j1')).toBe('Asked Azure ML to cancel job j1.');
  });

  it('says what a cancellation did', () => {
    expect(cancelNote('j1', { kind: 'never-created' })).toBe('Job j1 was never created.');
    expect(cancelNote('j1', { kind: 'already-ended', status: 'Completed' })).toBe(
      'Job j1 had already ended (Completed).',
    );
    expect(cancelNote('j1', { kind: 'cancel-requested' })).toBe('Asked Azure ML to cancel job j1.');
    expect(cancelNote('j1', { kind: 'already-ended' })).toBe('Job j1 had already ended.');
  });
});
