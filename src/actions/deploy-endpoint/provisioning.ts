import type { Traffic } from '../../azure/ml/endpoints.js';
import { formatDuration } from '../../kit/duration.js';
import { ActionError } from '../../kit/errors.js';
import { POLLING, pollDelay } from '../../azure/polling-policy.js';
import { waitFor } from '../../kit/waiter.js';
import type { DeployContext } from './context.js';
import { failureMessage, failureSummary, type ProvisioningOutcome } from './report.js';

const LOG_TAIL = 60;
const FINAL_STATES = ['Succeeded', 'Failed', 'Canceled'];

/** Where a deployment's provisioning stands: from its operation when this run started it, else from the deployment. */
async function provisioningState(
  context: DeployContext,
  name: string,
  operation: string | undefined,
): Promise<ProvisioningOutcome> {
  const { endpoints, inputs, signal } = context;
  if (!operation)
    return {
      status: (await endpoints.deployment(inputs.endpoint, name, signal))?.provisioningState ?? 'Unknown',
    };
  const op = await endpoints.operation(operation, signal);
  return {
    status: op.status === 'InProgress' ? 'Creating' : op.status,
    code: op.error?.code,
    message: op.error?.message,
  };
}

/** Follows the deployment's provisioning with a line per state change and a heartbeat while it goes on. */
export async function followProvisioning(
  context: DeployContext,
  name: string,
  operation: string | undefined,
): Promise<ProvisioningOutcome> {
  const { clock, log } = context;
  const start = clock.now();
  let last = '';
  let lastLine = start;
  return waitFor({
    clock,
    what: `deployment ${name}`,
    timeoutMs: context.inputs.timeoutMs,
    signal: context.signal,
    delay: pollDelay('deployment'),
    poll: async () => {
      const state = await provisioningState(context, name, operation);
      if (state.status !== last || clock.now() - lastLine > POLLING.deployment.heartbeatMs) {
        log.info(`[${formatDuration(clock.now() - start).padStart(7)}] deployment ${name}: ${state.status}`);
        last = state.status;
        lastLine = clock.now();
      }
      return FINAL_STATES.includes(state.status) ? state : undefined;
    },
  });
}

/** Shows why a deployment failed (the containers' log tails), removes it unless asked not to; traffic is untouched. */
export async function failedDeployment(
  context: DeployContext,
  name: string,
  outcome: ProvisioningOutcome,
  traffic: Traffic,
): Promise<never> {
  const { endpoints, inputs, signal, log } = context;
  const tails: Array<[string, string]> = [];
  for (const container of ['InferenceServer', 'StorageInitializer'] as const) {
    const text = await endpoints
      .logs(inputs.endpoint, name, container, LOG_TAIL, signal)
      .catch((error: Error) => `(could not read the log: ${error.message})`);
    tails.push([container, text]);
    await log.group(`${container} log of ${name} (last ${LOG_TAIL} lines)`, async () => log.info(text));
  }
  if (!inputs.keepFailed)
    await endpoints
      .deleteDeployment(inputs.endpoint, name, signal, inputs.timeoutMs)
      .catch((error: Error) => log.warning(`Deleting the failed deployment failed: ${error.message}`));
  const failed = { name, endpoint: inputs.endpoint, outcome, traffic, kept: inputs.keepFailed, tails };
  await context.writeSummary(failureSummary(failed));
  const { message, hint } = failureMessage(failed);
  throw new ActionError(message, hint);
}
