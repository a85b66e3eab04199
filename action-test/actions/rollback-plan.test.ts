import { describe, expect, it } from '@jest/globals';
import {
  deploymentsToRemove,
  planRollback,
  trafficSwitchConfirmed,
} from '../../src/actions/deploy-endpoint/rollback-plan.js';

const ok = (name: string) => ({ name, provisioningState: 'Succeeded' });
const deleting = (name: string) => ({ name, provisioningState: 'Deleting' });

describe('planRollback', () => {
  it('returns traffic to the named previous deployment and removes the target', () => {
    expect(
      planRollback({
        target: 'v2',
        requestedPrevious: 'v1',
        traffic: { v2: 100 },
        deployments: [ok('v1'), ok('v2')],
      }),
    ).toMatchObject({ traffic: { v1: 100 }, deleteTarget: true, serving: 'v1' });
  });

  it('never targets a previous deployment that is being deleted: the target keeps serving and stays', () => {
    const plan = planRollback({
      target: 'v2',
      requestedPrevious: 'v1',
      traffic: { v2: 100 },
      deployments: [deleting('v1'), ok('v2')],
    });
    expect(plan).toMatchObject({ deleteTarget: false, serving: 'v2' });
    expect(plan.traffic).toBeUndefined();
    expect(plan.message).toMatch(/v1 is gone or being deleted\): v2 keeps serving 100%/);
  });

  it('never targets a previous deployment that is gone', () => {
    const plan = planRollback({
      target: 'v2',
      requestedPrevious: 'v1',
      traffic: { v2: 100 },
      deployments: [ok('v2')],
    });
    expect(plan).toMatchObject({ deleteTarget: false, serving: 'v2' });
  });

  it('removes a held deployment at 0% (a rerun that reused it), leaving the live traffic untouched', () => {
    const plan = planRollback({
      target: 'v2',
      traffic: { v1: 100, v2: 0 },
      deployments: [ok('v1'), ok('v2')],
    });
    expect(plan).toMatchObject({ traffic: undefined, deleteTarget: true, serving: 'v1' });
  });

  it('keeps a reused live deployment when nothing else can serve: the endpoint is never left empty', () => {
    const plan = planRollback({ target: 'v1', traffic: { v1: 100 }, deployments: [ok('v1'), ok('v0')] });
    expect(plan).toMatchObject({ deleteTarget: false, serving: 'v1' });
  });

  it('finishes a killed rollback: traffic already moved, target already going, nothing is sent twice', () => {
    const plan = planRollback({
      target: 'v2',
      requestedPrevious: 'v1',
      traffic: { v1: 100 },
      deployments: [ok('v1'), deleting('v2')],
    });
    expect(plan).toMatchObject({ traffic: undefined, deleteTarget: false, serving: 'v1' });
    expect(plan.message).toMatch(/already with v1; v2 is already gone or going/);
  });

  it('removes a target on an endpoint with nothing else, taking its traffic away first', () => {
    expect(planRollback({ target: 'v1', traffic: {}, deployments: [ok('v1')] })).toMatchObject({
      traffic: undefined,
      deleteTarget: true,
    });
  });
});

describe('promote', () => {
  it('removes the previous deployment only once the endpoint confirms all traffic on the new one', () => {
    expect(trafficSwitchConfirmed({ v2: 100, v1: 0 }, 'v2')).toBe(true);
    expect(trafficSwitchConfirmed({ v2: 100 }, 'V2')).toBe(true);
    expect(trafficSwitchConfirmed({ v2: 90, v1: 10 }, 'v2')).toBe(false);
    expect(trafficSwitchConfirmed({ v1: 100 }, 'v2')).toBe(false);
    expect(trafficSwitchConfirmed({}, 'v2')).toBe(false);
  });

  it('does not delete the new deployment, nor one already being deleted', () => {
    expect(deploymentsToRemove([ok('v0'), deleting('v1'), ok('v2')], 'v2')).toEqual(['v0']);
  });
});
