import { afterEach, describe, expect, it } from '@jest/globals';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { repoRoot } from '../support/action-manifests.js';
import { checkArmContracts } from '../contracts/jest-hooks.js';
import { EmulatorClock } from '../emulator/clock.js';
import { DEFAULT_CONFIG, NO_FAULTS } from '../emulator/config.js';
import { loadState, saveState } from '../emulator/persistence.js';
import type { RunningEmulator } from '../emulator/server.js';
import { WorkspaceStore } from '../emulator/workspace-store.js';
import { emulator, productionClients, runAz } from '../support/emulator-harness.js';

checkArmContracts('data assets in the emulator');

let running: RunningEmulator | undefined;
afterEach(async () => {
  await running?.close();
  running = undefined;
});

const folder = (n: number) => ({
  properties: {
    dataType: 'uri_folder',
    dataUri: `azureml://datastores/workspaceblobstore/paths/clicks/v${n}/`,
    tags: { source: 'export' },
  },
});

interface DataVersion {
  id: string;
  name: string;
  properties: { dataType: string; dataUri: string; tags: Record<string, string> };
}

describe('data assets', () => {
  it('registers versions, names the one created last as latestVersion, and keeps versions immutable', async () => {
    running = await emulator({ speed: 1 });
    const { arm, workspace } = productionClients(running);
    const first = await arm.begin<DataVersion>('PUT', `${workspace}/data/clicks/versions/1`, {
      body: folder(1),
    });
    expect(first).toMatchObject({
      id: `${workspace}/data/clicks/versions/1`,
      name: '1',
      properties: {
        dataType: 'uri_folder',
        dataUri: folder(1).properties.dataUri,
        tags: { source: 'export' },
      },
    });
    running.clock.advance(60_000);
    await arm.begin('PUT', `${workspace}/data/clicks/versions/2`, { body: folder(2) });
    const container = await arm.get<{ properties: { latestVersion: string; nextVersion: string } }>(
      `${workspace}/data/clicks`,
    );
    expect(container.properties).toMatchObject({ latestVersion: '2', nextVersion: '3' });
    const newest = await arm.get<{ value: DataVersion[] }>(`${workspace}/data/clicks/versions`, {
      query: { $orderBy: 'createdtime desc', $top: '1' },
    });
    expect(newest.value.map((version) => version.name)).toEqual(['2']);
    expect((await arm.get<DataVersion>(`${workspace}/data/clicks/versions/1`)).properties.dataUri).toBe(
      folder(1).properties.dataUri,
    );
    await expect(arm.get(`${workspace}/data/clicks/versions/9`)).rejects.toMatchObject({ status: 404 });
    await expect(arm.get(`${workspace}/data/views`)).rejects.toMatchObject({ status: 404 });
    await expect(
      arm.begin('PUT', `${workspace}/data/clicks/versions/1`, { body: folder(2) }),
    ).rejects.toMatchObject({ status: 409 });
  });

  it('resolves a pipeline input azureml:name:version or @latest to the data version, and refuses a missing one', async () => {
    running = await emulator({ speed: 1 });
    const { arm, az, workspace, home } = productionClients(running);
    await az.run(['extension', 'add', '--name', 'ml', '--yes']);
    await arm.begin('PUT', `${workspace}/data/clicks/versions/1`, { body: folder(1) });
    running.clock.advance(60_000);
    await arm.begin('PUT', `${workspace}/data/clicks/versions/2`, { body: folder(2) });
    const submit = (path: string) =>
      runAz(
        running!,
        [
          'ml',
          'job',
          'create',
          '-f',
          join(repoRoot, 'pipeline/pipeline-data-asset.yml'),
          '-g',
          running!.config.resourceGroup,
          '-w',
          running!.config.workspace,
          '--set',
          `inputs.interactions.path=${path}`,
        ],
        home,
      );
    const inputOf = async (path: string) => {
      const created = await submit(path);
      expect(created.stderr).toBe('');
      const { name } = JSON.parse(created.stdout) as { name: string };
      const job = await arm.get<{ properties: { inputs: Record<string, unknown> } }>(
        `${workspace}/jobs/${name}`,
      );
      return job.properties.inputs.interactions;
    };
    expect(await inputOf('azureml:clicks:1')).toEqual({
      jobInputType: 'uri_folder',
      uri: `azureml:${workspace}/data/clicks/versions/1`,
      mode: 'ReadOnlyMount',
    });
    expect(await inputOf('azureml:clicks@latest')).toMatchObject({
      uri: `azureml:${workspace}/data/clicks/versions/2`,
    });

    const missing = await submit('azureml:clicks:7');
    expect(missing.exitCode).toBe(1);
    expect(missing.stderr).toContain('Data asset clicks with version 7 was not found');
    const unknown = await submit('azureml:views@latest');
    expect(unknown.exitCode).toBe(1);
    expect(unknown.stderr).toContain('Data asset views was not found');
  });
});

describe('data assets across an emulator restart', () => {
  it('are saved with the workspace state and loaded back', () => {
    const folder = mkdtempSync(join(tmpdir(), 'emulator-state-'));
    try {
      const before = new WorkspaceStore(DEFAULT_CONFIG, new EmulatorClock(), NO_FAULTS);
      const record = {
        name: 'clicks',
        version: '4',
        dataType: 'uri_folder' as const,
        dataUri: 'azureml://datastores/blob/paths/v4/',
        tags: {},
        properties: {},
        createdAt: 1_000,
      };
      before.dataAssets.put(record);
      saveState(before, folder);
      const after = new WorkspaceStore(DEFAULT_CONFIG, new EmulatorClock(), NO_FAULTS);
      expect(loadState(after, folder)).toBe(true);
      expect(after.dataAssets.latest('clicks')).toEqual(record);
    } finally {
      rmSync(folder, { recursive: true, force: true });
    }
  });
});
