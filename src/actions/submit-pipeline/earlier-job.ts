import type { Job, JobStatus } from '../../azure/ml/jobs.js';

/**
 * Statuses of a job that is still on its way: a run killed after submitting (a runner that lost its
 * connection runs no post step) leaves one behind, and a second submission would train it all again.
 */
export const IN_FLIGHT: ReadonlySet<string> = new Set<JobStatus>([
  'NotStarted',
  'Starting',
  'Provisioning',
  'Preparing',
  'Queued',
  'Running',
  'Finalizing',
]);

export type EarlierJobDecision =
  { kind: 'submit' } | { kind: 'reuse'; job: Job } | { kind: 'adopt'; job: Job };

/** Which earlier jobs with the same content hash count: in flight unless `force`, Completed when `reuse` too. */
export function acceptsEarlierJob(options: {
  reuse: boolean;
  force: boolean;
}): (status: JobStatus) => boolean {
  return (status) => !options.force && (IN_FLIGHT.has(status) || (options.reuse && status === 'Completed'));
}

/** Follow an in-flight job, return a Completed one, or submit. */
export function decideEarlierJob(
  job: Job | undefined,
  options: { reuse: boolean; force: boolean },
): EarlierJobDecision {
  if (!job || !acceptsEarlierJob(options)(job.status)) return { kind: 'submit' };
  return job.status === 'Completed' ? { kind: 'reuse', job } : { kind: 'adopt', job };
}

export function adoptMessage(job: Job, hash: string): string {
  return `Following job ${job.name} (${job.status}) instead of submitting: it was submitted with the same pipeline files and inputs (hash ${hash.slice(0, 12)}), most likely by a run that was killed. force: true submits anyway.`;
}
