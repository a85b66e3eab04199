import { afterEach, describe, expect, it } from '@jest/globals';
import {
  endpointBody,
  environmentProperties,
  environmentVersion,
} from '../../src/azure/ml/deployment-spec.js';
import { MlEndpoints } from '../../src/azure/ml/endpoints.js';
import type { RunningEmulator } from '../emulator/server.js';
import { emulator, finishedJob, productionClients } from '../support/emulator-harness.js';

let running: RunningEmulator | undefined;
afterEach(async () => {
  await running?.close();
  running = undefined;
});

/** An endpoint with one deployment, both held in the store as a finished create left them. */
function endpointWithDeployment(r: RunningEmulator, deploymentReadyIn: number) {
  const now = r.store.clock.now();
  r.store.endpoints.set('recs-ep', {
    name: 'recs-ep',
    authMode: 'Key',
    traffic: {},
    mirrorTraffic: {},
    tags: {},
    createdAt: now - 60_000,
    readyAt: now - 1,
    keys: { primaryKey: 'a', secondaryKey: 'b' },
  });
  r.store.deployments.set(r.store.deploymentKey('recs-ep', 'blue'), {
    endpoint: 'recs-ep',
    name: 'blue',
    body: { properties: {} },
    modelId: 'm',
    environmentId: 'e',
    createdAt: now,
    readyAt: now + deploymentReadyIn,
  });
}

describe('operations that race another operation', () => {
  it('answers 409 Conflict with an ARM error body to an endpoint PUT while a deployment is being created', async () => {
    running = await emulator({ speed: 1 });
    const { arm, workspace } = productionClients(running, { maxRetries: 0 });
    endpointWithDeployment(running, 10 * 60_000);
    const put = () =>
      arm.send('PUT', `${workspace}/onlineEndpoints/recs-ep`, {
        body: { location: 'eastus2', properties: { authMode: 'Key', traffic: { blue: 100 } } },
      });
    await expect(put()).rejects.toMatchObject({
      status: 409,
      code: 'Conflict',
      message: expect.stringMatching(/Deployment blue of endpoint recs-ep is Creating/),
    });
    // Once the deployment has finished, the same PUT goes through and the endpoint is Updating.
    running.store.deployments.get(running.store.deploymentKey('recs-ep', 'blue'))!.readyAt =
      running.store.clock.now() - 1;
    expect((await put()).status).toBe(200);
    const endpoint = await arm.get<{ properties: { provisioningState: string } }>(
      `${workspace}/onlineEndpoints/recs-ep`,
    );
    expect(endpoint.properties.provisioningState).toBe('Updating');
    await expect(put()).rejects.toMatchObject({
      status: 409,
      message: expect.stringMatching(/Endpoint recs-ep is Updating/),
    });
  });
});

describe('environment versions, immutable as Azure ML assets are', () => {
  const IMAGE = 'acrnextitem.azurecr.io/next-item-triton:abc@sha256:' + '0'.repeat(64);
  const routes = (port: number) => ({
    environment: { inference_config: { scoring_route: { path: '/', port } } },
  });

  it('refuses a changed body under an existing version, and gets a new version for a changed inference config', async () => {
    running = await emulator({ speed: 1 });
    const { arm } = productionClients(running, { maxRetries: 0 });
    const target = {
      subscriptionId: running.config.subscriptionId,
      resourceGroup: running.config.resourceGroup,
      workspace: running.config.workspace,
      cloud: 'AzureCloud' as const,
    };
    const endpoints = new MlEndpoints(arm, target);
    const first = environmentProperties(IMAGE, routes(8000));
    const changed = environmentProperties(IMAGE, routes(8080));
    const version = environmentVersion(first);
    await endpoints.putEnvironment('recs-ep-triton', version, first);
    // The same body again is fine (a rerun).
    await endpoints.putEnvironment('recs-ep-triton', version, first);
    await expect(endpoints.putEnvironment('recs-ep-triton', version, changed)).rejects.toMatchObject({
      status: 409,
      message: expect.stringMatching(/already exists with different properties.*immutable/),
    });
    // Same image, other routes: another version, so deploy-endpoint never hits the refusal.
    expect(environmentVersion(changed)).not.toBe(version);
    await expect(
      endpoints.putEnvironment('recs-ep-triton', environmentVersion(changed), changed),
    ).resolves.toMatch(/\/environments\/recs-ep-triton\/versions\/[0-9a-f]{16}$/);
  });
});

describe('what a first real deployment can run into', () => {
  const targetOf = (r: RunningEmulator) => ({
    subscriptionId: r.config.subscriptionId,
    resourceGroup: r.config.resourceGroup,
    workspace: r.config.workspace,
    cloud: 'AzureCloud' as const,
  });

  it('says an endpoint name is held elsewhere in the region, and what to do', async () => {
    running = await emulator({ speed: 1 }, { takenEndpointNames: ['recs-ep'] });
    const { arm } = productionClients(running, { maxRetries: 0 });
    const endpoints = new MlEndpoints(arm, targetOf(running));
    const error = await endpoints
      .create('recs-ep', endpointBody({}, { location: 'eastus2', authMode: 'Key', tags: {} }))
      .then(
        () => ({ message: 'no error', hint: '' }),
        (e: unknown) => e as { message: string; hint?: string },
      );
    expect(error.message).toMatch(
      /^Endpoint recs-ep could not be created in eastus2: Endpoint name recs-ep is already in use/,
    );
    expect(error.hint).toMatch(
      /unique per region.*recs-ep\.eastus2\.inference\.ml\.azure\.com.*choose another endpoint name/,
    );
  });

  it('says a deployment lacks quota for its instance type, and what to do', async () => {
    running = await emulator({ speed: 1 }, { outOfQuota: true });
    const { arm, workspace } = productionClients(running, { maxRetries: 0 });
    endpointWithDeployment(running, -1);
    const now = running.store.clock.now();
    running.store.models.set(
      'm',
      new Map([
        [
          '1',
          {
            name: 'm',
            version: '1',
            modelType: 'triton_model',
            modelUri: 'azureml://jobs/j/outputs/model/paths/triton/',
            tags: {},
            properties: {},
            createdAt: now,
          },
        ],
      ]),
    );
    running.store.environments.set(
      'e',
      new Map([['1', { name: 'e', version: '1', body: { properties: {} }, createdAt: now }]]),
    );
    const endpoints = new MlEndpoints(arm, targetOf(running));
    const body = {
      location: 'eastus2',
      sku: { name: 'Default', capacity: 1 },
      properties: {
        endpointComputeType: 'Managed',
        model: `${workspace}/models/m/versions/1`,
        environmentId: `${workspace}/environments/e/versions/1`,
        instanceType: 'Standard_NC4as_T4_v3',
      },
    };
    const error = await endpoints.startDeployment('recs-ep', 'green', body).then(
      () => ({ message: 'no error', hint: '' }),
      (e: unknown) => e as { message: string; hint?: string },
    );
    expect(error.message).toMatch(
      /^Deployment green cannot start: the subscription lacks quota for Standard_NC4as_T4_v3 \(OutOfQuota: Not enough quota/,
    );
    expect(error.hint).toMatch(
      /Request more quota for the Standard_NC4as_T4_v3 VM family.*or set instance-type/,
    );
  });
});

describe('model version tags, held to Azure tag limits (UNVERIFIED.md U60)', () => {
  it('refuses more than 50 tags, a value over 256 characters and a name with / naming the tag, and takes 50', async () => {
    running = await emulator({ speed: 1 });
    const job = await finishedJob(running);
    const { arm, workspace } = productionClients(running, { maxRetries: 0 });
    const put = (version: string, tags: Record<string, string>) =>
      arm.send('PUT', `${workspace}/models/m/versions/${version}`, {
        body: {
          properties: {
            modelType: 'triton_model',
            modelUri: `azureml://jobs/${job}/outputs/model/paths/triton/`,
            tags,
          },
        },
      });
    const fifty = Object.fromEntries(Array.from({ length: 50 }, (_, i) => [`t${i}`, 'v'.repeat(256)]));
    await expect(put('1', { ...fifty, t50: 'v' })).rejects.toMatchObject({
      status: 400,
      code: 'InvalidTagNameOrValue',
      message: expect.stringContaining('Invalid tags: 51 tags; at most 50 are allowed.'),
    });
    await expect(put('1', { data: 'x'.repeat(257) })).rejects.toMatchObject({
      status: 400,
      message: expect.stringContaining(
        "Invalid tags: the value of tag 'data' is 257 characters; at most 256 are allowed.",
      ),
    });
    await expect(put('1', { 'a/b': 'v' })).rejects.toMatchObject({ status: 400, message: /tag name 'a\/b'/ });
    expect(running.store.models.get('m')).toBeUndefined();
    expect((await put('1', fifty)).status).toBe(201);
  });
});
