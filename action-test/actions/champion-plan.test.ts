import { describe, expect, it } from '@jest/globals';
import {
  BASE_HASH_TAG,
  championSets,
  checkChampionStep,
  modelOfDeployment,
  parseModelReference,
  planChampion,
} from '../../src/actions/submit-pipeline/champion-plan.js';
import { TAGS } from '../../src/actions/shared/shared-names.js';

const WORKSPACE =
  '/subscriptions/sub/resourceGroups/rg/providers/Microsoft.MachineLearningServices/workspaces/mlw';
const MODEL = { name: 'next-item-triton', version: '3' };

describe('the live model of a deployment', () => {
  it('reads the ARM id deploy-endpoint writes, and the short form', () => {
    expect(modelOfDeployment(`${WORKSPACE}/models/next-item-triton/versions/3`, WORKSPACE)).toEqual(MODEL);
    expect(
      modelOfDeployment(`${WORKSPACE.toLowerCase()}/models/next-item-triton/versions/3`, WORKSPACE),
    ).toEqual(MODEL);
    expect(modelOfDeployment('azureml:next-item-triton:3', WORKSPACE)).toEqual(MODEL);
  });

  it('has no champion for a model of another workspace or registry, or none at all', () => {
    const other = WORKSPACE.replace('/mlw', '/other');
    expect(modelOfDeployment(`${other}/models/next-item-triton/versions/3`, WORKSPACE)).toBeUndefined();
    expect(
      modelOfDeployment('azureml://registries/shared/models/next-item-triton/versions/3', WORKSPACE),
    ).toBeUndefined();
    expect(modelOfDeployment(`${WORKSPACE}/models/next-item-triton`, WORKSPACE)).toBeUndefined();
    expect(modelOfDeployment(`${WORKSPACE}/models/x/versions/3/extra`, WORKSPACE)).toBeUndefined();
    expect(modelOfDeployment(undefined, WORKSPACE)).toBeUndefined();
  });

  it('parses only azureml:<name>:<version>', () => {
    expect(parseModelReference('azureml:next-item-triton:3')).toEqual(MODEL);
    for (const bad of [
      'next-item-triton:3',
      'azureml:next-item-triton',
      'azureml:m@latest',
      'azureml:m:3;rm',
    ])
      expect(parseModelReference(bad)).toBeUndefined();
  });
});

describe('the champion the training step is given', () => {
  it('is the train step input champion, a triton_model at azureml:name:version', () => {
    expect(championSets(MODEL)).toEqual([
      'jobs.train.inputs.champion.type=triton_model',
      'jobs.train.inputs.champion.path=azureml:next-item-triton:3',
    ]);
  });

  it('is the live model, unless its own training job had this base hash: then that job is reused', () => {
    const live = { model: MODEL, source: 'live deployment blue' };
    const champion = planChampion(live, 'base', 'none');
    expect(champion).toMatchObject({ kind: 'champion', sets: championSets(MODEL) });

    const ours = {
      ...live,
      trainedBy: { name: 'job1', tags: { [TAGS.contentHash]: 'h1', [BASE_HASH_TAG]: 'base' } },
    };
    expect(planChampion(ours, 'base', 'none')).toMatchObject({
      kind: 'live-is-ours',
      jobName: 'job1',
      hash: 'h1',
    });
    // Other files, inputs or data: the live model is the champion.
    expect(planChampion(ours, 'other', 'none')).toMatchObject({ kind: 'champion' });
    // A job from before base hashes were tagged cannot be recognised: it is the champion.
    const untagged = { ...live, trainedBy: { name: 'job0', tags: { [TAGS.contentHash]: 'base' } } };
    expect(planChampion(untagged, 'base', 'none')).toMatchObject({ kind: 'champion' });
    expect(planChampion(undefined, 'base', 'no endpoint')).toEqual({ kind: 'none', note: 'no endpoint' });
  });

  it('needs a pipeline with a train step', () => {
    expect(() => checkChampionStep('champion-endpoint', ['data_prep', 'train'], 'p.yml')).not.toThrow();
    expect(() => checkChampionStep('champion-endpoint', ['data_prep'], 'p.yml')).toThrow(
      "Input 'champion-endpoint' is set, but p.yml has no 'train' step to evaluate a champion",
    );
  });
});
