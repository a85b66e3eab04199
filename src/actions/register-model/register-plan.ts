import type { Job } from '../../azure/ml/jobs.js';
import { FINAL_STATUSES } from '../../azure/ml/jobs.js';
import type { GithubRun } from '../../kit/github-run.js';
import { lineageTags } from '../../kit/lineage.js';
import { formatDuration } from '../../kit/duration.js';
import { ActionError } from '../../kit/errors.js';
import { markdownLink, markdownTable } from '../../kit/markdown.js';
import type { Finding } from '../../triton/repository-check.js';
import { METRICS_OUTPUT, modelUri, type TrainingMetrics } from '../shared/ml-outputs.js';
import { BASELINE_PROPERTY_PREFIX, TAGS } from '../shared/shared-names.js';
import { cardFactsFromTags, dayWindow, MODEL_CARD_FILE, type ModelCard } from '../shared/model-card.js';
import type { RegisterModelInputs } from './inputs.js';
import { cardDescription, cardTags, fitTags, TAG_LIMITS } from './card-plan.js';
import { gateTable, type GateRow } from './quality-gate.js';

/** Only a Completed job's output can be registered: the error for any other, else undefined. */
export function notRegistrable(job: Job): ActionError | undefined {
  if (job.status === 'Completed') return undefined;
  return new ActionError(
    `Job ${job.name} is ${job.status}: only a Completed job's output can be registered.`,
    FINAL_STATUSES.has(job.status)
      ? `Studio: ${job.studioUrl ?? ''}`
      : 'Register it once it completes (submit-pipeline with wait: true waits for that).',
  );
}

/**
 * Whether the job has the pipeline's `metrics` output to read. A pipeline without one can still be
 * registered when no bar needs a metric; with bars it is an error that says what to add.
 */
export function metricsSource(job: Job, inputs: RegisterModelInputs): 'output' | 'none' {
  if (METRICS_OUTPUT in job.outputs) return 'output';
  if (!inputs.minMetrics.length && !inputs.beatBaseline.length) return 'none';
  throw new ActionError(
    `Job ${job.name} has no '${METRICS_OUTPUT}' output, so min-metrics and beat-baseline cannot be checked.`,
    `Declare outputs.${METRICS_OUTPUT} (uri_folder) in the pipeline and write metrics.json there, as pipeline/pipeline.yml does, or leave min-metrics and beat-baseline empty.`,
  );
}

export interface RegistrationRequest {
  modelType: string;
  modelUri: string;
  jobName: string;
  description: string;
  tags: Record<string, string>;
  properties: Record<string, string>;
}

const strings = (values: Record<string, number>) =>
  Object.entries(values).map(([key, value]): [string, string] => [key, String(value)]);

export interface PlannedRegistration {
  request: RegistrationRequest;
  /** Warnings for tags that did not fit Azure's limits (TAG_LIMITS). */
  tagWarnings: string[];
}

/**
 * The model version's body: the Triton repository of the job, tagged with the run, the metrics and the model
 * card's facts, and described by the card (after the caller's own description, when given).
 */
export function registrationRequest(
  inputs: RegisterModelInputs,
  metrics: TrainingMetrics,
  run: GithubRun,
  card?: ModelCard,
): PlannedRegistration {
  const { core, details } = card ? cardTags(card) : { core: [], details: [] };
  const fitted = fitTags([
    [TAGS.job, inputs.jobName],
    ...Object.entries(lineageTags(run)),
    ...core,
    ...strings(metrics.model),
    ...details,
  ]);
  const description = [inputs.description, card && cardDescription(card, inputs.jobName)].filter(Boolean);
  return {
    request: {
      modelType: 'triton_model',
      modelUri: modelUri(inputs.jobName, inputs.outputName),
      jobName: inputs.jobName,
      description: description.join('\n\n') || `Merlin next-item model trained by job ${inputs.jobName}`,
      tags: fitted.tags,
      properties: Object.fromEntries(
        strings(metrics.baseline).map(([key, value]) => [`${BASELINE_PROPERTY_PREFIX}${key}`, value]),
      ),
    },
    tagWarnings: [
      ...(fitted.dropped.length
        ? [`Azure keeps ${TAG_LIMITS.count} tags a version: left out ${fitted.dropped.join(', ')}.`]
        : []),
      ...(fitted.shortened.length
        ? [
            `Cut to ${TAG_LIMITS.valueLength} characters, Azure's longest tag value: ${fitted.shortened.join(', ')}.`,
          ]
        : []),
    ],
  };
}

/** The action's outputs; `model-card` is the card's facts as the version's tags hold them (empty without a card). */
export function modelOutputs(
  name: string,
  version: string,
  armId: string,
  reused: boolean,
  tags: Record<string, string>,
) {
  const card = cardFactsFromTags(tags);
  return {
    'model-name': name,
    'model-version': version,
    'model-id': `azureml:${name}:${version}`,
    'model-arm-id': armId,
    reused: String(reused),
    'model-card': card ? JSON.stringify(card) : '',
  };
}

export function studioModelUrl(studio: string, workspaceId: string, name: string, version: string): string {
  return `${studio}/model/${name}:${version}/details?wsid=${workspaceId}`;
}

export function reusedSummary(link: string, name: string, version: string, job: string): string {
  return `## Model ${markdownLink(`${name}:${version}`, link)}\n\nAlready registered from job ${job}: reused.\n`;
}

export function belowBar(job: string, gate: GateRow[]): { summary: string; error: ActionError } {
  const failed = gate
    .filter((row) => !row.passed)
    .map((row) => `${row.metric} ${row.value ?? 'not logged'} (needs ${row.bar})`);
  return {
    summary: `## Model not registered: below the quality bar\n\nJob ${job}\n\n${gateTable(gate)}`,
    error: new ActionError(
      `Job ${job} is below the quality bar, so nothing was registered: ${failed.join('; ')}.`,
    ),
  };
}

export function brokenRepository(
  job: string,
  output: string,
  findings: Finding[],
): { summary: string; error: ActionError } {
  const table = markdownTable(
    ['path', 'problem', 'fix'],
    findings.map((finding) => [finding.path, finding.problem, finding.fix]),
  );
  return {
    summary: `## Model not registered: the Triton repository is broken\n\nJob ${job}, output ${output}\n\n${table}`,
    error: new ActionError(
      `The Triton repository of job ${job} is broken, so nothing was registered: ${findings.map((f) => `${f.path} ${f.problem}: ${f.fix}`).join('; ')}.`,
    ),
  };
}

/** What the summary says of the card: where the version's description and tags came from, or why there are none. */
export function cardLine(card: ModelCard | undefined, note: string | undefined): string {
  if (!card) return note ? `> ${note}\n\n` : '';
  const facts = [
    dayWindow(card.trainDays) && `trained on ${dayWindow(card.trainDays)}`,
    card.trainingSeconds !== undefined && `in ${formatDuration(card.trainingSeconds * 1000)}`,
  ].filter(Boolean);
  return `Model card: description and tags from ${MODEL_CARD_FILE} (${card.data}${facts.length ? `; ${facts.join(', ')}` : ''}).\n\n`;
}

export function registeredSummary(
  link: string,
  name: string,
  version: string,
  inputs: RegisterModelInputs,
  gate: GateRow[],
  card = '',
): string {
  return (
    `## Model ${markdownLink(`${name}:${version}`, link)} registered\n\nFrom job ${inputs.jobName}, output ${inputs.outputName}.\n\n` +
    card +
    (gate.length ? gateTable(gate) : '')
  );
}
