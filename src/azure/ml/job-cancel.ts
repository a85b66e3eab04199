import { ArmError } from '../arm-error.js';
import { FINAL_STATUSES, type JobStatus, type MlJobs } from './jobs.js';

/** What asking to cancel a job came to. */
export type CancelOutcome =
  | { kind: 'never-created' }
  /** `status` is unknown when Azure refused the cancel because the job had just ended. */
  | { kind: 'already-ended'; status?: JobStatus }
  | { kind: 'cancel-requested'; studioUrl?: string };

/**
 * Cancels a job unless it has ended or was never created (a run killed between naming and submitting it);
 * any other failure passes through.
 */
export async function cancelJob(
  jobs: Pick<MlJobs, 'get' | 'cancel'>,
  name: string,
  signal?: AbortSignal,
): Promise<CancelOutcome> {
  try {
    const job = await jobs.get(name, signal);
    if (FINAL_STATUSES.has(job.status)) return { kind: 'already-ended', status: job.status };
    return (await jobs.cancel(name, signal))
      ? { kind: 'cancel-requested', studioUrl: job.studioUrl }
      : { kind: 'already-ended' };
  } catch (error) {
    if (error instanceof ArmError && error.status === 404) return { kind: 'never-created' };
    throw error;
  }
}

/** The sentence a log or an error says about it. */
export function cancelNote(name: string, outcome: CancelOutcome): string {
  switch (outcome.kind) {
    case 'never-created':
      return `Job ${name} was never created.`;
    case 'already-ended':
      return `Job ${name} had already ended${outcome.status ? ` (${outcome.status})` : ''}.`;
    case 'cancel-requested':
      return `Asked Azure ML to cancel job ${name}.`;
  }
}

/** Cancels and says what happened, never throwing: for a step that is already failing for another reason. */
export async function cancelJobQuietly(jobs: Pick<MlJobs, 'get' | 'cancel'>, name: string): Promise<string> {
  try {
    return cancelNote(name, await cancelJob(jobs, name));
  } catch (error) {
    return `Cancelling job ${name} failed too: ${(error as Error).message}`;
  }
}
