import { TRAIN_STEP } from '../shared/shared-names.js';
import type { SubmitPipelineInputs } from './inputs.js';

/** The `az ml job create --set` overrides the inputs ask for, in a stable order (the content hash uses them). */
export function pipelineOverrides(inputs: SubmitPipelineInputs): string[] {
  const overrides: string[] = [];
  if (inputs.compute)
    overrides.push(`settings.default_compute=azureml:${inputs.compute.replace(/^azureml:/, '')}`);
  if (inputs.experimentName) overrides.push(`experiment_name=${inputs.experimentName}`);
  if (inputs.startDate) overrides.push(`inputs.start_date=${inputs.startDate}`);
  if (inputs.endDate) overrides.push(`inputs.end_date=${inputs.endDate}`);
  if (inputs.rowsPerDay !== undefined) overrides.push(`inputs.rows_per_day=${inputs.rowsPerDay}`);
  for (const [name, value] of inputs.hyperparameters)
    overrides.push(`jobs.${TRAIN_STEP}.inputs.${name}=${value}`);
  for (const [path, value] of inputs.overrides) overrides.push(`${path}=${value}`);
  return overrides;
}
