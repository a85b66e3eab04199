import { afterEach, describe, expect, it } from '@jest/globals';
import { ArmClient } from '../../src/azure/arm-client.js';
import { MlEndpoints } from '../../src/azure/ml/endpoints.js';
import { sendJson, startLoopbackServer, type LoopbackServer } from '../support/loopback-server.js';
import { VirtualClock } from '../support/virtual-clock.js';

const TARGET = {
  subscriptionId: '00000000-0000-0000-0000-000000000001',
  resourceGroup: 'rg',
  workspace: 'ws',
  cloud: 'AzureCloud' as const,
};
const ENDPOINT_PATH =
  '/subscriptions/00000000-0000-0000-0000-000000000001/resourceGroups/rg/providers/Microsoft.MachineLearningServices/workspaces/ws/onlineEndpoints/ep';

/** An endpoint as ARM returns it: read-only fields included (mfe.json OnlineEndpointTrackedResource). */
const ENDPOINT = {
  id: ENDPOINT_PATH,
  name: 'ep',
  type: 'Microsoft.MachineLearningServices/workspaces/onlineEndpoints',
  location: 'eastus2',
  tags: { team: 'recs' },
  kind: 'Managed',
  identity: {
    type: 'SystemAssigned',
    principalId: '11111111-0000-0000-0000-000000000000',
    tenantId: '22222222-0000-0000-0000-000000000000',
  },
  systemData: { createdAt: '2026-01-01T00:00:00Z', createdBy: 'someone', createdByType: 'User' },
  properties: {
    authMode: 'Key',
    description: 'next item',
    keys: null,
    publicNetworkAccess: 'Enabled',
    traffic: { blue: 100 },
    mirrorTraffic: {},
    provisioningState: 'Succeeded',
    scoringUri: 'https://ep.eastus2.inference.ml.azure.com/score',
    swaggerUri: 'https://ep.eastus2.inference.ml.azure.com/swagger.json',
  },
};

let server: LoopbackServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

async function endpoints(putAnswers: number[]) {
  const answers = [...putAnswers];
  server = await startLoopbackServer((request, response) => {
    if (request.method === 'GET') return sendJson(response, 200, ENDPOINT);
    const status = answers.shift() ?? 200;
    if (status === 409)
      return sendJson(response, 409, {
        error: { code: 'Conflict', message: 'An operation on endpoint ep is in progress.' },
      });
    return sendJson(response, 200, {
      ...ENDPOINT,
      properties: { ...ENDPOINT.properties, ...JSON.parse(request.body).properties },
    });
  });
  const clock = new VirtualClock();
  const arm = new ArmClient({
    baseUrl: server.url,
    credential: { getToken: async () => ({ token: 't', expiresOnTimestamp: clock.now() + 3_600_000 }) },
    scope: `${server.url}/.default`,
    clock,
    random: () => 0.5,
  });
  return { ml: new MlEndpoints(arm, TARGET), server, clock };
}

describe('MlEndpoints.setTraffic', () => {
  it('PUTs only the writable fields of the endpoint, with the new traffic', async () => {
    const { ml, server } = await endpoints([200]);
    await ml.setTraffic('ep', { blue: 0, green: 100 }, { blue: 0 });
    const put = server.requests.find((request) => request.method === 'PUT')!;
    expect(JSON.parse(put.body)).toEqual({
      location: 'eastus2',
      tags: { team: 'recs' },
      kind: 'Managed',
      identity: { type: 'SystemAssigned' },
      properties: {
        authMode: 'Key',
        description: 'next item',
        publicNetworkAccess: 'Enabled',
        traffic: { blue: 0, green: 100 },
        mirrorTraffic: { blue: 0 },
      },
    });
  });

  it('waits out a 409 Conflict from an operation in flight and then PUTs again', async () => {
    const { ml, server, clock } = await endpoints([409, 200]);
    const endpoint = await ml.setTraffic('ep', { green: 100 }, {});
    expect(endpoint.traffic).toEqual({ green: 100 });
    expect(server.requests.filter((request) => request.method === 'PUT')).toHaveLength(2);
    expect(clock.sleeps).toEqual([7500]);
  });
});
