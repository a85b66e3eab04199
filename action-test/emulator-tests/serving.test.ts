import { afterEach, describe, expect, it } from '@jest/globals';
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { repoRoot } from '../support/action-manifests.js';
import type { ArmError } from '../../src/azure/arm-error.js';
import type { RunningEmulator } from '../emulator/server.js';
import { emulator, productionClients, runAz } from '../support/emulator-harness.js';

let running: RunningEmulator | undefined;
afterEach(async () => {
  await running?.close();
  running = undefined;
});

/** A completed training job, its model version and an environment: what a deployment needs. */
async function trainedModel(r: RunningEmulator) {
  const clients = productionClients(r);
  const { az, arm, workspace } = clients;
  await az.run(['extension', 'add', '--name', 'ml', '--yes']);
  const job = await az.json<{ name: string }>([
    'ml',
    'job',
    'create',
    '-f',
    join(repoRoot, 'pipeline/pipeline.yml'),
    '-g',
    r.config.resourceGroup,
    '-w',
    r.config.workspace,
  ]);
  r.clock.advance(7 * 3_600_000);
  const model = await arm.begin<{ id: string }>('PUT', `${workspace}/models/next-item-triton/versions/1`, {
    body: {
      properties: {
        modelType: 'triton_model',
        modelUri: `azureml://jobs/${job.name}/outputs/model/paths/triton/`,
      },
    },
  });
  const environment = await arm.begin<{ id: string }>(
    'PUT',
    `${workspace}/environments/next-item-triton/versions/1`,
    {
      body: {
        properties: {
          image: 'acrnextitem.azurecr.io/next-item-triton:abc',
          inferenceConfig: { livenessRoute: { path: '/v2/health/live', port: 8000 } },
        },
      },
    },
  );
  return { ...clients, job: job.name, modelId: model.id, environmentId: environment.id };
}

/** Twelve-minute provisioning in a few real milliseconds, polled without waiting a second each time. */
const FAST = { speed: 100_000, operationRetryAfterSeconds: 0 };

const deploymentBody = (modelId: string, environmentId: string) => ({
  location: 'eastus2',
  sku: { name: 'Default', capacity: 1 },
  properties: {
    endpointComputeType: 'Managed',
    model: modelId,
    environmentId,
    instanceType: 'Standard_NC4as_T4_v3',
  },
});

const sessions = {
  inputs: [
    { name: 'session_id', datatype: 'INT64', shape: [5], data: [1, 1, 1, 2, 3] },
    { name: 'item_id', datatype: 'INT64', shape: [5], data: [10, 11, 12, 20, 30] },
    { name: 'category', datatype: 'INT64', shape: [5], data: [1, 1, 1, 2, 3] },
    { name: 'timestamp', datatype: 'INT64', shape: [5], data: [100, 200, 300, 400, 500] },
  ],
};

describe('online endpoints, deployments and Triton', () => {
  it('creates an endpoint and a deployment as long-running operations, routes by header and by traffic, and answers KServe v2', async () => {
    running = await emulator(FAST);
    const { arm, workspace, modelId, environmentId } = await trainedModel(running);
    const endpoint = await arm.begin<{ properties: { scoringUri: string; provisioningState: string } }>(
      'PUT',
      `${workspace}/onlineEndpoints/next-item`,
      {
        body: {
          location: 'eastus2',
          identity: { type: 'SystemAssigned' },
          properties: { authMode: 'AMLToken' },
        },
      },
    );
    expect(endpoint.properties.provisioningState).toBe('Succeeded');
    const green = await arm.begin<{ properties: { provisioningState: string } }>(
      'PUT',
      `${workspace}/onlineEndpoints/next-item/deployments/green`,
      { body: deploymentBody(modelId, environmentId) },
    );
    expect(green.properties.provisioningState).toBe('Succeeded');

    const { accessToken } = await arm.post<{ accessToken: string }>(
      `${workspace}/onlineEndpoints/next-item/token`,
    );
    const scoring = endpoint.properties.scoringUri;
    const call = (path: string, init: RequestInit = {}, deployment?: string) =>
      fetch(`${scoring}${path}`, {
        ...init,
        headers: {
          authorization: `Bearer ${accessToken}`,
          'content-type': 'application/json',
          ...(deployment ? { 'azureml-model-deployment': deployment } : {}),
        },
      });

    expect((await call('v2/health/ready')).status).toBe(503); // no traffic yet and no header
    const ready = await call('v2/health/ready', {}, 'green');
    expect(ready.status).toBe(200);
    expect(await ready.text()).toBe('');
    const metadata = (await (await call('v2/models/executor_model', {}, 'green')).json()) as {
      inputs: Array<{ name: string; datatype: string }>;
      outputs: Array<{ name: string; shape: number[] }>;
    };
    expect(metadata.inputs.map((input) => `${input.name}:${input.datatype}`)).toEqual([
      'session_id:INT64',
      'item_id:INT64',
      'category:INT64',
      'timestamp:INT64',
    ]);
    expect(metadata.outputs).toEqual([
      { name: 'item_id_scores', datatype: 'FP32', shape: [-1, 20] },
      { name: 'item_ids', datatype: 'INT64', shape: [-1, 20] },
    ]);
    const answer = (await (
      await call(
        'v2/models/executor_model/infer',
        { method: 'POST', body: JSON.stringify(sessions) },
        'green',
      )
    ).json()) as {
      outputs: Array<{ name: string; shape: number[]; data: number[] }>;
    };
    const named = (outputs: typeof answer.outputs, name: string) => outputs.find((o) => o.name === name)!;
    const ids = named(answer.outputs, 'item_ids');
    const scores = named(answer.outputs, 'item_id_scores');
    expect(ids.shape).toEqual([1, 20]); // sessions 2 and 3 have one event each
    expect(scores.data).toEqual([...scores.data].sort((a, b) => b - a));
    const again = (await (
      await call(
        'v2/models/executor_model/infer',
        { method: 'POST', body: JSON.stringify(sessions) },
        'green',
      )
    ).json()) as typeof answer;
    expect(named(again.outputs, 'item_ids').data).toEqual(ids.data);

    // Rows in ascending session_id order, whatever order the request sends the sessions in.
    const infer = async (body: unknown) => {
      const response = await call(
        'v2/models/executor_model/infer',
        { method: 'POST', body: JSON.stringify(body) },
        'green',
      );
      return { status: response.status, body: (await response.json()) as typeof answer & { error?: string } };
    };
    const request = (rows: Array<[number, number, number]>) => ({
      inputs: [
        { name: 'session_id', datatype: 'INT64', shape: [rows.length], data: rows.map((r) => r[0]) },
        { name: 'item_id', datatype: 'INT64', shape: [rows.length], data: rows.map((r) => r[1]) },
        { name: 'category', datatype: 'INT64', shape: [rows.length], data: rows.map(() => 1) },
        { name: 'timestamp', datatype: 'INT64', shape: [rows.length], data: rows.map((r) => r[2]) },
      ],
    });
    const session9: Array<[number, number, number]> = [
      [9, 40, 1],
      [9, 41, 2],
    ];
    const session5: Array<[number, number, number]> = [
      [5, 50, 1],
      [5, 51, 2],
    ];
    const unsorted = await infer(request([...session9, ...session5]));
    const alone9 = await infer(request(session9));
    const alone5 = await infer(request(session5));
    expect(named(unsorted.body.outputs, 'item_ids').data).toEqual([
      ...named(alone5.body.outputs, 'item_ids').data,
      ...named(alone9.body.outputs, 'item_ids').data,
    ]);
    // No session of two events: the workflow leaves nothing to score and the executor fails.
    const nothing = await infer(request([[7, 70, 1]]));
    expect(nothing.status).toBe(500);
    expect(nothing.body.error).toMatch(/no session of two or more events/);

    const wrongAuth = await fetch(`${scoring}v2/health/ready`, {
      headers: { authorization: 'Bearer nope', 'azureml-model-deployment': 'green' },
    });
    expect(wrongAuth.status).toBe(401);
    const unknown = await call('v2/models/nope', {}, 'green');
    expect(unknown.status).toBe(400);
    expect(await unknown.json()).toEqual({ error: "Request for unknown model: 'nope' is not found" });
    const badInput = await call(
      'v2/models/executor_model/infer',
      { method: 'POST', body: JSON.stringify({ inputs: sessions.inputs.slice(1) }) },
      'green',
    );
    expect(badInput.status).toBe(400);
    expect(((await badInput.json()) as { error: string }).error).toMatch(
      /missing required input\(s\) \['session_id'\]/,
    );

    const current = await arm.get<{ location: string; properties: Record<string, unknown> }>(
      `${workspace}/onlineEndpoints/next-item`,
    );
    await arm.begin('PUT', `${workspace}/onlineEndpoints/next-item`, {
      body: { ...current, properties: { ...current.properties, traffic: { green: 100 } } },
    });
    expect((await call('v2/health/ready')).headers.get('azureml-model-deployment')).toBe('green');
  });

  it('enforces the traffic rules and refuses to delete a deployment that has traffic', async () => {
    running = await emulator(FAST);
    const { arm, workspace, modelId, environmentId } = await trainedModel(running);
    await arm.begin('PUT', `${workspace}/onlineEndpoints/next-item`, {
      body: { location: 'eastus2', properties: { authMode: 'Key' } },
    });
    await arm.begin('PUT', `${workspace}/onlineEndpoints/next-item/deployments/blue`, {
      body: deploymentBody(modelId, environmentId),
    });
    await arm.begin('PUT', `${workspace}/onlineEndpoints/next-item/deployments/green`, {
      body: deploymentBody(modelId, environmentId),
    });
    const put = (properties: Record<string, unknown>) =>
      arm
        .begin('PUT', `${workspace}/onlineEndpoints/next-item`, {
          body: { location: 'eastus2', properties: { authMode: 'Key', ...properties } },
        })
        .catch((e: unknown) => e as ArmError);
    expect(await put({ traffic: { blue: 90, green: 20 } })).toMatchObject({
      status: 400,
      armMessage: 'Traffic values must sum to 100 (they sum to 110).',
    });
    expect(await put({ traffic: { blue: 100, red: 0 } })).toMatchObject({ status: 400, code: 'BadArgument' });
    expect(await put({ traffic: { blue: 100 }, mirrorTraffic: { green: 60 } })).toMatchObject({
      armMessage: 'Mirror traffic can be at most 50 (it is 60).',
    });
    expect(await put({ traffic: { blue: 100 }, mirrorTraffic: { blue: 10 } })).toMatchObject({
      armMessage: 'Deployment blue cannot receive both live and mirrored traffic.',
    });
    await put({ traffic: { blue: 100 }, mirrorTraffic: { green: 10 } });
    const refused = await arm
      .begin('DELETE', `${workspace}/onlineEndpoints/next-item/deployments/blue`)
      .catch((e: unknown) => e);
    expect(refused).toMatchObject({
      status: 400,
      armMessage: 'Deployment blue has 100% of the traffic: move the traffic before deleting it.',
    });
    const keys = await arm.post<{ primaryKey: string; secondaryKey: string }>(
      `${workspace}/onlineEndpoints/next-item/listKeys`,
    );
    expect(keys.primaryKey).not.toBe(keys.secondaryKey);
    await put({ traffic: { green: 100 }, mirrorTraffic: {} });
    await arm.begin('DELETE', `${workspace}/onlineEndpoints/next-item/deployments/blue`);
    const left = await arm.get<{ value: Array<{ name: string }> }>(
      `${workspace}/onlineEndpoints/next-item/deployments`,
    );
    expect(left.value.map((d) => d.name)).toEqual(['green']);
  });

  it('fails a crash-looping deployment, with the cause in its InferenceServer log, while the endpoint keeps answering', async () => {
    running = await emulator(FAST);
    const { arm, workspace, modelId, environmentId } = await trainedModel(running);
    await arm.begin('PUT', `${workspace}/onlineEndpoints/next-item`, {
      body: { location: 'eastus2', properties: { authMode: 'Key' } },
    });
    await arm.begin('PUT', `${workspace}/onlineEndpoints/next-item/deployments/blue`, {
      body: deploymentBody(modelId, environmentId),
    });
    await arm.begin('PUT', `${workspace}/onlineEndpoints/next-item`, {
      body: { location: 'eastus2', properties: { authMode: 'Key', traffic: { blue: 100 } } },
    });
    running.setFaults({ crashDeployments: { log: "ModuleNotFoundError: No module named 'merlin'" } });
    const error = await arm
      .begin('PUT', `${workspace}/onlineEndpoints/next-item/deployments/green`, {
        body: deploymentBody(modelId, environmentId),
      })
      .catch((e: unknown) => e);
    expect(error).toMatchObject({ code: 'ResourceNotReady' });
    expect((error as ArmError).armMessage).toMatch(/Liveness probe failed/);
    const logs = await arm.post<{ content: string }>(
      `${workspace}/onlineEndpoints/next-item/deployments/green/getLogs`,
      { body: { containerType: 'InferenceServer', tail: 5 } },
    );
    expect(logs.content).toContain("ModuleNotFoundError: No module named 'merlin'");
    expect(logs.content.split('\n')).toHaveLength(5);
    const storage = await arm.post<{ content: string }>(
      `${workspace}/onlineEndpoints/next-item/deployments/green/getLogs`,
      { body: { containerType: 'StorageInitializer' } },
    );
    expect(storage.content).toMatch(/Downloading model/);
    const { primaryKey } = await arm.post<{ primaryKey: string }>(
      `${workspace}/onlineEndpoints/next-item/listKeys`,
    );
    const live = await fetch(`${running.url}/inference/next-item/v2/health/ready`, {
      headers: { authorization: `Bearer ${primaryKey}` },
    });
    expect(live.status).toBe(200);
    expect(live.headers.get('azureml-model-deployment')).toBe('blue');
  });

  it('serves wrong shapes for a model trained while that fault was set', async () => {
    running = await emulator(FAST, { wrongShapes: true });
    const { arm, workspace, modelId, environmentId } = await trainedModel(running);
    await arm.begin('PUT', `${workspace}/onlineEndpoints/next-item`, {
      body: { location: 'eastus2', properties: { authMode: 'Key' } },
    });
    await arm.begin('PUT', `${workspace}/onlineEndpoints/next-item/deployments/green`, {
      body: deploymentBody(modelId, environmentId),
    });
    const { primaryKey } = await arm.post<{ primaryKey: string }>(
      `${workspace}/onlineEndpoints/next-item/listKeys`,
    );
    const answer = (await (
      await fetch(`${running.url}/inference/next-item/v2/models/executor_model/infer`, {
        method: 'POST',
        headers: { authorization: `Bearer ${primaryKey}`, 'azureml-model-deployment': 'green' },
        body: JSON.stringify(sessions),
      })
    ).json()) as { outputs: Array<{ name: string; shape: number[] }> };
    expect(answer.outputs.find((o) => o.name === 'item_ids')!.shape).toEqual([1, 19]);
  });
});

describe('ACR', () => {
  it('builds remotely, tags by digest, shows the tag, and fails a build with its log', async () => {
    running = await emulator();
    const { home } = productionClients(running);
    const login = await productionClients(running).az.run(['version']);
    void login;
    const context = mkdtempSync(join(tmpdir(), 'context-'));
    writeFileSync(join(context, 'Dockerfile'), 'ARG BASE_IMAGE\nFROM ${BASE_IMAGE}\n');
    mkdirSync(join(context, 'scripts'));
    writeFileSync(join(context, 'scripts', 'start.sh'), '#!/bin/sh\n');
    const fresh = running.identity.issueIdToken('api://AzureADTokenExchange');
    await runAz(
      running,
      [
        'login',
        '--service-principal',
        '-u',
        running.config.clientId,
        '-t',
        running.config.tenantId,
        '--federated-token',
        fresh,
      ],
      home,
    );
    const missing = await runAz(
      running,
      ['acr', 'repository', 'show', '-n', 'acrnextitem', '--image', 'next-item-triton:abc'],
      home,
    );
    expect(missing.exitCode).toBe(1);
    const build = await runAz(
      running,
      [
        'acr',
        'build',
        '-r',
        'acrnextitem',
        '-t',
        'next-item-triton:abc',
        '--build-arg',
        'BASE_IMAGE=nvcr.io/nvidia/merlin/merlin-pytorch:23.08',
        '--no-logs',
        '--subscription',
        running.config.subscriptionId,
        context,
        '-o',
        'json',
      ],
      home,
    );
    expect(build.exitCode).toBe(0);
    const run = JSON.parse(build.stdout) as { status: string; outputImages: Array<{ digest: string }> };
    expect(run.status).toBe('Succeeded');
    const shown = JSON.parse(
      (
        await runAz(
          running,
          ['acr', 'repository', 'show', '-n', 'acrnextitem', '--image', 'next-item-triton:abc'],
          home,
        )
      ).stdout,
    ) as { digest: string };
    expect(shown.digest).toBe(run.outputImages[0]!.digest);
    running.setFaults({
      failAcrBuild: {
        log: 'Step 3/4 : RUN pip install merlin-systems\nERROR: No matching distribution found for merlin-systems',
      },
    });
    const failed = await runAz(
      running,
      [
        'acr',
        'build',
        '-r',
        'acrnextitem',
        '-t',
        'next-item-triton:def',
        '--subscription',
        running.config.subscriptionId,
        context,
      ],
      home,
    );
    expect(failed.exitCode).toBe(1);
    expect(failed.stdout).toMatch(
      /No matching distribution found for merlin-systems[\s\S]*Run ID: \w+ failed/,
    );
    expect(failed.stderr).toMatch(/ERROR: Run failed\n$/);
  });
});
