import { publish, type DeployContext } from './context.js';
import { requireEndpoint } from './promote.js';
import { planRollback } from './rollback-plan.js';
import { describeTraffic } from './traffic-plan.js';

/** Rollback mode: carries out `planRollback` (traffic back to a deployment that can serve, the target removed). */
export async function rollback(context: DeployContext): Promise<void> {
  const { inputs, endpoints, signal, log } = context;
  const name = inputs.deployment!;
  const endpoint = await requireEndpoint(context);
  const before = endpoint.traffic;
  const plan = planRollback({
    target: name,
    requestedPrevious: inputs.previousDeployment,
    traffic: before,
    deployments: await endpoints.deployments(inputs.endpoint, signal),
  });
  log.info(plan.message);
  const after = plan.traffic
    ? await endpoints.setTraffic(inputs.endpoint, plan.traffic, {}, signal, inputs.timeoutMs)
    : endpoint;
  if (plan.deleteTarget) {
    log.info(`Deleting deployment ${name}.`);
    await endpoints.deleteDeployment(inputs.endpoint, name, signal, inputs.timeoutMs);
  }
  log.info(`Rolled back ${name}: traffic ${describeTraffic(before)} → ${describeTraffic(after.traffic)}.`);
  await publish(context, {
    endpoint: after,
    deployment: plan.serving ?? '',
    previous: plan.serving,
    before,
    title: `Rolled back ${name}`,
  });
}
