import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Faults } from './config.js';

/** The files a merlin.systems export writes, as a training job's `model` output holds them. */
export function merlinRepository(broken?: Faults['brokenRepository']): Record<string, string> {
  const executor = 'name: "executor_model"\nplatform: "merlin_executor"\nbackend: "python"\n' + tensors();
  const transform = 'name: "0_transformworkflowtriton"\nbackend: "python"\n';
  const predict =
    `name: "${broken === 'name-mismatch' ? 'predictpytorch' : '1_predictpytorchtriton'}"\nplatform: "pytorch_libtorch"\nbackend: "pytorch"\n` +
    'parameters { key: "INFERENCE_MODE" value { string_value: "true" } }\n';
  const files: Record<string, string> = {
    'executor_model/config.pbtxt': executor,
    'executor_model/1/model.py': '# merlin.systems executor\n',
    'executor_model/1/ensemble/ensemble.pkl': 'pickle',
    'executor_model/1/ensemble/metadata.json': '{}',
    '0_transformworkflowtriton/config.pbtxt': transform,
    '0_transformworkflowtriton/1/model.py': '# TransformWorkflow\n',
    '0_transformworkflowtriton/1/workflow/metadata.json': '{}',
    '0_transformworkflowtriton/1/workflow/workflow.pkl': 'pickle',
    '1_predictpytorchtriton/config.pbtxt': predict,
    '1_predictpytorchtriton/1/model.pt': 'torchscript',
  };
  if (broken === 'missing-model-pt') {
    // Saved under a name Triton's PyTorch backend does not load.
    delete files['1_predictpytorchtriton/1/model.pt'];
    files['1_predictpytorchtriton/1/model.pth'] = 'torchscript';
  }
  if (broken === 'empty-version-folder') {
    // An empty version folder does not survive a job upload: the folder is simply gone.
    for (const path of Object.keys(files)) if (path.startsWith('executor_model/1/')) delete files[path];
  }
  return files;
}

/** The executor's tensors as protobuf text_format prints them (one `dims:` line per dimension). */
function tensors(): string {
  const tensor = (kind: string, name: string, type: string, dims: number[]) =>
    `${kind} {\n  name: "${name}"\n  data_type: ${type}\n${dims.map((d) => `  dims: ${d}\n`).join('')}}\n`;
  return (
    ['session_id', 'item_id', 'category', 'timestamp']
      .map((name) => tensor('input', name, 'TYPE_INT64', [-1]))
      .join('') +
    tensor('output', 'item_id_scores', 'TYPE_FP32', [-1, 20]) +
    tensor('output', 'item_ids', 'TYPE_INT64', [-1, 20])
  );
}

/**
 * The `metrics` output of a training job: metrics.json as pipeline/components/train/src/train.py writes it
 * (model metrics at the top level, `popularity_baseline`, `transition_baseline`, `train_days`, `eval_days`).
 * Not invented: recorded by `scripts/record-emulator-metrics.py`, which runs the project's own generator, data-prep
 * and evaluation code (the command and settings are inside the file, and pytest checks it is not stale).
 */
export const TRAINING_METRICS_FILE = join(import.meta.dirname, 'fixtures', 'pipeline-metrics.json');
export const TRAINING_METRICS_JSON = readFileSync(TRAINING_METRICS_FILE, 'utf8');
/**
 * The same, for a training job given a champion (the train step's `champion` input): train.py then adds `served`
 * (the new model as Triton serves it) and `champion` (the live model, scored the same way). Recorded by the same
 * script: the champion is the same code's model fitted on the oldest days only (the file's `champion_model`).
 */
export const CHAMPION_METRICS_FILE = join(import.meta.dirname, 'fixtures', 'pipeline-metrics-champion.json');
export const CHAMPION_METRICS_JSON = readFileSync(CHAMPION_METRICS_FILE, 'utf8');
/**
 * The model card the train step writes beside metrics.json (and into the model output) for each of the two runs
 * above: made by pipeline/components/train/src/model_card.py from that run's metrics.json by the same script.
 */
export const MODEL_CARD_FILE = join(import.meta.dirname, 'fixtures', 'model-card.json');
export const MODEL_CARD_JSON = readFileSync(MODEL_CARD_FILE, 'utf8');
export const CHAMPION_MODEL_CARD_JSON = readFileSync(
  join(import.meta.dirname, 'fixtures', 'model-card-champion.json'),
  'utf8',
);
export const TRAINING_METRICS = JSON.parse(TRAINING_METRICS_JSON) as Record<string, unknown> &
  Record<'ndcg_at_20' | 'recall_at_20' | 'ndcg_at_40' | 'recall_at_40', number> & {
    popularity_baseline: Record<string, number>;
  };

/** Where train.py writes the Triton repository inside the job's `model` output (the path registered). */
export const TRITON_FOLDER = 'triton';

/** The files of a job's `model` output: the Triton repository in its folder. */
export function modelOutput(broken?: Faults['brokenRepository']): Record<string, string> {
  return Object.fromEntries(
    Object.entries(merlinRepository(broken)).map(([path, content]) => [`${TRITON_FOLDER}/${path}`, content]),
  );
}
