import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative, sep } from 'node:path';
import type { AzCli } from '../../azure/az-cli.js';
import { jobOutputUri } from '../../azure/ml/jobs.js';
import { mlWorkspaceArgs, type AzureTarget } from '../../azure/target.js';
import { parseJsonText } from '../../kit/json-file.js';
import { MODEL_CARD_FILE } from './model-card.js';

/** The pipeline's named outputs (pipeline/pipeline.yml `outputs:`), a documented contract of the job. */
export const MODEL_OUTPUT = 'model';
export const METRICS_OUTPUT = 'metrics';
/** The folder of the `model` output that holds the Triton repository (train.py's export destination). */
export const TRITON_FOLDER = 'triton';
export const METRICS_FILE = 'metrics.json';

/** The model path to register: the Triton repository inside the job's model output. */
export function modelUri(job: string, output = MODEL_OUTPUT): string {
  return jobOutputUri(job, output, `${TRITON_FOLDER}/`);
}

export interface TrainingMetrics {
  /** The model's ranking metrics (ndcg_at_20, recall_at_20, ...). */
  model: Record<string, number>;
  /** The same metrics of the popularity baseline on the same sessions. */
  baseline: Record<string, number>;
  /** Every reference metrics.json holds, by its key, in REFERENCES order (popularity_baseline included). */
  references: Partial<Record<Reference, Record<string, number>>>;
}

/**
 * What train.py scores beside the model on the same sessions: the new model and the live one as Triton serves
 * them (`served`, `champion`, only when a champion was given), and the two baselines.
 */
export const REFERENCES = ['served', 'champion', 'transition_baseline', 'popularity_baseline'] as const;
export type Reference = (typeof REFERENCES)[number];

const numbers = (value: unknown): Record<string, number> =>
  Object.fromEntries(
    Object.entries(value && typeof value === 'object' ? value : {}).filter(
      (entry): entry is [string, number] => typeof entry[1] === 'number' && Number.isFinite(entry[1]),
    ),
  );

/**
 * metrics.json as train.py writes it: numeric top-level keys are the model's metrics, `popularity_baseline`
 * the baseline's, each of REFERENCES its own; `hyperparameters`, `train_days` and `eval_days` describe the run
 * and are not metrics.
 */
export function parseTrainingMetrics(text: string, source: string): TrainingMetrics {
  const document = parseJsonText(text, source);
  if (!document || typeof document !== 'object' || Array.isArray(document))
    throw new Error(`${source} is not a JSON object of metrics.`);
  const { popularity_baseline: baseline, ...rest } = document as Record<string, unknown>;
  const references = Object.fromEntries(
    REFERENCES.map((key) => [key, numbers((document as Record<string, unknown>)[key])] as const).filter(
      ([, values]) => Object.keys(values).length,
    ),
  );
  return { model: numbers(rest), baseline: numbers(baseline), references };
}

/** Each file under `root` by its `/`-separated relative path. */
export function listFiles(root: string): string[] {
  if (!existsSync(root)) return [];
  return readdirSync(root, { recursive: true, withFileTypes: true })
    .filter((entry) => entry.isFile())
    .map((entry) => relative(root, join(entry.parentPath, entry.name)).split(sep).join('/'));
}

/**
 * Downloads one named output of a job with `az ml job download` (one process that handles the datastore's
 * auth), hands its folder to `read`, and removes it afterwards.
 */
export async function withJobOutput<T>(
  az: AzCli,
  target: AzureTarget,
  job: string,
  output: string,
  read: (root: string) => T,
  signal?: AbortSignal,
): Promise<T> {
  const folder = mkdtempSync(join(process.env.RUNNER_TEMP || tmpdir(), `job-output-${output}-`));
  try {
    await az.run(
      [
        'ml',
        'job',
        'download',
        '--name',
        job,
        '--output-name',
        output,
        '--download-path',
        folder,
        ...mlWorkspaceArgs(target),
        '--only-show-errors',
      ],
      { signal },
    );
    // The CLI's layout: <download-path>/named-outputs/<output>/...
    return read(join(folder, 'named-outputs', output));
  } finally {
    rmSync(folder, { recursive: true, force: true });
  }
}

/** What the train step leaves in the `metrics` output: metrics.json, and model_card.json when the pipeline writes one. */
export interface MetricsOutput {
  metrics: TrainingMetrics;
  /** model_card.json's text; undefined for a pipeline older than the model card. */
  cardText?: string;
}

/** The `metrics` output's files, read in one download. */
export async function downloadMetricsOutput(
  az: AzCli,
  target: AzureTarget,
  job: string,
  signal?: AbortSignal,
): Promise<MetricsOutput> {
  return withJobOutput(
    az,
    target,
    job,
    METRICS_OUTPUT,
    (root) => {
      const path = join(root, METRICS_FILE);
      if (!existsSync(path))
        throw new Error(
          `Output ${METRICS_OUTPUT} of job ${job} has no ${METRICS_FILE} (it has: ${listFiles(root).join(', ') || 'nothing'}).`,
        );
      const card = join(root, MODEL_CARD_FILE);
      return {
        metrics: parseTrainingMetrics(readFileSync(path, 'utf8'), `${METRICS_FILE} of job ${job}`),
        cardText: existsSync(card) ? readFileSync(card, 'utf8') : undefined,
      };
    },
    signal,
  );
}

/** The training metrics from the job's `metrics` output. */
export async function downloadTrainingMetrics(
  az: AzCli,
  target: AzureTarget,
  job: string,
  signal?: AbortSignal,
): Promise<TrainingMetrics> {
  return (await downloadMetricsOutput(az, target, job, signal)).metrics;
}
