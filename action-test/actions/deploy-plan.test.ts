import { describe, expect, it } from '@jest/globals';
import {
  deploymentName,
  modelPath,
  planDeployment,
  SPEC_TAG,
  specHash,
} from '../../src/actions/deploy-endpoint/deploy-plan.js';
import { failureMessage, reportSummary } from '../../src/actions/deploy-endpoint/report.js';
import type { Deployment } from '../../src/azure/ml/endpoints.js';
import type { GithubRun } from '../../src/kit/github-run.js';

const HASH = specHash({ properties: { model: 'm:1' } });
const deployment = (name: string, provisioningState: string, hash = HASH): Deployment => ({
  name,
  provisioningState,
  tags: { [SPEC_TAG]: hash },
});
const wanted = {
  endpoint: 'ep',
  specHash: HASH,
  traffic: { kind: 'share', percent: 0 } as const,
  mirrorPercent: 0,
  what: 'm:1 on img',
};
const fresh = () => 'v1-new';

describe('planDeployment', () => {
  it('keeps a Succeeded deployment with the same settings, the live one first', () => {
    const step = planDeployment(
      wanted,
      [deployment('held', 'Succeeded'), deployment('live', 'Succeeded')],
      { live: 100 },
      fresh,
    );
    expect(step).toMatchObject({ kind: 'keep', name: 'live' });
  });

  it('follows a ready deployment held at 0% when a live share was asked for, so the rerun moves the traffic', () => {
    const canary = { ...wanted, traffic: { kind: 'share', percent: 10 } as const };
    const held = [deployment('held', 'Succeeded')];
    expect(planDeployment(canary, held, { live: 100 }, fresh)).toMatchObject({
      kind: 'follow',
      name: 'held',
    });
    expect(planDeployment(canary, held, { live: 90, held: 10 }, fresh)).toMatchObject({ kind: 'keep' });
    const split = { ...wanted, traffic: { kind: 'split', split: { live: 50, held: 50 } } as const };
    expect(planDeployment(split, held, { live: 100 }, fresh)).toMatchObject({ kind: 'follow' });
    // The live deployment serving this model already is kept whatever share is asked for.
    expect(planDeployment(canary, [deployment('live', 'Succeeded')], { live: 100 }, fresh)).toMatchObject({
      kind: 'keep',
    });
  });

  it('follows a deployment with the same settings still being provisioned instead of creating another', () => {
    for (const state of ['Creating', 'Updating']) {
      const step = planDeployment(wanted, [deployment('v1-killed', state)], {}, fresh);
      expect(step).toMatchObject({ kind: 'follow', name: 'v1-killed' });
      expect(step.message).toContain(`already ${state}`);
    }
  });

  it('creates a fresh deployment when the one provisioning has other settings, or failed', () => {
    const other = deployment('v0-other', 'Creating', 'another-hash');
    expect(planDeployment(wanted, [other, deployment('v1-failed', 'Failed')], {}, fresh)).toMatchObject({
      kind: 'create',
      name: 'v1-new',
    });
  });

  it('with a deployment named, follows only that one and never keeps', () => {
    const named = { ...wanted, requested: 'blue' };
    expect(planDeployment(named, [deployment('other', 'Creating')], {}, fresh)).toMatchObject({
      kind: 'create',
      name: 'blue',
    });
    expect(planDeployment(named, [deployment('blue', 'Creating')], {}, fresh)).toMatchObject({
      kind: 'follow',
      name: 'blue',
    });
    expect(planDeployment(named, [deployment('blue', 'Succeeded')], {}, fresh)).toMatchObject({
      kind: 'create',
      name: 'blue',
    });
  });

  it('refuses to deploy over a live deployment by name', () => {
    expect(() =>
      planDeployment({ ...wanted, requested: 'Blue', specHash: 'x' }, [], { blue: 90, green: 10 }, fresh),
    ).toThrow(/serves 90% of ep's traffic/);
  });

  it('mirroring needs a new deployment: a Succeeded one with the same settings is not kept', () => {
    const step = planDeployment(
      { ...wanted, mirrorPercent: 10 },
      [deployment('held', 'Succeeded')],
      {},
      fresh,
    );
    expect(step.kind).toBe('create');
  });
});

describe('deploymentName and modelPath', () => {
  const run = { runId: '7', attempt: '1' } as GithubRun;
  it('names by model version and run, never repeating a name on the endpoint', () => {
    const first = deploymentName('azureml:next-item:12', 'img', run, []);
    expect(first).toMatch(/^v12-[0-9a-f]{6}$/);
    expect(deploymentName('azureml:next-item:12', 'img', run, [first.toUpperCase()], () => 0.5)).not.toBe(
      first,
    );
  });

  it('expands a short model id into its ARM id in the workspace', () => {
    const target = { subscriptionId: 's', resourceGroup: 'g', workspace: 'w', cloud: 'AzureCloud' } as const;
    expect(modelPath(target, 'azureml:m:3')).toMatch(/\/workspaces\/w\/models\/m\/versions\/3$/);
    expect(modelPath(target, '/subscriptions/x/models/m/versions/3')).toBe(
      '/subscriptions/x/models/m/versions/3',
    );
  });
});

describe('deploy-endpoint reports', () => {
  it('shows traffic before and after for every deployment either side names', () => {
    const summary = reportSummary({
      endpoint: {
        name: 'ep',
        location: 'l',
        authMode: 'AMLToken',
        traffic: { b: 100 },
        mirrorTraffic: {},
        scoringUri: 'https://s/score',
        provisioningState: 'Succeeded',
      },
      endpointUrl: 'https://studio/ep',
      deployment: 'b',
      previous: 'a',
      before: { a: 100 },
      title: 'Promoted b',
    });
    expect(summary).toContain('| a | 100% | 0% |');
    expect(summary).toContain('| b | 0% | 100% |');
    expect(summary).toContain('Serving now: b 100%.');
  });

  it('names the failure, the last server lines and that traffic did not move', () => {
    const { message, hint } = failureMessage({
      name: 'v2',
      endpoint: 'ep',
      outcome: { status: 'Failed', code: 'ResourceNotReady', message: 'crashed.' },
      traffic: { v1: 100 },
      kept: false,
      tails: [['InferenceServer', 'a\nb\n\nc\nd\n']],
    });
    expect(message).toBe(
      'Deployment v2 on ep Failed: (ResourceNotReady) crashed. Inference server log ends: b | c | d. Traffic is unchanged (v1 100%).',
    );
    expect(hint).toMatch(/deleted/);
  });
});
