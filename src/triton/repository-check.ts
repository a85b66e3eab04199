import { readModelConfig, type ModelConfigFields } from './model-config.js';

export interface Finding {
  path: string;
  problem: string;
  fix: string;
}

/** A model repository as files: relative path -> content (text files) or null (content not read). */
export type RepositoryFiles = Map<string, string | null>;

const DEFAULT_FILE: Record<string, string> = {
  pytorch_libtorch: 'model.pt',
  pytorch: 'model.pt',
  python: 'model.py',
  merlin_executor: 'model.py',
  onnxruntime_onnx: 'model.onnx',
  onnxruntime: 'model.onnx',
  tensorrt_plan: 'model.plan',
  tensorrt: 'model.plan',
};

/**
 * Checks a Triton model repository the way Triton and the Merlin export need it: every model folder has a
 * config.pbtxt whose name (when set) is the folder's, at least one numeric version folder holding files,
 * the model file its platform or backend loads, and the three models of a merlin.systems export.
 */
export function checkTritonRepository(files: RepositoryFiles): Finding[] {
  const models = modelFolders(files);
  if (models.size === 0) {
    return [
      {
        path: '.',
        problem: 'the repository holds no model folder',
        fix: 'point output-name at the output the training step exported the Triton repository to',
      },
    ];
  }
  const findings: Finding[] = [];
  const platforms = new Map<string, string>();
  for (const [model, paths] of [...models.entries()].sort(([a], [b]) => a.localeCompare(b))) {
    const configText = files.get(`${model}/config.pbtxt`);
    if (configText === undefined) {
      findings.push({
        path: `${model}/config.pbtxt`,
        problem: 'is missing',
        fix: `export a config.pbtxt into ${model}/ (Triton needs one per model)`,
      });
      continue;
    }
    const config = readModelConfig(configText ?? '');
    platforms.set(model, config.platform || config.backend || '');
    findings.push(...checkModel(files, model, paths, config));
  }
  findings.push(...checkMerlinExport(files, [...models.keys()], platforms));
  return findings;
}

/** Each model folder (the first path segment) with the paths inside it. */
function modelFolders(files: RepositoryFiles): Map<string, string[]> {
  const models = new Map<string, string[]>();
  for (const path of files.keys()) {
    const [model, ...rest] = path.split('/');
    if (!rest.length) continue;
    models.set(model!, [...(models.get(model!) ?? []), rest.join('/')]);
  }
  return models;
}

/** One model folder that has a config.pbtxt: its name, its version folders, the file its kind loads. */
function checkModel(
  files: RepositoryFiles,
  model: string,
  paths: string[],
  config: ModelConfigFields,
): Finding[] {
  const findings: Finding[] = [];
  if (config.name !== undefined && config.name !== model) {
    findings.push({
      path: `${model}/config.pbtxt`,
      problem: `names the model '${config.name}', not '${model}'`,
      fix: `set name: "${model}" or rename the folder to ${config.name}`,
    });
  }
  const kind = config.platform || config.backend || '';
  const versions = new Set(
    paths.map((path) => path.split('/')[0]!).filter((first) => /^(0|[1-9]\d*)$/.test(first)),
  );
  if (versions.size === 0) {
    const hint =
      kind === 'ensemble'
        ? ' (an ensemble needs an empty version folder, which git and Azure ML uploads drop: export with merlin.systems instead)'
        : '';
    findings.push({
      path: `${model}/`,
      problem: `has no numeric version folder with files${hint}`,
      fix: `put the model files in ${model}/1/`,
    });
    return findings;
  }
  const expected = DEFAULT_FILE[kind];
  if (!expected) return findings;
  for (const version of versions) {
    if (!files.has(`${model}/${version}/${expected}`)) {
      findings.push({
        path: `${model}/${version}/${expected}`,
        problem: `is missing (the ${kind} ${config.platform ? 'platform' : 'backend'} loads it)`,
        fix: `export ${expected} into ${model}/${version}/`,
      });
    }
  }
  return findings;
}

const MERLIN_PARTS = [
  {
    test: (model: string, platforms: Map<string, string>) => platforms.get(model) === 'merlin_executor',
    what: 'an executor model (platform "merlin_executor")',
    example: 'executor_model',
  },
  {
    test: (model: string) => /transformworkflowtriton$/.test(model),
    what: 'a TransformWorkflow model',
    example: '0_transformworkflowtriton',
  },
  {
    test: (model: string) => /predictpytorchtriton$/.test(model),
    what: 'a PredictPyTorch model',
    example: '1_predictpytorchtriton',
  },
];

/** The three models of a merlin.systems export, and the saved workflow inside the transform model. */
function checkMerlinExport(
  files: RepositoryFiles,
  models: string[],
  platforms: Map<string, string>,
): Finding[] {
  const findings: Finding[] = [];
  for (const part of MERLIN_PARTS) {
    if (!models.some((model) => part.test(model, platforms))) {
      findings.push({
        path: `${part.example}/`,
        problem: `is missing: a merlin.systems export has ${part.what}`,
        fix: 'export with Ensemble(TransformWorkflow(workflow) >> PredictPyTorch(...)).export(path)',
      });
    }
  }
  const transform = models.find((model) => MERLIN_PARTS[1]!.test(model, platforms));
  if (transform && ![...files.keys()].some((path) => path.startsWith(`${transform}/1/workflow/`))) {
    findings.push({
      path: `${transform}/1/workflow/`,
      problem: 'is missing: the saved NVTabular workflow',
      fix: 'export the fitted workflow with the ensemble',
    });
  }
  return findings;
}
