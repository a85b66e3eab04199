import { describe, expect, it } from '@jest/globals';
import { resolveModelInputs } from '../emulator/az/model-inputs.js';
import type { CompiledStep } from '../emulator/az/pipeline-compiler.js';
import type { ModelVersion } from '../emulator/workspace-store.js';

const version = (modelType: string): ModelVersion => ({
  name: 'next-item-triton',
  version: '1',
  modelType,
  modelUri: 'azureml://jobs/j/outputs/model/paths/triton/',
  tags: {},
  properties: {},
  createdAt: 0,
});
const models = (modelType = 'triton_model') =>
  new Map([['next-item-triton', new Map([['1', version(modelType)]])]]);
const train = (champion: unknown): CompiledStep[] => [
  { name: 'train', component: './train.yml', outputs: [], inputs: { sessions: '${{parent.x}}', champion } },
];

describe("the emulator's az ml job create, for a step's model input", () => {
  it('finds the registered version the train step is given as champion', () => {
    const found = resolveModelInputs(
      train({ type: 'triton_model', path: 'azureml:next-item-triton:1' }),
      models(),
    );
    expect(Object.keys(found)).toEqual(['train.champion']);
    expect(found['train.champion']!.version).toBe('1');
    expect(resolveModelInputs(train(undefined), models())).toEqual({});
  });

  it('refuses a missing version, another model type, or a path that is not azureml:name:version', () => {
    expect(() =>
      resolveModelInputs(train({ type: 'triton_model', path: 'azureml:next-item-triton:2' }), models()),
    ).toThrow(
      'Model next-item-triton with version 2 was not found in the workspace (jobs.train.inputs.champion: azureml:next-item-triton:2).',
    );
    expect(() =>
      resolveModelInputs(
        train({ type: 'triton_model', path: 'azureml:next-item-triton:1' }),
        models('custom_model'),
      ),
    ).toThrow(
      'jobs.train.inputs.champion is a triton_model input but model next-item-triton:1 is custom_model.',
    );
    expect(() =>
      resolveModelInputs(train({ type: 'triton_model', path: 'next-item-triton' }), models()),
    ).toThrow("jobs.train.inputs.champion.path must be azureml:<name>:<version> (found 'next-item-triton').");
  });
});
