import { liveDeployment, type Endpoint } from '../../azure/ml/endpoints.js';
import { ActionError } from '../../kit/errors.js';
import { publish, type DeployContext } from './context.js';
import { deploymentsToRemove, trafficSwitchConfirmed } from './rollback-plan.js';
import { describeTraffic } from './traffic-plan.js';

/**
 * Promote mode: all live traffic to a Succeeded deployment; the others are deleted (unless keep-previous) only
 * once the endpoint itself confirms the switch. A rerun after a crash finds the switch made and finishes it.
 */
export async function promote(context: DeployContext): Promise<void> {
  const { inputs, endpoints, signal, log } = context;
  const name = inputs.deployment!;
  const endpoint = await requireEndpoint(context);
  const deployment = await endpoints.deployment(inputs.endpoint, name, signal);
  if (!deployment)
    throw new ActionError(`Deployment ${name} is not on endpoint ${inputs.endpoint}: nothing to promote.`);
  if (deployment.provisioningState !== 'Succeeded')
    throw new ActionError(
      `Deployment ${name} is ${deployment.provisioningState}: only a Succeeded deployment can take traffic.`,
    );
  const before = endpoint.traffic;
  const previous = liveDeployment(before, name);
  const after = await endpoints.setTraffic(
    inputs.endpoint,
    { [deployment.name]: 100 },
    {},
    signal,
    inputs.timeoutMs,
  );
  log.info(`Promoted ${name}: traffic ${describeTraffic(before)} → ${describeTraffic(after.traffic)}.`);
  const confirmed = (await endpoints.get(inputs.endpoint, signal)) ?? after;
  if (!trafficSwitchConfirmed(confirmed.traffic, name))
    throw new ActionError(
      `The endpoint reports traffic ${describeTraffic(confirmed.traffic)} after promoting ${name}: no deployment was removed.`,
    );
  if (!inputs.keepPrevious) {
    for (const other of deploymentsToRemove(await endpoints.deployments(inputs.endpoint, signal), name)) {
      log.info(`Deleting deployment ${other} (keep-previous: false).`);
      await endpoints.deleteDeployment(inputs.endpoint, other, signal, inputs.timeoutMs);
    }
  }
  await publish(context, {
    endpoint: confirmed,
    deployment: name,
    previous,
    before,
    title: `Promoted ${name}`,
  });
}

/** The endpoint promote and rollback work on: it must exist. */
export async function requireEndpoint(context: DeployContext): Promise<Endpoint> {
  const endpoint = await context.endpoints.get(context.inputs.endpoint, context.signal);
  if (!endpoint)
    throw new ActionError(
      `Endpoint ${context.inputs.endpoint} does not exist in workspace ${context.inputs.target.workspace}.`,
    );
  return endpoint;
}
