import type { AzureTarget } from '../../azure/target.js';
import type { Inputs } from '../../kit/inputs.js';
import { NAME_RULES } from '../../kit/names.js';
import { readAzureTarget } from '../shared/azure-inputs.js';
import { jsonFileInput, workspaceRoot } from '../shared/files.js';

export interface SmokeScoreInputs {
  target: AzureTarget;
  endpoint: string;
  deployment?: string;
  model: string;
  requestFile: string;
  request: unknown;
  requests: number;
  concurrency: number;
  maxP95Ms: number;
  topK: number;
  timeoutMs: number;
}

export function readSmokeScoreInputs(inputs: Inputs, env: NodeJS.ProcessEnv): SmokeScoreInputs {
  const target = readAzureTarget(inputs, env);
  const endpoint = inputs.name('endpoint', NAME_RULES.endpoint, { required: true });
  const deployment = inputs.name('deployment', NAME_RULES.deployment);
  const model =
    inputs.name('model', {
      pattern: /^[A-Za-z0-9_][A-Za-z0-9_.-]{0,127}$/,
      expected: 'a Triton model name such as executor_model',
      maxLength: 128,
    }) ?? 'executor_model';
  const request = jsonFileInput(
    inputs,
    'request-file',
    'inference/scoring/sample-request.json',
    workspaceRoot(env),
  );
  return {
    target,
    endpoint,
    deployment,
    model,
    requestFile: request.path,
    request: request.content,
    requests: inputs.integer('requests', { defaultValue: 20, min: 1, max: 10_000 })!,
    concurrency: inputs.integer('concurrency', { defaultValue: 4, min: 1, max: 64 })!,
    maxP95Ms: inputs.number('max-p95-ms', { defaultValue: 2000, min: 1, max: 600_000 })!,
    topK: inputs.integer('top-k', { defaultValue: 20, min: 1, max: 1000 })!,
    timeoutMs: inputs.duration('timeout', '15m', { minMs: 10_000, maxMs: 4 * 3_600_000 }),
  };
}
