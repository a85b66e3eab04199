import { describe, expect, it } from '@jest/globals';
import type { Job, JobStatus } from '../../src/azure/ml/jobs.js';
import { acceptsEarlierJob, decideEarlierJob } from '../../src/actions/submit-pipeline/earlier-job.js';

const job = (status: JobStatus): Job => ({ name: 'j1', status, tags: {}, outputs: {} });

describe('an earlier job with the same content hash', () => {
  it('is followed while in flight, reused once Completed, and ignored when it failed or was cancelled', () => {
    const options = { reuse: true, force: false };
    for (const status of ['NotStarted', 'Queued', 'Preparing', 'Running', 'Finalizing'] as const)
      expect(decideEarlierJob(job(status), options).kind).toBe('adopt');
    expect(decideEarlierJob(job('Completed'), options).kind).toBe('reuse');
    for (const status of ['Failed', 'Canceled', 'CancelRequested'] as const)
      expect(decideEarlierJob(job(status), options).kind).toBe('submit');
    expect(decideEarlierJob(undefined, options).kind).toBe('submit');
  });

  it('is still followed in flight with reuse: false (a duplicate is never wanted), but not reused Completed', () => {
    const options = { reuse: false, force: false };
    expect(decideEarlierJob(job('Running'), options).kind).toBe('adopt');
    expect(decideEarlierJob(job('Completed'), options).kind).toBe('submit');
    expect(acceptsEarlierJob(options)('Completed')).toBe(false);
  });

  it('is ignored with force: true', () => {
    const options = { reuse: true, force: true };
    expect(decideEarlierJob(job('Running'), options).kind).toBe('submit');
    expect(decideEarlierJob(job('Completed'), options).kind).toBe('submit');
  });
});
