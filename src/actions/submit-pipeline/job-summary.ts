import type { Job, Step } from '../../azure/ml/jobs.js';
import { formatDuration } from '../../kit/duration.js';
import { markdownLink, markdownTable } from '../../kit/markdown.js';

const ICON: Record<string, string> = { Completed: '✅', Failed: '❌', Canceled: '⏹️', Running: '⏳' };

export interface SummaryFacts {
  job: Job;
  steps: Step[];
  metrics?: Record<string, unknown>;
  reused: boolean;
  hash: string;
  note?: string;
}

/** The job summary: the job, each step with its status and duration, the metrics, and why it was (not) submitted. */
export function jobSummary(facts: SummaryFacts): string {
  const { job, steps, metrics } = facts;
  const title = job.studioUrl ? markdownLink(job.name, job.studioUrl) : job.name;
  const lines = [`## Pipeline job ${title}: ${ICON[job.status] ?? ''} ${job.status}`, ''];
  lines.push(
    facts.reused
      ? `Reused: a Completed job with the same content hash (\`${facts.hash.slice(0, 12)}\`) already existed, so nothing was submitted.`
      : `Content hash \`${facts.hash.slice(0, 12)}\`.`,
    '',
  );
  if (facts.note) lines.push(facts.note, '');
  if (steps.length) {
    const duration = (step: Step) =>
      step.startTime && step.endTime
        ? formatDuration(Date.parse(step.endTime) - Date.parse(step.startTime))
        : '';
    lines.push(
      markdownTable(
        ['step', 'status', 'duration', 'error'],
        steps.map((step) => [
          step.name,
          `${ICON[step.status] ?? ''} ${step.status}`.trim(),
          duration(step),
          step.error ?? '',
        ]),
      ),
    );
  }
  if (metrics && Object.keys(metrics).length) {
    const baseline = (metrics.popularity_baseline ?? {}) as Record<string, number>;
    const rows = Object.entries(metrics)
      .filter(([, value]) => typeof value === 'number')
      .map(([name, value]) => [
        name,
        (value as number).toFixed(4),
        baseline[name] !== undefined ? baseline[name]!.toFixed(4) : '',
      ]);
    lines.push('### Metrics', '', markdownTable(['metric', 'model', 'popularity baseline'], rows));
  }
  return lines.join('\n');
}
