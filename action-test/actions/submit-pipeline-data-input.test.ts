import { describe, expect, it } from '@jest/globals';
import { dataOverride, planDataInput } from '../../src/actions/submit-pipeline/data-input.js';
import { ActionError, InputError } from '../../src/kit/errors.js';

const ASSET_PIPELINE = {
  interactions: { type: 'uri_folder', path: 'azureml:next-item-interactions@latest', mode: 'ro_mount' },
};
const SYNTHETIC_PIPELINE = { start_date: '2024-01-01', end_date: '2024-01-07', rows_per_day: 200000 };
const display = 'pipeline/pipeline-data-asset.yml';

describe('planDataInput', () => {
  it('takes the data input over the pipeline default', () => {
    expect(
      planDataInput({
        data: { name: 'clicks', version: '3' },
        pipelineInputs: ASSET_PIPELINE,
        syntheticInputs: {},
        display,
      }),
    ).toEqual({ reference: { name: 'clicks', version: '3' }, type: 'uri_folder' });
  });

  it("resolves the pipeline's own data asset when no data input is given, so it is hashed too", () => {
    expect(planDataInput({ pipelineInputs: ASSET_PIPELINE, syntheticInputs: {}, display })).toEqual({
      reference: { name: 'next-item-interactions', latest: true },
      type: 'uri_folder',
    });
  });

  it('plans nothing for the synthetic pipeline, or for an input that names no asset', () => {
    expect(
      planDataInput({ pipelineInputs: SYNTHETIC_PIPELINE, syntheticInputs: {}, display }),
    ).toBeUndefined();
    const datastore = { interactions: { type: 'uri_folder', path: 'azureml://datastores/blob/paths/x/' } };
    expect(planDataInput({ pipelineInputs: datastore, syntheticInputs: {}, display })).toBeUndefined();
  });

  it('refuses data for a pipeline with no interactions input, naming the file to use', () => {
    const plan = () =>
      planDataInput({
        data: { name: 'clicks', latest: true },
        pipelineInputs: SYNTHETIC_PIPELINE,
        syntheticInputs: {},
        display: 'pipeline/pipeline.yml',
      });
    expect(plan).toThrow(InputError);
    expect(plan).toThrow(
      "Input 'data' is set, but pipeline/pipeline.yml has no 'interactions' input to take it: expected pipeline-file: pipeline/pipeline-data-asset.yml",
    );
  });

  it('refuses synthetic-data inputs with a data asset, naming them', () => {
    expect(() =>
      planDataInput({
        data: { name: 'clicks', version: '3' },
        pipelineInputs: ASSET_PIPELINE,
        syntheticInputs: { 'start-date': '2024-01-01', 'rows-per-day': 10 },
        display,
      }),
    ).toThrow(
      "Input 'start-date' shapes synthetic data, but this run reads data asset azureml:clicks:3: expected no start-date, rows-per-day with a data asset",
    );
  });
});

describe('dataOverride', () => {
  const version = {
    id: '/subscriptions/s/resourceGroups/rg/providers/Microsoft.MachineLearningServices/workspaces/ws/data/clicks/versions/4',
    name: 'clicks',
    version: '4',
    dataType: 'uri_folder',
    dataUri: 'azureml://datastores/blob/paths/v4/',
  };

  it('pins the pipeline input to the resolved version', () => {
    expect(dataOverride({ reference: { name: 'clicks', latest: true }, type: 'uri_folder' }, version)).toBe(
      'inputs.interactions.path=azureml:clicks:4',
    );
  });

  it('refuses a version of another type than the pipeline input', () => {
    const run = () =>
      dataOverride(
        { reference: { name: 'clicks', latest: true }, type: 'uri_folder' },
        { ...version, dataType: 'uri_file' },
      );
    expect(run).toThrow(ActionError);
    expect(run).toThrow(
      "Data asset clicks:4 is uri_file, but the pipeline input 'interactions' is uri_folder.",
    );
  });
});
