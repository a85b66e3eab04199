import type { Job } from '../../azure/ml/jobs.js';
import { formatDuration } from '../../kit/duration.js';
import { CARD_TAGS, dayWindow, MODEL_CARD_FILE, type ModelCard } from '../shared/model-card.js';
import { METRICS_OUTPUT } from '../shared/ml-outputs.js';

/**
 * Azure's tag limits (Azure Resource Manager, "Tag resources: limitations"): 50 tags a resource, names up to
 * 512 characters without `< > % & \ ? /`, values up to 256. Model version tags have no published limit of their
 * own (the ModelVersion contract types them as a string map), so a version is held to ARM's.
 */
export const TAG_LIMITS = { count: 50, keyLength: 512, valueLength: 256, keyForbidden: /[<>%&\\?/]/g };
/** The card's part of the version's description: a paragraph Studio shows whole. */
export const CARD_DESCRIPTION_MAX = 1000;

export interface FittedTags {
  tags: Record<string, string>;
  /** Keys left out because the version would hold more than TAG_LIMITS.count (the last ones given). */
  dropped: string[];
  /** Keys whose value was cut to TAG_LIMITS.valueLength. */
  shortened: string[];
}

const cut = (text: string, max: number) => (text.length > max ? `${text.slice(0, max - 1)}…` : text);

/** Tags in priority order (first kept), empty values out, names and values within ARM's limits. */
export function fitTags(entries: Array<[string, string]>): FittedTags {
  const fitted: FittedTags = { tags: {}, dropped: [], shortened: [] };
  for (const [rawKey, value] of entries) {
    if (!value) continue;
    const key = cut(rawKey.replace(TAG_LIMITS.keyForbidden, '_'), TAG_LIMITS.keyLength);
    if (key in fitted.tags) continue;
    if (Object.keys(fitted.tags).length >= TAG_LIMITS.count) {
      fitted.dropped.push(key);
      continue;
    }
    if (value.length > TAG_LIMITS.valueLength) fitted.shortened.push(key);
    fitted.tags[key] = cut(value, TAG_LIMITS.valueLength);
  }
  return fitted;
}

/**
 * The card's tags: `core` (data, windows, training time) ranks above the metrics, `details` (libraries, then
 * hyperparameters) below them, so a version short of room keeps what a reader looks for first.
 */
export function cardTags(card: ModelCard): {
  core: Array<[string, string]>;
  details: Array<[string, string]>;
} {
  const core: Array<[string, string]> = [
    [CARD_TAGS.data, card.data],
    [CARD_TAGS.trainWindow, dayWindow(card.trainDays)],
    [CARD_TAGS.evalWindow, dayWindow(card.evalDays)],
    [CARD_TAGS.trainingSeconds, card.trainingSeconds === undefined ? '' : String(card.trainingSeconds)],
  ];
  const details = [
    ...Object.entries(card.versions).map(([name, version]): [string, string] => [
      `${CARD_TAGS.library}${name}`,
      version,
    ]),
    ...Object.entries(card.hyperparameters).map(([name, value]): [string, string] => [
      `${CARD_TAGS.hyperparameter}${name}`,
      value,
    ]),
  ];
  return { core, details };
}

/** The metrics at the smallest cut-off the card has (ndcg_at_20, recall_at_20 of 20 and 40): the headline. */
export function headlineMetrics(metrics: Record<string, number>): string[] {
  const cutoff = (name: string) => Number(/_at_(\d+)$/.exec(name)?.[1] ?? Infinity);
  const smallest = Math.min(...Object.keys(metrics).map(cutoff));
  return Object.keys(metrics)
    .filter((name) => cutoff(name) === smallest)
    .slice(0, 4);
}

/** `ndcg_at_20 0.3895 (champion 0.2995, transition 0.3777, popularity 0.0168)`. */
function metricLine(card: ModelCard, metric: string): string {
  const references = Object.entries(card.baselines)
    .filter(([name]) => name !== 'served')
    .sort(([a], [b]) => Number(b === 'champion') - Number(a === 'champion'))
    .flatMap(([name, values]) =>
      values[metric] === undefined ? [] : [`${name.replace(/_baseline$/, '')} ${values[metric]}`],
    );
  return `${metric} ${card.metrics[metric]}${references.length ? ` (${references.join(', ')})` : ''}`;
}

/** The version's description: what it learned from, when, how well against the champion and baselines, how long. */
export function cardDescription(card: ModelCard, job: string): string {
  const window = [
    card.trainDays.length ? `trained on ${dayWindow(card.trainDays)}` : '',
    card.evalDays.length ? `evaluated on ${dayWindow(card.evalDays)}` : '',
    card.trainingSeconds === undefined ? '' : `training took ${formatDuration(card.trainingSeconds * 1000)}`,
  ].filter(Boolean);
  const metrics = headlineMetrics(card.metrics).map((metric) => metricLine(card, metric));
  const text =
    `Next-item model trained by job ${job} on ${card.data || 'unnamed data'}` +
    (window.length ? `; ${window.join(', ')}.` : '.') +
    (metrics.length ? ` ${metrics.join('; ')}.` : '');
  return cut(text, CARD_DESCRIPTION_MAX);
}

/**
 * The card with the data asset version the job read, when it read one: on Azure ML the train step sees its
 * input as a mount path, while the job's data input names the asset (`azureml:<ARM id of the version>`).
 */
export function withJobData(card: ModelCard, inputs: Job['inputs']): ModelCard {
  for (const input of Object.values(inputs ?? {})) {
    const uri = input.uri ?? '';
    const match = /\/data\/([^/]+)\/versions\/([^/]+)$/.exec(uri) ?? /^azureml:([^/:]+):([^/:]+)$/.exec(uri);
    if (match) return { ...card, data: `azureml:${match[1]}:${match[2]}` };
  }
  return card;
}

/** Why a version is registered without its card: the pipeline wrote none, or wrote one that cannot be read. */
export function missingCardNote(job: string, problem?: string): string {
  return problem
    ? `The model card of job ${job} cannot be read (${problem}): the model is registered without it.`
    : `Job ${job} wrote no ${MODEL_CARD_FILE} to its ${METRICS_OUTPUT} output (a pipeline older than the model card): the model is registered without a card.`;
}
