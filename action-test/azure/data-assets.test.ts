import { afterEach, describe, expect, it } from '@jest/globals';
import { ActionError } from '../../src/kit/errors.js';
import { formatDataReference, MlDataAssets, parseDataReference } from '../../src/azure/ml/data-assets.js';
import type { RunningEmulator } from '../emulator/server.js';
import { emulator, productionClients } from '../support/emulator-harness.js';

let running: RunningEmulator | undefined;
afterEach(async () => {
  await running?.close();
  running = undefined;
});

describe('data asset references', () => {
  it('reads azureml:name:version and azureml:name@latest, and writes them back', () => {
    expect(parseDataReference('azureml:clicks:3')).toEqual({ name: 'clicks', version: '3' });
    expect(parseDataReference('azureml:next-item.interactions_v2@latest')).toEqual({
      name: 'next-item.interactions_v2',
      latest: true,
    });
    for (const text of ['azureml:clicks:3', 'azureml:clicks@latest'])
      expect(formatDataReference(parseDataReference(text)!)).toBe(text);
  });

  it('refuses what is not a data asset reference', () => {
    for (const text of [
      'clicks:3',
      'azureml:clicks',
      'azureml:clicks@newest',
      'azureml://datastores/x/paths/y',
      'azureml:-clicks:1',
      'azureml:clicks:1;rm',
      `azureml:${'a'.repeat(256)}:1`,
    ])
      expect(parseDataReference(text)).toBeUndefined();
  });
});

describe('MlDataAssets.resolve against the emulator', () => {
  it('gives the version a reference means now, and says how to fix a missing asset or version', async () => {
    running = await emulator({ speed: 1 });
    const { arm, workspace } = productionClients(running);
    const put = (version: string) =>
      arm.begin('PUT', `${workspace}/data/clicks/versions/${version}`, {
        body: {
          properties: { dataType: 'uri_folder', dataUri: `azureml://datastores/blob/paths/v${version}/` },
        },
      });
    await put('1');
    running.clock.advance(60_000);
    await put('2');
    const assets = new MlDataAssets(arm, {
      subscriptionId: running.config.subscriptionId,
      resourceGroup: running.config.resourceGroup,
      workspace: running.config.workspace,
      cloud: 'AzureCloud',
    });
    await expect(assets.resolve({ name: 'clicks', latest: true })).resolves.toEqual({
      id: `${workspace}/data/clicks/versions/2`,
      name: 'clicks',
      version: '2',
      dataType: 'uri_folder',
      dataUri: 'azureml://datastores/blob/paths/v2/',
    });
    await expect(assets.resolve({ name: 'clicks', version: '1' })).resolves.toMatchObject({ version: '1' });
    const missingVersion = assets.resolve({ name: 'clicks', version: '7' });
    await expect(missingVersion).rejects.toBeInstanceOf(ActionError);
    await expect(missingVersion).rejects.toMatchObject({
      message: `Data asset clicks has no version 7 in workspace ${running.config.workspace}.`,
      hint: 'List its versions with: az ml data list --name clicks',
    });
    await expect(assets.resolve({ name: 'views', latest: true })).rejects.toMatchObject({
      message: `Data asset views does not exist in workspace ${running.config.workspace}.`,
    });
  });
});
