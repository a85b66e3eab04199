/**
 * The model card the train step writes beside metrics.json (pipeline/components/train/src/model_card.py), and
 * the tags that carry its facts on the registered model version, which the run report shows.
 */
import { parseJsonText } from '../../kit/json-file.js';

export const MODEL_CARD_FILE = 'model_card.json';

export interface ModelCard {
  /** The data the model was trained on: a data asset version or a path. */
  data: string;
  trainDays: string[];
  evalDays: string[];
  hyperparameters: Record<string, string>;
  metrics: Record<string, number>;
  /** Each reference by its key (popularity_baseline, transition_baseline, champion, served). */
  baselines: Record<string, Record<string, number>>;
  trainingSeconds?: number;
  versions: Record<string, string>;
}

/** The card's facts the report shows (its metrics already have a table), read back from the version's tags. */
export interface CardFacts {
  data: string;
  trainWindow: string;
  evalWindow: string;
  trainingSeconds?: number;
  hyperparameters: Record<string, string>;
  versions: Record<string, string>;
}

/** Tag names of the card's facts on a model version; hyperparameters and libraries one tag each, by prefix. */
export const CARD_TAGS = {
  data: 'data',
  trainWindow: 'train_window',
  evalWindow: 'eval_window',
  trainingSeconds: 'training_seconds',
  hyperparameter: 'hp_',
  library: 'lib_',
} as const;

type Json = Record<string, unknown>;
const isObject = (value: unknown): value is Json =>
  !!value && typeof value === 'object' && !Array.isArray(value);
const finite = (value: unknown): value is number => typeof value === 'number' && Number.isFinite(value);
const numbers = (value: unknown): Record<string, number> =>
  Object.fromEntries(
    Object.entries(isObject(value) ? value : {}).filter((entry) => finite(entry[1])),
  ) as Record<string, number>;
const scalars = (value: unknown): Record<string, string> =>
  Object.fromEntries(
    Object.entries(isObject(value) ? value : {})
      .filter(([, item]) => ['string', 'number', 'boolean'].includes(typeof item))
      .map(([key, item]) => [key, String(item)]),
  );
const days = (value: unknown): string[] =>
  Array.isArray(value) ? value.filter((day): day is string => typeof day === 'string') : [];

/** model_card.json as model_card.py writes it; a file that is not a card object is an error naming `source`. */
export function parseModelCard(text: string, source: string): ModelCard {
  const document = parseJsonText(text, source);
  if (!isObject(document) || typeof document.data !== 'string' || !Array.isArray(document.train_days))
    throw new Error(`${source} is not a model card (it needs data and train_days, as model_card.py writes).`);
  const baselines = isObject(document.baselines) ? document.baselines : {};
  return {
    data: document.data,
    trainDays: days(document.train_days),
    evalDays: days(document.eval_days),
    hyperparameters: scalars(document.hyperparameters),
    metrics: numbers(document.metrics),
    baselines: Object.fromEntries(Object.entries(baselines).map(([key, value]) => [key, numbers(value)])),
    trainingSeconds: finite(document.training_seconds) ? document.training_seconds : undefined,
    versions: scalars(document.versions),
  };
}

/** `2024-01-01..2024-01-06 (6 days)`, or one day as itself; empty for none. */
export function dayWindow(list: string[]): string {
  if (!list.length) return '';
  const sorted = [...list].sort();
  if (sorted.length === 1) return sorted[0]!;
  return `${sorted[0]}..${sorted.at(-1)} (${sorted.length} days)`;
}

const prefixed = (tags: Record<string, string>, prefix: string) =>
  Object.fromEntries(
    Object.entries(tags)
      .filter(([key]) => key.startsWith(prefix) && key.length > prefix.length)
      .map(([key, value]) => [key.slice(prefix.length), value]),
  );

/** The card's facts from a version's tags; undefined for a version registered without a card. */
export function cardFactsFromTags(tags: Record<string, string>): CardFacts | undefined {
  if (tags[CARD_TAGS.data] === undefined && tags[CARD_TAGS.trainWindow] === undefined) return undefined;
  const seconds = Number(tags[CARD_TAGS.trainingSeconds]);
  return {
    data: tags[CARD_TAGS.data] ?? '',
    trainWindow: tags[CARD_TAGS.trainWindow] ?? '',
    evalWindow: tags[CARD_TAGS.evalWindow] ?? '',
    trainingSeconds: tags[CARD_TAGS.trainingSeconds] && Number.isFinite(seconds) ? seconds : undefined,
    hyperparameters: prefixed(tags, CARD_TAGS.hyperparameter),
    versions: prefixed(tags, CARD_TAGS.library),
  };
}

/** The facts as register-model's `model-card` output gives them; anything else reads as no card. */
export function parseCardFacts(text: string): CardFacts | undefined {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return undefined;
  }
  if (!isObject(value) || typeof value.data !== 'string') return undefined;
  return {
    data: value.data,
    trainWindow: typeof value.trainWindow === 'string' ? value.trainWindow : '',
    evalWindow: typeof value.evalWindow === 'string' ? value.evalWindow : '',
    trainingSeconds: finite(value.trainingSeconds) ? value.trainingSeconds : undefined,
    hyperparameters: scalars(value.hyperparameters),
    versions: scalars(value.versions),
  };
}
