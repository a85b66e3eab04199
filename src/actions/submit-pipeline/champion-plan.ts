import { InputError } from '../../kit/errors.js';
import { TAGS, TRAIN_STEP } from '../shared/shared-names.js';

/** The training step and its optional `triton_model` input (pipeline/components/train/component.yml). */
export const CHAMPION_STEP = TRAIN_STEP;
export const CHAMPION_INPUT = 'champion';
/** The content hash of the files and inputs without the champion: what decides that a live model is "ours". */
export const BASE_HASH_TAG = TAGS.baseHash;

/** `azureml:<name>:<version>`, the form register-model prints and az ml takes as a model input's path. */
export const MODEL_REFERENCE =
  /^azureml:([A-Za-z0-9][A-Za-z0-9_.-]{0,254}):([A-Za-z0-9][A-Za-z0-9_.-]{0,49})$/;

export interface ModelRef {
  name: string;
  version: string;
}

export function parseModelReference(text: string): ModelRef | undefined {
  const match = MODEL_REFERENCE.exec(text);
  return match ? { name: match[1]!, version: match[2]! } : undefined;
}

export const formatModel = (model: ModelRef): string => `azureml:${model.name}:${model.version}`;

/**
 * The model a deployment serves, from its `properties.model`: the ARM id of a version in this workspace
 * (deploy-endpoint writes that form) or `azureml:name:version`. Undefined for anything else (a registry model):
 * the training step can only be given a model of its own workspace by name and version.
 */
export function modelOfDeployment(model: string | undefined, workspacePath: string): ModelRef | undefined {
  if (!model) return undefined;
  const short = parseModelReference(model);
  if (short) return short;
  const prefix = `${workspacePath}/models/`.toLowerCase();
  if (!model.toLowerCase().startsWith(prefix)) return undefined;
  const [name, versions, version, ...rest] = model.slice(prefix.length).split('/');
  if (versions !== 'versions' || rest.length || !name || !version) return undefined;
  return parseModelReference(`azureml:${decodeURIComponent(name)}:${decodeURIComponent(version)}`);
}

/** Refuses a champion for a pipeline whose steps do not include the training step that takes it. */
export function checkChampionStep(
  input: 'champion-model' | 'champion-endpoint',
  steps: string[],
  display: string,
) {
  if (!steps.includes(CHAMPION_STEP)) {
    throw new InputError(
      input,
      `is set, but ${display} has no '${CHAMPION_STEP}' step to evaluate a champion`,
      `a pipeline whose '${CHAMPION_STEP}' step declares a triton_model input '${CHAMPION_INPUT}' (pipeline/pipeline.yml)`,
    );
  }
}

/**
 * The `--set` that gives the training step the champion. az ml applies each `--set` to the YAML before loading
 * it and creates the missing levels (azure-ai-ml `add_param_overrides`, pydash `set_`), so the node input
 * `{type: triton_model, path: azureml:name:version}` appears under jobs.train.inputs.
 */
export function championSets(model: ModelRef): string[] {
  const input = `jobs.${CHAMPION_STEP}.inputs.${CHAMPION_INPUT}`;
  return [`${input}.type=triton_model`, `${input}.path=${formatModel(model)}`];
}

export interface LiveModelFacts {
  model: ModelRef;
  /** Where it came from, for the log: the endpoint's live deployment or the input. */
  source: string;
  /** The pipeline job that trained it (the model version's jobName) and that job's tags, when known. */
  trainedBy?: { name: string; tags: Record<string, string> };
}

export type ChampionPlan =
  | { kind: 'none'; note: string }
  | { kind: 'champion'; model: ModelRef; sets: string[]; note: string }
  /** The live model was trained from these same files and data: that job is the run to reuse. */
  | { kind: 'live-is-ours'; model: ModelRef; jobName: string; hash: string; note: string };

/**
 * What the run does with the live model. A live model trained by a job with this run's base hash (same files,
 * inputs and data) is what this run would train: comparing it with itself says nothing, and taking it as a new
 * champion would retrain after every promotion. The run then reuses that job, by taking its content hash.
 * Any other live model is the champion, and its reference is part of the content hash (a new champion
 * re-evaluates).
 */
export function planChampion(live: LiveModelFacts | undefined, baseHash: string, none: string): ChampionPlan {
  if (!live) return { kind: 'none', note: none };
  const trainedBy = live.trainedBy;
  const earlierHash = trainedBy?.tags[TAGS.contentHash];
  if (trainedBy && earlierHash && trainedBy.tags[BASE_HASH_TAG] === baseHash) {
    return {
      kind: 'live-is-ours',
      model: live.model,
      jobName: trainedBy.name,
      hash: earlierHash,
      note: `Champion: ${formatModel(live.model)} (${live.source}) was trained by job ${trainedBy.name} from these same files, inputs and data; that job is the run to reuse, with no champion to compare.`,
    };
  }
  return {
    kind: 'champion',
    model: live.model,
    sets: championSets(live.model),
    note: `Champion: ${formatModel(live.model)} (${live.source}); the training step scores it beside the new model on the same sessions.`,
  };
}
