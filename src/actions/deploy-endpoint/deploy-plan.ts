import { createHash } from 'node:crypto';
import type { Deployment, Traffic } from '../../azure/ml/endpoints.js';
import { workspacePath, type AzureTarget } from '../../azure/target.js';
import { ActionError } from '../../kit/errors.js';
import type { GithubRun } from '../../kit/github-run.js';
import type { TrafficRequest } from './traffic.js';
import { TAGS } from '../shared/shared-names.js';
import { describeTraffic } from './traffic-plan.js';

/** Tag on each deployment with a hash of its settings, so an unchanged rerun keeps or follows what is there. */
export const SPEC_TAG = TAGS.deploymentSpec;

/** Provisioning states of a deployment whose PUT is still being carried out. */
export const PROVISIONING_STATES = ['Creating', 'Updating'];

/** What deploy mode does about the deployment: keep one that serves already, follow one being provisioned, or PUT. */
export type DeploymentStep =
  | { kind: 'keep'; name: string; message: string }
  | { kind: 'follow'; name: string; message: string }
  | { kind: 'create'; name: string; message: string };

export interface DeploymentWanted {
  endpoint: string;
  /** The deployment input, when given. */
  requested?: string;
  specHash: string;
  traffic: TrafficRequest;
  mirrorPercent: number;
  /** What the log says is deployed: model, image, instances. */
  what: string;
}

/** A hash of the deployment's ARM body: same model, image, environment and settings give the same hash. */
export function specHash(spec: unknown): string {
  return createHash('sha256').update(JSON.stringify(spec)).digest('hex').slice(0, 16);
}

const same = (a: string, b: string) => a.toLowerCase() === b.toLowerCase();

/**
 * Keep, follow or create. An unchanged rerun keeps what serves (live, or held at 0% by an earlier run); a
 * deployment with the same settings still being provisioned (a run killed while it waited, or one running now)
 * is followed, never PUT again beside it; anything else is a new deployment, never the live one in place.
 */
export function planDeployment(
  wanted: DeploymentWanted,
  deployments: Deployment[],
  traffic: Traffic,
  freshName: () => string,
): DeploymentStep {
  const mine = deployments.filter(
    (d) => d.tags[SPEC_TAG] === wanted.specHash && (!wanted.requested || same(d.name, wanted.requested)),
  );
  const serving = mine
    .filter((d) => d.provisioningState === 'Succeeded')
    .sort((a, b) => (traffic[b.name] ?? 0) - (traffic[a.name] ?? 0))[0];
  if (
    serving &&
    !wanted.requested &&
    wanted.mirrorPercent === 0 &&
    !trafficStillToMove(wanted, serving.name, traffic)
  )
    return {
      kind: 'keep',
      name: serving.name,
      message: `Deployment ${serving.name} already serves ${wanted.what} with these settings (traffic ${describeTraffic(traffic)}): nothing to deploy.`,
    };
  if (serving && !wanted.requested && wanted.mirrorPercent === 0)
    return {
      kind: 'follow',
      name: serving.name,
      message: `Deployment ${serving.name} with these settings is ready but traffic is ${describeTraffic(traffic)} (an earlier run stopped before moving it): setting the traffic asked for.`,
    };
  const provisioning = mine.find((d) => PROVISIONING_STATES.includes(d.provisioningState));
  if (provisioning)
    return {
      kind: 'follow',
      name: provisioning.name,
      message: `Deployment ${provisioning.name} with these settings is already ${provisioning.provisioningState} on ${wanted.endpoint} (an earlier run of this step, or one running now): following it instead of deploying again.`,
    };
  const name = wanted.requested ?? freshName();
  const live = Object.entries(traffic).find(([other, share]) => share > 0 && same(other, name));
  if (live)
    throw new ActionError(
      `Deployment ${name} serves ${live[1]}% of ${wanted.endpoint}'s traffic: deploying over it would replace the live model in place.`,
      'Leave deployment empty to get a fresh name, or name a deployment that is not live.',
    );
  return {
    kind: 'create',
    name,
    message: `Creating deployment ${name} on ${wanted.endpoint}: ${wanted.what}. Traffic stays ${describeTraffic(traffic)} until it is ready.`,
  };
}

/**
 * Whether a deployment held at 0% still waits for the live share asked for: a run killed between provisioning
 * and the traffic change leaves it so. One that already has live traffic is kept as it is.
 */
function trafficStillToMove(wanted: DeploymentWanted, name: string, traffic: Traffic): boolean {
  if ((traffic[name] ?? 0) > 0) return false;
  const request = wanted.traffic;
  if (request.kind === 'share') return request.percent > 0;
  return Object.entries(request.split).some(([other, share]) => (traffic[other] ?? 0) !== share);
}

/** A name that says which model it serves and never repeats one on the endpoint. */
export function deploymentName(
  modelId: string,
  image: string,
  run: GithubRun,
  existing: string[],
  random: () => number = Math.random,
): string {
  const taken = new Set(existing.map((name) => name.toLowerCase()));
  const version = (modelId.split(/[:/]/).pop() ?? 'm').replace(/[^A-Za-z0-9]/g, '').slice(0, 8) || 'm';
  for (let attempt = 0; ; attempt++) {
    const suffix = createHash('sha256')
      .update(`${modelId}|${image}|${run.runId}|${run.attempt}|${attempt}|${attempt ? random() : ''}`)
      .digest('hex')
      .slice(0, 6);
    const name = `v${version}-${suffix}`;
    if (!taken.has(name.toLowerCase())) return name;
  }
}

/** The model version's ARM id, from `azureml:name:version`, `name:version` or the id itself. */
export function modelPath(target: AzureTarget, modelId: string): string {
  if (modelId.startsWith('/subscriptions/')) return modelId;
  const [name, version] = modelId.replace(/^azureml:/, '').split(':');
  return `${workspacePath(target)}/models/${name}/versions/${version}`;
}
