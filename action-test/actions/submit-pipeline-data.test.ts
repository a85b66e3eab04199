import { afterEach, describe, expect, it } from '@jest/globals';
import type { RunningEmulator } from '../emulator/server.js';
import { emulator, HOUR_LONG_JOB, productionClients } from '../support/emulator-harness.js';
import { runAgainstEmulator } from '../support/emulator-run.js';

let running: RunningEmulator | undefined;
afterEach(async () => {
  await running?.close();
  running = undefined;
});

async function registerData(r: RunningEmulator, version: string): Promise<void> {
  const { arm, workspace } = productionClients(r);
  await arm.begin('PUT', `${workspace}/data/clicks/versions/${version}`, {
    body: {
      properties: { dataType: 'uri_folder', dataUri: `azureml://datastores/blob/paths/clicks/v${version}/` },
    },
  });
  r.clock.advance(60_000);
}

function submit(r: RunningEmulator, data: string) {
  return runAgainstEmulator(r, {
    action: 'submit-pipeline',
    inputs: { 'pipeline-file': 'pipeline/pipeline-data-asset.yml', data },
    timeoutMs: 60_000,
  });
}

function dataInputOf(r: RunningEmulator, job: string): unknown {
  return (r.store.jobs.get(job)?.inputs as Record<string, unknown>).interactions;
}

describe('submit-pipeline on a data asset', () => {
  it('reuses the run while the data version is the same, and retrains on a new version', async () => {
    running = await emulator({ speed: 3600, ...HOUR_LONG_JOB });
    await registerData(running, '1');
    const first = await submit(running, 'azureml:clicks@latest');
    if (first.exitCode !== 0) console.log(first.stdout, first.stderr);
    expect(first.exitCode).toBe(0);
    expect(first.outputs).toMatchObject({ status: 'Completed', reused: 'false' });
    expect(first.stdout).toContain('Data: azureml:clicks@latest is version 1');
    const firstJob = first.outputs['job-name']!;
    expect(dataInputOf(running, firstJob)).toMatchObject({
      uri: expect.stringMatching(/\/data\/clicks\/versions\/1$/),
    });

    const same = await submit(running, 'azureml:clicks:1');
    expect(same.outputs).toMatchObject({ 'job-name': firstJob, reused: 'true' });

    await registerData(running, '2');
    const newer = await submit(running, 'azureml:clicks@latest');
    expect(newer.exitCode).toBe(0);
    expect(newer.outputs).toMatchObject({ status: 'Completed', reused: 'false' });
    expect(newer.outputs['job-name']).not.toBe(firstJob);
    expect(dataInputOf(running, newer.outputs['job-name']!)).toMatchObject({
      uri: expect.stringMatching(/\/data\/clicks\/versions\/2$/),
    });
    expect(running.store.jobs.size).toBe(2);

    const pinnedToOld = await submit(running, 'azureml:clicks:1');
    expect(pinnedToOld.outputs).toMatchObject({ 'job-name': firstJob, reused: 'true' });
  });

  it('fails before submitting when the data asset or version does not exist, saying how to fix it', async () => {
    running = await emulator({ speed: 3600 });
    await registerData(running, '1');
    const missing = await submit(running, 'azureml:clicks:9');
    expect(missing.exitCode).toBe(1);
    expect(missing.errorLines).toEqual([
      `::error::Data asset clicks has no version 9 in workspace ${running.config.workspace}. List its versions with: az ml data list --name clicks`,
    ]);
    const unknown = await submit(running, 'azureml:views@latest');
    expect(unknown.errorLines[0]).toContain('Data asset views does not exist');
    expect(running.store.jobs.size).toBe(0);
  });
});
