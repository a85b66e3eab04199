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

export const TRAINING_METRICS = {
  ndcg_at_20: 0.1832,
  recall_at_20: 0.5114,
  ndcg_at_40: 0.2046,
  recall_at_40: 0.6121,
  popularity_baseline: { ndcg_at_20: 0.1207, recall_at_20: 0.3902, ndcg_at_40: 0.1418, recall_at_40: 0.4933 },
};
