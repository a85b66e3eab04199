import { FINAL_STATUSES, type Job, type MlJobs } from '../../azure/ml/jobs.js';
import type { Clock } from '../../kit/clock.js';
import { claimant, claimedBy, PENDING, ROLLOUT_TAGS } from './pending-rollout.js';

/**
 * Who may roll a detached job out. ARM gives jobs no ETag and no If-Match (2025-12-01 contract), so the claim
 * is Fischer's timed mutual exclusion over the job's tags: read `pending`, write `claimed <me>` within
 * MAX_GAP_MS of that read, wait SETTLE_MS (longer than any other claimant's read-to-write gap), read again.
 * The last writer wins and every earlier writer sees it on its second read; a claimant whose first read is
 * older than MAX_GAP_MS when it would write reads again instead, and one whose write was answered later than
 * that gives up with an error (its write may have landed after another claimant had already won). The workflows add a second guard: resume.yml
 * and the rollout each run in one concurrency group, so two of them do not claim at the same moment anyway.
 */
export const CLAIM_TIMING = { maxGapMs: 4_000, settleMs: 5_000 } as const;

export type ClaimDecision =
  /** No rollout tag: an attached run's job, or one deployed by hand. Nothing to claim. */
  | { kind: 'free' }
  /** Pending: try to claim it. */
  | { kind: 'take' }
  /** Already this claimant's (or handed over to it by the run that claimed it). */
  | { kind: 'ours' }
  /** Another run has it. */
  | { kind: 'taken'; by: string };

export function decideClaim(tags: Record<string, string>, me: string, handedOver?: string): ClaimDecision {
  const state = tags[ROLLOUT_TAGS.state];
  if (state === undefined) return { kind: 'free' };
  if (state === PENDING) return { kind: 'take' };
  const by = claimant(tags) ?? state;
  return by === me || (handedOver !== undefined && by === handedOver)
    ? { kind: 'ours' }
    : { kind: 'taken', by };
}

export interface ClaimResult {
  won: boolean;
  job: Job;
  /** Who holds the rollout when `won` is false. */
  by?: string;
  decision: ClaimDecision['kind'];
}

/**
 * Claims the rollout of a finished job for `me` (handed over: the claim of the run that dispatched this one).
 * A job that is not final is never claimed: its rollout is not due yet.
 */
export async function claimRollout(
  jobs: Pick<MlJobs, 'get' | 'updateTags'>,
  name: string,
  me: string,
  options: { clock: Clock; handedOver?: string; signal?: AbortSignal; attempts?: number },
): Promise<ClaimResult> {
  const { clock, signal } = options;
  for (let attempt = 0; attempt < (options.attempts ?? 3); attempt++) {
    const readAt = clock.now();
    const job = await jobs.get(name, signal);
    const decision = decideClaim(job.tags, me, options.handedOver);
    if (decision.kind === 'taken') return { won: false, job, by: decision.by, decision: decision.kind };
    if (decision.kind !== 'take' || !FINAL_STATUSES.has(job.status))
      return { won: decision.kind !== 'take', job, decision: decision.kind };
    if (clock.now() - readAt > CLAIM_TIMING.maxGapMs) continue;
    await jobs.updateTags(name, { [ROLLOUT_TAGS.state]: claimedBy(me) }, signal);
    if (clock.now() - readAt > CLAIM_TIMING.maxGapMs)
      throw new Error(
        `Claiming the rollout of job ${name} took longer than ${CLAIM_TIMING.maxGapMs / 1000} s, so another run may hold it too; nothing was deployed. Look at the job's ${ROLLOUT_TAGS.state} tag: set it to ${PENDING} to let the next resume take it.`,
      );
    await clock.sleep(CLAIM_TIMING.settleMs, signal);
    const after = await jobs.get(name, signal);
    const holder = claimant(after.tags);
    return holder === me
      ? { won: true, job: after, decision: 'take' }
      : { won: false, job: after, by: holder ?? after.tags[ROLLOUT_TAGS.state], decision: 'take' };
  }
  throw new Error(
    `Could not claim the rollout of job ${name}: every read of it took longer than ${CLAIM_TIMING.maxGapMs / 1000} s.`,
  );
}
