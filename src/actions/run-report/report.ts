import { latencyChart, type LatencyHistogram } from '../../kit/latency-histogram.js';
import { markdownLink, markdownTable } from '../../kit/markdown.js';
import type { CardFacts } from '../shared/model-card.js';
import { cardSection } from './card-section.js';
import { metricsSection } from './metrics-section.js';
import type { RunOutcome, Verdict } from './verdict.js';

export { metricCharts, metricRows } from './metrics-section.js';

export type Traffic = Record<string, number>;

export interface RunFacts extends RunOutcome {
  commit: { sha: string; ref: string; event: string; runUrl: string; commitUrl: string };
  /** A resumed rollout of detached training: the run that submitted the job. */
  submittedBy?: string;
  modelJob: string;
  image: string;
  imageDigest: string;
  /** The split when the new deployment was added (at 0%), and the split when the run ended. */
  trafficDeployed: Traffic;
  trafficFinal: Traffic;
  p95Ms: string;
  /** The smoke test's latency distribution, when it ran. */
  latencyHistogram?: LatencyHistogram;
  /** metrics.json as the train job gives it: the model's metrics, each `*_baseline`, and `served`/`champion`. */
  metrics: Record<string, unknown>;
  /** The model card's facts as the registered version's tags hold them (register-model's model-card output). */
  card?: CardFacts;
  studio: { base: string; workspaceId: string; tenantId: string };
}

/** A Studio page with the workspace and the tenant, so a person in several directories lands in the right one. */
export function studioLink(studio: RunFacts['studio'], path: string): string {
  const tenant = studio.tenantId ? `&tid=${encodeURIComponent(studio.tenantId)}` : '';
  return `${studio.base}/${path}?wsid=${studio.workspaceId}${tenant}`;
}

/** The Studio pages of what the run made: the job, the model version, the endpoint, the deployment's logs. */
export function studioLinks(facts: RunFacts): Record<string, string> {
  const links: Record<string, string> = {};
  if (facts.modelJob) links.job = studioLink(facts.studio, `runs/${encodeURIComponent(facts.modelJob)}`);
  const [name, version] = facts.modelId.replace(/^azureml:/, '').split(':');
  if (name && version) links.model = studioLink(facts.studio, `model/${name}:${version}/details`);
  if (facts.endpoint) {
    const endpoint = `endpoints/realtime/${encodeURIComponent(facts.endpoint)}`;
    links.endpoint = studioLink(facts.studio, `${endpoint}/detail`);
    if (facts.deployment) links['deployment logs'] = studioLink(facts.studio, `${endpoint}/logs`);
  }
  return links;
}

/** The live split before the new deployment: what deploy reported, less the new deployment at 0%. */
export function trafficBefore(facts: Pick<RunFacts, 'trafficDeployed' | 'deployment' | 'reused'>): Traffic {
  return Object.fromEntries(
    Object.entries(facts.trafficDeployed).filter(
      ([name, share]) => facts.reused || name !== facts.deployment || share > 0,
    ),
  );
}

function trafficTable(before: Traffic, after: Traffic): string {
  const names = [...new Set([...Object.keys(before), ...Object.keys(after)])];
  if (!names.length) return '_No deployment takes traffic._\n';
  return markdownTable(
    ['deployment', 'traffic before', 'traffic after'],
    names.map((name) => [name, `${before[name] ?? 0}%`, `${after[name] ?? 0}%`]),
  );
}

/** The run report: the verdict first, then what was run, on what, with what result, and where to look. */
export function runReport(facts: RunFacts, verdict: Verdict): string {
  const links = studioLinks(facts);
  const linked = (text: string, key: string) =>
    text && links[key] ? markdownLink(text, links[key]) : text || '—';
  const { commit } = facts;
  const rows: string[][] = [
    ['commit', commit.sha ? markdownLink(commit.sha.slice(0, 12), commit.commitUrl) : '—'],
    ['trigger', `${commit.event || '—'} on ${commit.ref || '—'} (${markdownLink('run', commit.runUrl)})`],
    ...(facts.submittedBy ? [['training submitted by', markdownLink('run', facts.submittedBy)]] : []),
    ['data', dataCell(facts, facts.modelJob && linked(facts.modelJob, 'job'))],
    ['model version', linked(facts.modelId, 'model')],
    ['image', facts.image ? `\`${facts.image}\`` : '—'],
    ['image digest', facts.imageDigest ? `\`${facts.imageDigest}\`` : '—'],
    ['endpoint', linked(facts.endpoint, 'endpoint')],
    ['deployment', facts.deployment ? `${facts.deployment} (${linked('logs', 'deployment logs')})` : '—'],
    ['smoke p95', facts.p95Ms ? `${facts.p95Ms} ms` : '—'],
  ];
  const finalTraffic = Object.keys(facts.trafficFinal).length ? facts.trafficFinal : trafficBefore(facts);
  return [
    verdict.line,
    '',
    '## Run report',
    '',
    markdownTable(['', ''], rows),
    '### Traffic',
    '',
    trafficTable(trafficBefore(facts), finalTraffic),
    ...(facts.latencyHistogram?.counts.length
      ? ['### Smoke-test latency', '', latencyChart(facts.latencyHistogram), '']
      : []),
    ...metricsSection(facts.metrics),
    ...cardSection(facts.card),
  ].join('\n');
}

/** What the model learned from: the card's data when the version has one, else the training job's inputs. */
function dataCell(facts: RunFacts, job: string): string {
  const window = facts.card?.trainWindow ? `, ${facts.card.trainWindow}` : '';
  if (facts.card?.data)
    return `${facts.card.data.replace(/</g, '&lt;')}${window}${job ? ` (job ${job})` : ''}`;
  return job ? `the inputs of job ${job}` : '— (no training in this run)';
}
