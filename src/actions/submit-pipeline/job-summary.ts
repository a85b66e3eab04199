import type { Job, Step } from '../../azure/ml/jobs.js';
import { formatDuration } from '../../kit/duration.js';
import { markdownLink, markdownTable } from '../../kit/markdown.js';
import { REFERENCES, type Reference } from '../shared/ml-outputs.js';

const ICON: Record<string, string> = { Completed: '✅', Failed: '❌', Canceled: '⏹️', Running: '⏳' };

export interface SummaryFacts {
  job: Job;
  steps: Step[];
  metrics?: Record<string, unknown>;
  reused: boolean;
  hash: string;
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
  if (metrics && Object.keys(metrics).length) lines.push('### Metrics', '', metricsTable(metrics));
  return lines.join('\n');
}

const TITLES: Record<Reference, string> = {
  served: 'new model, served',
  champion: 'champion',
  transition_baseline: 'transition baseline',
  popularity_baseline: 'popularity baseline',
};
const COLUMNS = REFERENCES.map((key) => [key, TITLES[key]] as const);

/**
 * The model beside every reference metrics.json holds, each with the model's margin over it; the champion's
 * margin is the new model's as served (same sessions, same Triton path), when that was measured.
 */
export function metricsTable(metrics: Record<string, unknown>): string {
  const present = COLUMNS.filter(([key]) => metrics[key] && typeof metrics[key] === 'object');
  const reference = (key: string) => metrics[key] as Record<string, number>;
  const served = present.some(([key]) => key === 'served') ? reference('served') : undefined;
  const rows = Object.entries(metrics)
    .filter((entry): entry is [string, number] => typeof entry[1] === 'number')
    .map(([name, value]) => [
      name,
      value.toFixed(4),
      ...present.map(([key]) => {
        const other = reference(key)[name];
        if (other === undefined) return '';
        const mine = key === 'champion' && served ? served[name] : key === 'served' ? undefined : value;
        return mine === undefined ? other.toFixed(4) : `${other.toFixed(4)} (${signed(mine - other)})`;
      }),
    ]);
  const table = markdownTable(['metric', 'model', ...present.map(([, title]) => title)], rows);
  if (!present.length) return table;
  const champion =
    served && present.some(([key]) => key === 'champion') ? ' (over the champion: as served)' : '';
  return `${table}\nIn brackets: the new model's margin over each reference${champion}, on the same evaluation sessions.\n`;
}

function signed(delta: number): string {
  return `${delta >= 0 ? '+' : '−'}${Math.abs(delta).toFixed(4)}`;
}
