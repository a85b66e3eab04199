import { describe, expect, it } from '@jest/globals';
import { planEndpoint } from '../../src/actions/deploy-endpoint/endpoint-plan.js';
import { CLOUD_NAMES, federatedAudience, scoringScope } from '../../src/azure/clouds.js';
import { AzCli } from '../../src/azure/az-cli.js';
import { ActionError } from '../../src/kit/errors.js';
import { scriptedRunner } from '../support/scripted-runner.js';

const wanted = { name: 'next-item', authMode: 'AMLToken', createEndpoint: false, location: 'eastus2' };

describe('planEndpoint: an endpoint is created only when asked', () => {
  it('uses an existing endpoint, warning when its auth mode differs from the input', () => {
    expect(planEndpoint({ authMode: 'AMLToken' }, wanted)).toEqual({ kind: 'use' });
    expect(planEndpoint({ authMode: 'Key' }, wanted)).toEqual({
      kind: 'use',
      warning: 'Endpoint next-item uses Key auth; auth-mode only applies when the endpoint is created.',
    });
  });

  it('stops on a missing endpoint without create-endpoint, naming the input and the likely typo', () => {
    expect(() => planEndpoint(undefined, { ...wanted, name: 'next-itme' })).toThrow(ActionError);
    try {
      planEndpoint(undefined, { ...wanted, name: 'next-itme' });
    } catch (error) {
      expect((error as ActionError).message).toBe(
        "Endpoint 'next-itme' does not exist in this workspace, and create-endpoint is false.",
      );
      expect((error as ActionError).hint).toContain('set create-endpoint: true');
    }
  });

  it('creates a missing endpoint when create-endpoint is true', () => {
    expect(planEndpoint(undefined, { ...wanted, createEndpoint: true })).toEqual({
      kind: 'create',
      message: 'Creating endpoint next-item (AMLToken auth) in eastus2: create-endpoint is true.',
    });
  });
});

describe('clouds: every token audience and scope comes from src/azure/clouds.ts', () => {
  it('names the token-exchange audience and scoring scope of each cloud', () => {
    expect(CLOUD_NAMES.map((cloud) => [cloud, federatedAudience(cloud), scoringScope(cloud)])).toEqual([
      ['AzureCloud', 'api://AzureADTokenExchange', 'https://ml.azure.com/.default'],
      ['AzureUSGovernment', 'api://AzureADTokenExchangeUSGov', 'https://ml.azure.us/.default'],
      ['AzureChinaCloud', 'api://AzureADTokenExchangeChina', 'https://ml.azure.cn/.default'],
    ]);
  });
});

describe("the az login asks GitHub for the cloud's token-exchange audience", () => {
  it.each([
    ['AzureCloud', 'api://AzureADTokenExchange'],
    ['AzureUSGovernment', 'api://AzureADTokenExchangeUSGov'],
  ] as const)('%s: %s', async (cloud, audience) => {
    const audiences: string[] = [];
    const script = scriptedRunner([
      { match: ['cloud', 'set'] },
      { match: ['login'] },
      { match: ['version'], stdout: '{}' },
    ]);
    const az = new AzCli({
      runner: script.runner,
      cloud,
      login: {
        clientId: 'client',
        tenantId: 'tenant',
        getIdToken: async (asked: string) => {
          audiences.push(asked);
          return 'jwt';
        },
      },
    });
    await az.json(['version']);
    expect(audiences).toEqual([audience]);
  });
});
