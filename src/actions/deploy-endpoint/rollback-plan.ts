import type { Traffic } from '../../azure/ml/endpoints.js';

/** A deployment as the plans see it: its name and where its provisioning stands. */
export interface DeploymentState {
  name: string;
  provisioningState: string;
}

/** What a rollback does: where traffic goes (undefined: leave it), whether the target is deleted, and why. */
export interface RollbackPlan {
  traffic?: Traffic;
  deleteTarget: boolean;
  /** The deployment that serves afterwards, if any. */
  serving?: string;
  message: string;
}

const same = (a: string, b: string) => a.toLowerCase() === b.toLowerCase();

/** A deployment that can take traffic: there, Succeeded, and not on its way out. */
export function canServe(deployments: DeploymentState[], name: string | undefined): boolean {
  return !!name && deployments.some((d) => same(d.name, name) && d.provisioningState === 'Succeeded');
}

/**
 * Rolling back `target`: traffic returns to a previous deployment that can still serve (the one named, else
 * the live one beside the target), never to one that is gone or being deleted; the target is removed unless
 * it is the only thing serving, since taking it away would leave the endpoint with nothing. Idempotent:
 * a rerun after a killed rollback finds the traffic already moved and the target already going, and
 * finishes what is left.
 */
export function planRollback(input: {
  target: string;
  requestedPrevious?: string;
  traffic: Traffic;
  deployments: DeploymentState[];
}): RollbackPlan {
  const { target, traffic, deployments } = input;
  const present = deployments.find((d) => same(d.name, target));
  const going = !present || present.provisioningState === 'Deleting';
  const targetShare = Object.entries(traffic).find(([name]) => same(name, target))?.[1] ?? 0;
  const candidates = [
    input.requestedPrevious,
    ...Object.entries(traffic)
      .filter(([name, share]) => share > 0 && !same(name, target))
      .sort(([, a], [, b]) => b - a)
      .map(([name]) => name),
  ];
  const previous = candidates.find((name) => name && !same(name, target) && canServe(deployments, name));
  if (previous) {
    const wanted = { [previous]: 100 };
    const moved =
      Object.entries(traffic).every(([name, share]) => share === (wanted[name] ?? 0)) &&
      traffic[previous] === 100;
    return {
      traffic: moved ? undefined : wanted,
      deleteTarget: !going,
      serving: previous,
      message: `Traffic ${moved ? 'already with' : 'back to'} ${previous}; ${going ? `${target} is already gone or going` : `removing ${target}`}.`,
    };
  }
  if (targetShare > 0 && !going) {
    const gone = input.requestedPrevious ? ` (${input.requestedPrevious} is gone or being deleted)` : '';
    return {
      deleteTarget: false,
      serving: target,
      message: `No previous deployment can take the traffic back${gone}: ${target} keeps serving ${targetShare}%.`,
    };
  }
  return {
    traffic: targetShare > 0 ? {} : undefined,
    deleteTarget: !going,
    message: going
      ? `${target} is already gone or going: nothing to roll back.`
      : `Removing ${target}, which serves no traffic.`,
  };
}

/** Promote deletes the others only once the endpoint confirms the whole of the traffic is on the new deployment. */
export function trafficSwitchConfirmed(traffic: Traffic, name: string): boolean {
  return (
    Object.entries(traffic).every(([other, share]) => (same(other, name) ? share === 100 : share === 0)) &&
    Object.entries(traffic).some(([other, share]) => same(other, name) && share === 100)
  );
}

/** After a confirmed switch: the deployments promote removes (not the new one, not those already going). */
export function deploymentsToRemove(deployments: DeploymentState[], name: string): string[] {
  return deployments
    .filter((d) => !same(d.name, name) && d.provisioningState !== 'Deleting')
    .map((d) => d.name);
}
