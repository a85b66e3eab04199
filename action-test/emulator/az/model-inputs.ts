import type { ModelVersion } from '../workspace-store.js';
import type { CompiledStep } from './pipeline-compiler.js';

export class ModelInputError extends Error {}

const MODEL_TYPES = new Set(['triton_model', 'custom_model', 'mlflow_model']);
const MODEL_REFERENCE = /^azureml:([A-Za-z0-9][\w.-]*):([\w.-]+)$/;

/**
 * The model inputs of the pipeline's steps (`{type: triton_model, path: azureml:name:version}`, as the train step's
 * `champion`), checked as `az ml job create` checks an asset reference: the version exists and is of that type.
 * Returns them by step and input name, e.g. `train.champion`.
 */
export function resolveModelInputs(
  steps: CompiledStep[],
  models: Map<string, Map<string, ModelVersion>>,
): Record<string, ModelVersion> {
  const found: Record<string, ModelVersion> = {};
  for (const step of steps) {
    for (const [name, value] of Object.entries(step.inputs)) {
      if (value === null || typeof value !== 'object') continue;
      const { type, path } = value as { type?: string; path?: unknown };
      if (!type || !MODEL_TYPES.has(type)) continue;
      const where = `jobs.${step.name}.inputs.${name}`;
      const reference = typeof path === 'string' ? MODEL_REFERENCE.exec(path) : null;
      if (!reference)
        throw new ModelInputError(
          `${where}.path must be azureml:<name>:<version> (found '${String(path)}').`,
        );
      const model = models.get(reference[1]!)?.get(reference[2]!);
      if (!model)
        throw new ModelInputError(
          `Model ${reference[1]} with version ${reference[2]} was not found in the workspace (${where}: ${path}).`,
        );
      if (model.modelType !== type)
        throw new ModelInputError(
          `${where} is a ${type} input but model ${model.name}:${model.version} is ${model.modelType}.`,
        );
      found[`${step.name}.${name}`] = model;
    }
  }
  return found;
}
