import type { AzureTarget } from '../../azure/target.js';
import { InputError } from '../../kit/errors.js';
import type { Inputs } from '../../kit/inputs.js';
import { NAME_RULES } from '../../kit/names.js';
import { readAzureTarget } from '../shared/azure-inputs.js';
import { quote } from '../../kit/quote.js';
import type { ChampionGateRule } from './champion-gate.js';
import { METRIC_BAR_LIMITS, parseMetricBars, type MetricBar } from './quality-bar.js';

export interface RegisterModelInputs {
  target: AzureTarget;
  jobName: string;
  outputName: string;
  modelName: string;
  modelVersion?: string;
  description?: string;
  minMetrics: MetricBar[];
  beatBaseline: string[];
  beatChampion: ChampionGateRule;
  validate: boolean;
}

export function readRegisterModelInputs(inputs: Inputs, env: NodeJS.ProcessEnv): RegisterModelInputs {
  const target = readAzureTarget(inputs, env);
  const jobName = inputs.name('job-name', NAME_RULES.job, { required: true });
  const outputName =
    inputs.name('output-name', {
      pattern: /^[A-Za-z_][A-Za-z0-9_]{0,254}$/,
      expected: 'a job output name such as model',
      maxLength: 255,
    }) ?? 'model';
  const modelName = inputs.name('model-name', NAME_RULES.asset) ?? 'next-item-triton';
  const modelVersion = inputs.name('model-version', NAME_RULES.assetVersion);
  if (modelVersion === 'latest')
    throw new InputError('model-version', "is 'latest'", 'a concrete version, or empty for the next integer');
  return {
    target,
    jobName,
    outputName,
    modelName,
    modelVersion,
    description: inputs.text('description', { maxLength: 1024 }),
    minMetrics: parseMetricBars('min-metrics', inputs.list('min-metrics', METRIC_BAR_LIMITS)),
    beatBaseline: metricNames(inputs, 'beat-baseline'),
    beatChampion: {
      metrics: metricNames(inputs, 'beat-champion'),
      tolerance: inputs.number('champion-tolerance', { defaultValue: 0, min: 0, max: 1 })!,
    },
    validate: inputs.boolean('validate', true),
  };
}

function metricNames(inputs: Inputs, name: string): string[] {
  const names = inputs.list(name, { maxItems: METRIC_BAR_LIMITS.maxItems, maxItemLength: 64 });
  for (const metric of names) {
    if (!/^[a-z][a-z0-9_]{0,63}$/i.test(metric)) {
      throw new InputError(
        name,
        `has ${quote(metric)}`,
        'metric names such as ndcg_at_20,recall_at_20, or empty to skip the baseline check',
      );
    }
  }
  return names;
}
