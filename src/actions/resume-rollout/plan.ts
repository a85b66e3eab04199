import { FINAL_STATUSES, type Job } from '../../azure/ml/jobs.js';
import { markdownLink, markdownTable } from '../../kit/markdown.js';
import { PENDING, resumeTarget, ROLLOUT_TAGS, type ResumeTarget } from '../shared/pending-rollout.js';

/** What a resume run does with one detached job it found. */
export type PendingAction =
  | { kind: 'resume'; job: Job; target: ResumeTarget }
  | { kind: 'report'; job: Job; target: ResumeTarget }
  | { kind: 'wait'; job: Job };

/**
 * The detached jobs of this repository whose rollout is still to do: a Completed one resumes, a Failed or
 * Canceled one is reported (and deploys nothing), one still training waits for a later tick.
 */
export function planPending(jobs: Job[], repository: string): PendingAction[] {
  const actions: PendingAction[] = [];
  for (const job of jobs) {
    const target = resumeTarget(job);
    if (job.tags[ROLLOUT_TAGS.state] !== PENDING || !target) continue;
    if (target.repository.toLowerCase() !== repository.toLowerCase()) continue;
    if (!FINAL_STATUSES.has(job.status)) actions.push({ kind: 'wait', job });
    else actions.push({ kind: job.status === 'Completed' ? 'resume' : 'report', job, target });
  }
  return actions;
}

/** The inputs the resumed workflow gets: the caller's that the job recorded, the job, and the claim. */
export function rolloutInputs(job: Job, target: ResumeTarget, claim: string): Record<string, string> {
  return { ...target.inputs, 'model-job': job.name, 'resume-claim': claim };
}

export interface PendingOutcome {
  job: Job;
  /** resumed (dispatched), reported (failed or cancelled), waiting, lost (another run claimed it), failed. */
  result: 'resumed' | 'reported' | 'waiting' | 'lost' | 'failed';
  detail: string;
}

const ICON: Record<PendingOutcome['result'], string> = {
  resumed: '▶️',
  reported: '❌',
  waiting: '⏳',
  lost: '↪️',
  failed: '⚠️',
};

export function findPendingSummary(outcomes: PendingOutcome[]): string {
  const resumed = outcomes.filter((o) => o.result === 'resumed').length;
  const reported = outcomes.filter((o) => o.result === 'reported').length;
  const lines = [
    `## Detached training: ${resumed} rollout${resumed === 1 ? '' : 's'} resumed, ${reported} failed job${reported === 1 ? '' : 's'} reported`,
    '',
  ];
  if (!outcomes.length) {
    lines.push('No detached training job of this repository is waiting for its rollout.');
    return lines.join('\n');
  }
  lines.push(
    markdownTable(
      ['job', 'status', 'result', 'detail'],
      outcomes.map((o) => [
        o.job.studioUrl ? markdownLink(o.job.name, o.job.studioUrl) : o.job.name,
        o.job.status,
        `${ICON[o.result]} ${o.result}`,
        o.detail,
      ]),
    ),
  );
  return lines.join('\n');
}

/** The resumed rollout's first words: which job it continues and which run submitted it. */
export function claimSummary(job: Job, outcome: 'go' | 'taken' | 'failed', by?: string): string {
  const name = job.studioUrl ? markdownLink(job.name, job.studioUrl) : job.name;
  const submitted = resumeTarget(job)?.submittedRunUrl;
  const origin = submitted
    ? ` It was submitted by ${markdownLink('this run', submitted)} (detached training).`
    : '';
  if (outcome === 'go')
    return `## Resuming the rollout of ${name}\n\nTraining ended ${job.status}.${origin}\n`;
  if (outcome === 'taken')
    return `## Rollout of ${name}: already taken\n\nAnother run holds it (${by ?? 'unknown'}), so this one deploys nothing.${origin}\n`;
  return `## Rollout of ${name}: ❌ training ${job.status}\n\nNothing is deployed.${origin} Studio: ${job.studioUrl ?? '(no link)'}\n`;
}
