import { createHash } from 'node:crypto';
import {
  checkDeploymentYaml,
  checkEndpointYaml,
  deploymentBody,
  endpointBody,
  environmentProperties,
  environmentVersion,
  readYamlInput,
  replacedByInputs,
  type DeploymentYaml,
  type EndpointYaml,
} from '../../azure/ml/deployment-spec.js';
import { liveDeployment, MlEndpoints, type Endpoint, type Traffic } from '../../azure/ml/endpoints.js';
import { getWorkspace } from '../../azure/ml/workspace.js';
import { workspacePath } from '../../azure/target.js';
import { abortOnTermination } from '../../kit/cancellation.js';
import { systemClock } from '../../kit/clock.js';
import { formatDuration } from '../../kit/duration.js';
import { ActionError } from '../../kit/errors.js';
import { githubRun } from '../../kit/github-run.js';
import { lineageTags } from '../../kit/lineage.js';
import { workflowLog } from '../../kit/log.js';
import { markdownTable } from '../../kit/markdown.js';
import { adaptiveDelay, waitFor } from '../../kit/waiter.js';
import { setOutputs, writeSummary } from '../shared/outputs.js';
import { openRunnerSession } from '../shared/runtime.js';
import type { DeployEndpointInputs } from './inputs.js';
import { planEndpoint } from './endpoint-plan.js';
import { deploymentsToRemove, planRollback, trafficSwitchConfirmed } from './rollback-plan.js';
import { describeTraffic, trafficWithNewDeployment } from './traffic-plan.js';

const AUTH_MODE = { aml_token: 'AMLToken', key: 'Key', aad_token: 'AADToken' } as const;
const LOG_TAIL = 60;
/** Tag on each deployment with a hash of its settings, so an unchanged rerun keeps the live deployment. */
const SPEC_TAG = 'next-item.spec';

export async function deployEndpoint(inputs: DeployEndpointInputs): Promise<void> {
  const termination = abortOnTermination();
  try {
    const session = openRunnerSession(inputs.target);
    const endpoints = new MlEndpoints(session.arm, inputs.target);
    const context = {
      inputs,
      endpoints,
      signal: termination.signal,
      studio: session.cloud.studio,
      location: () => getWorkspace(session.arm, inputs.target, termination.signal).then((w) => w.location),
    };
    if (inputs.mode === 'deploy') await deploy(context);
    else if (inputs.mode === 'promote') await promote(context);
    else await rollback(context);
  } finally {
    termination.dispose();
  }
}

interface Context {
  inputs: DeployEndpointInputs;
  endpoints: MlEndpoints;
  signal: AbortSignal;
  studio: string;
  location: () => Promise<string>;
}

function endpointUrl(context: Context): string {
  const { target, endpoint } = context.inputs;
  return `${context.studio}/endpoints/realtime/${endpoint}/detail?wsid=${workspacePath(target)}`;
}

async function deploy(context: Context): Promise<void> {
  const { inputs, endpoints, signal } = context;
  const log = workflowLog;
  const { endpointYaml, deploymentYaml } = readTemplates(inputs);
  const location = await context.location();

  let endpoint = await endpoints.get(inputs.endpoint, signal);
  const step = planEndpoint(endpoint, {
    name: inputs.endpoint,
    authMode: AUTH_MODE[inputs.authMode],
    createEndpoint: inputs.createEndpoint,
    location,
  });
  if (step.kind === 'create') {
    log.info(step.message);
    endpoint = await endpoints.create(
      inputs.endpoint,
      endpointBody(endpointYaml, {
        location,
        authMode: AUTH_MODE[inputs.authMode],
        tags: lineageTags(githubRun()),
      }),
      signal,
      inputs.timeoutMs,
    );
  } else if (step.warning) {
    log.warning(step.warning);
  }
  if (!endpoint) throw new Error('unreachable: planEndpoint creates or stops when the endpoint is missing');
  const before = endpoint.traffic;
  const previous = liveDeployment(before);
  const deployments = await endpoints.deployments(inputs.endpoint, signal);
  const existing = deployments.map((deployment) => deployment.name.toLowerCase());

  const image = inputs.image!;
  const environment = environmentProperties(image, deploymentYaml);
  const environmentId = await endpoints.putEnvironment(
    `${inputs.endpoint}-triton`,
    environmentVersion(environment),
    environment,
    signal,
  );
  const modelArmId = modelPath(inputs);
  const spec = deploymentBody(deploymentYaml, {
    location,
    modelArmId,
    environmentId,
    instanceType: inputs.instanceType,
    instanceCount: inputs.instanceCount,
  });
  const specHash = createHash('sha256').update(JSON.stringify(spec)).digest('hex').slice(0, 16);
  // An unchanged rerun keeps what is there: the live deployment, or one held at 0% by an earlier run.
  const same = deployments
    .filter((d) => d.provisioningState === 'Succeeded' && d.tags[SPEC_TAG] === specHash)
    .sort((a, b) => (before[b.name] ?? 0) - (before[a.name] ?? 0))[0];
  if (!inputs.deployment && same && inputs.mirrorPercent === 0) {
    log.info(
      `Deployment ${same.name} already serves ${inputs.modelId} on ${image} with these settings (traffic ${describeTraffic(before)}): nothing to deploy.`,
    );
    setOutputs({ reused: 'true' });
    await report(
      context,
      endpoint,
      same.name,
      liveDeployment(before, same.name),
      before,
      `Kept ${same.name}, already serving this model`,
    );
    return;
  }
  const name = inputs.deployment ?? deploymentName(inputs, existing);
  if (previous && name.toLowerCase() === previous.toLowerCase()) {
    throw new ActionError(
      `Deployment ${name} serves ${before[previous]}% of ${inputs.endpoint}'s traffic: deploying over it would replace the live model in place.`,
      'Leave deployment empty to get a fresh name, or name a deployment that is not live.',
    );
  }
  const body = { ...spec, tags: { ...spec.tags, ...lineageTags(githubRun()), [SPEC_TAG]: specHash } };
  log.info(
    `Creating deployment ${name} on ${inputs.endpoint}: ${inputs.modelId} on ${image}, ${inputs.instanceCount} x ${inputs.instanceType}. Traffic stays ${describeTraffic(before)} until it is ready.`,
  );
  // Named before the long wait: if this step dies (a lost credential, a cancel), the rollback job removes it.
  setOutputs({
    'deployment-name': name,
    'endpoint-name': inputs.endpoint,
    'previous-deployment': previous ?? '',
  });
  const operation = await endpoints.startDeployment(inputs.endpoint, name, body, signal);
  const outcome = await followProvisioning(context, name, operation);
  if (outcome.status !== 'Succeeded') await failedDeployment(context, name, outcome, before);

  let after: Endpoint;
  const traffic = trafficWithNewDeployment(before, name, inputs.traffic);
  const mirror: Traffic = inputs.mirrorPercent > 0 ? { [name]: inputs.mirrorPercent } : {};
  if (
    JSON.stringify(traffic) !== JSON.stringify(before) ||
    JSON.stringify(mirror) !== JSON.stringify(endpoint.mirrorTraffic)
  ) {
    after = await endpoints.setTraffic(inputs.endpoint, traffic, mirror, signal, inputs.timeoutMs);
  } else {
    after = (await endpoints.get(inputs.endpoint, signal))!;
  }
  log.info(
    `Deployment ${name} is ready. Traffic: ${describeTraffic(before)} → ${describeTraffic(after.traffic)}${inputs.mirrorPercent ? `, mirroring ${inputs.mirrorPercent}% to ${name}` : ''}.`,
  );
  setOutputs({ reused: 'false' });
  await report(context, after, name, previous, before, `Deployed ${name}`);
}

/**
 * The two CLI v2 YAML files, every key carried or refused before anything touches Azure; the keys the
 * inputs replace are said in the log where the values differ.
 */
function readTemplates(inputs: DeployEndpointInputs) {
  const endpointYaml = readYamlInput<EndpointYaml>('endpoint-file', inputs.endpointFile);
  const deploymentYaml = readYamlInput<DeploymentYaml>('deployment-file', inputs.deploymentFile);
  const values = {
    endpoint: inputs.endpoint,
    'auth-mode': inputs.authMode,
    'instance-type': inputs.instanceType,
    'instance-count': inputs.instanceCount,
  };
  for (const line of [
    ...replacedByInputs(
      'endpoint-file',
      endpointYaml,
      checkEndpointYaml('endpoint-file', endpointYaml),
      values,
    ),
    ...replacedByInputs(
      'deployment-file',
      deploymentYaml,
      checkDeploymentYaml('deployment-file', deploymentYaml),
      values,
    ),
  ])
    workflowLog.info(line);
  return { endpointYaml, deploymentYaml };
}

async function promote(context: Context): Promise<void> {
  const { inputs, endpoints, signal } = context;
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
  workflowLog.info(
    `Promoted ${name}: traffic ${describeTraffic(before)} → ${describeTraffic(after.traffic)}.`,
  );
  // The others go only once the endpoint itself says the new deployment has all the traffic.
  const confirmed = (await endpoints.get(inputs.endpoint, signal)) ?? after;
  if (!trafficSwitchConfirmed(confirmed.traffic, name))
    throw new ActionError(
      `The endpoint reports traffic ${describeTraffic(confirmed.traffic)} after promoting ${name}: no deployment was removed.`,
    );
  if (!inputs.keepPrevious) {
    for (const other of deploymentsToRemove(await endpoints.deployments(inputs.endpoint, signal), name)) {
      workflowLog.info(`Deleting deployment ${other} (keep-previous: false).`);
      await endpoints.deleteDeployment(inputs.endpoint, other, signal, inputs.timeoutMs);
    }
  }
  await report(context, confirmed, name, previous, before, `Promoted ${name}`);
}

async function rollback(context: Context): Promise<void> {
  const { inputs, endpoints, signal } = context;
  const name = inputs.deployment!;
  const endpoint = await requireEndpoint(context);
  const before = endpoint.traffic;
  const plan = planRollback({
    target: name,
    requestedPrevious: inputs.previousDeployment,
    traffic: before,
    deployments: await endpoints.deployments(inputs.endpoint, signal),
  });
  workflowLog.info(plan.message);
  const after = plan.traffic
    ? await endpoints.setTraffic(inputs.endpoint, plan.traffic, {}, signal, inputs.timeoutMs)
    : endpoint;
  if (plan.deleteTarget) {
    workflowLog.info(`Deleting deployment ${name}.`);
    await endpoints.deleteDeployment(inputs.endpoint, name, signal, inputs.timeoutMs);
  }
  workflowLog.info(
    `Rolled back ${name}: traffic ${describeTraffic(before)} → ${describeTraffic(after.traffic)}.`,
  );
  await report(context, after, plan.serving ?? '', plan.serving, before, `Rolled back ${name}`);
}

async function requireEndpoint(context: Context): Promise<Endpoint> {
  const endpoint = await context.endpoints.get(context.inputs.endpoint, context.signal);
  if (!endpoint)
    throw new ActionError(
      `Endpoint ${context.inputs.endpoint} does not exist in workspace ${context.inputs.target.workspace}.`,
    );
  return endpoint;
}

/** Follows the deployment's operation with a line per state change and a heartbeat while it provisions. */
async function followProvisioning(
  context: Context,
  name: string,
  operation: string | undefined,
): Promise<{ status: string; code?: string; message?: string }> {
  const { endpoints, inputs, signal } = context;
  const clock = systemClock;
  const start = clock.now();
  let last = '';
  let lastLine = start;
  return waitFor({
    clock,
    what: `deployment ${name}`,
    timeoutMs: inputs.timeoutMs,
    signal,
    delay: adaptiveDelay({ minMs: 1000, maxMs: 20_000, fraction: 0.05 }),
    poll: async () => {
      const state = operation
        ? await endpoints.operation(operation, signal).then((op) => ({
            status: op.status === 'InProgress' ? 'Creating' : op.status,
            code: op.error?.code,
            message: op.error?.message,
          }))
        : {
            status:
              (await endpoints.deployment(inputs.endpoint, name, signal))?.provisioningState ?? 'Unknown',
          };
      const elapsed = `[${formatDuration(clock.now() - start).padStart(7)}]`;
      if (state.status !== last || clock.now() - lastLine > 120_000) {
        workflowLog.info(`${elapsed} deployment ${name}: ${state.status}`);
        last = state.status;
        lastLine = clock.now();
      }
      return ['Succeeded', 'Failed', 'Canceled'].includes(state.status) ? state : undefined;
    },
  });
}

/** Shows why a deployment failed (the containers' log tails), removes it unless asked not to; traffic is untouched. */
async function failedDeployment(
  context: Context,
  name: string,
  outcome: { status: string; code?: string; message?: string },
  traffic: Traffic,
): Promise<never> {
  const { endpoints, inputs, signal } = context;
  const tails: Array<[string, string]> = [];
  for (const container of ['InferenceServer', 'StorageInitializer'] as const) {
    const text = await endpoints
      .logs(inputs.endpoint, name, container, LOG_TAIL, signal)
      .catch((error: Error) => `(could not read the log: ${error.message})`);
    tails.push([container, text]);
    await workflowLog.group(`${container} log of ${name} (last ${LOG_TAIL} lines)`, async () =>
      workflowLog.info(text),
    );
  }
  const kept = inputs.keepFailed;
  if (!kept)
    await endpoints
      .deleteDeployment(inputs.endpoint, name, signal, inputs.timeoutMs)
      .catch((error: Error) =>
        workflowLog.warning(`Deleting the failed deployment failed: ${error.message}`),
      );
  await writeSummary(
    `## Deployment ${name} failed: ${outcome.code ?? outcome.status}\n\n${outcome.message ?? ''}\n\nTraffic left as it was: ${describeTraffic(traffic)}. ${kept ? 'The failed deployment was kept (keep-failed).' : 'The failed deployment was deleted.'}\n\n` +
      tails
        .map(
          ([container, text]) =>
            `### ${container} (last lines)\n\n\`\`\`\n${text.split('\n').slice(-25).join('\n')}\n\`\`\`\n`,
        )
        .join('\n'),
  );
  const lastServerLine = tails[0]![1]
    .trim()
    .split('\n')
    .filter((line) => line.trim())
    .slice(-3)
    .join(' | ');
  throw new ActionError(
    `Deployment ${name} on ${inputs.endpoint} ${outcome.status}: ${outcome.code ? `(${outcome.code}) ` : ''}${outcome.message ?? ''} Inference server log ends: ${lastServerLine}. Traffic is unchanged (${describeTraffic(traffic)}).`,
    kept
      ? 'The deployment was kept for debugging (keep-failed: true).'
      : 'The failed deployment was deleted; keep-failed: true keeps it for debugging.',
  );
}

async function report(
  context: Context,
  endpoint: Endpoint,
  deployment: string,
  previous: string | undefined,
  before: Traffic,
  title: string,
): Promise<void> {
  setOutputs({
    'endpoint-name': endpoint.name,
    'scoring-uri': endpoint.scoringUri,
    'deployment-name': deployment,
    'previous-deployment': previous ?? '',
    traffic: JSON.stringify(endpoint.traffic),
    'endpoint-url': endpointUrl(context),
  });
  const names = [
    ...new Set([...Object.keys(before), ...Object.keys(endpoint.traffic), deployment].filter(Boolean)),
  ];
  await writeSummary(
    `## ${title} on [${endpoint.name}](${endpointUrl(context)})\n\n` +
      markdownTable(
        ['deployment', 'traffic before', 'traffic after'],
        names.map((name) => [name, `${before[name] ?? 0}%`, `${endpoint.traffic[name] ?? 0}%`]),
      ) +
      `\nServing now: ${describeTraffic(endpoint.traffic)}.\n\nScoring URI: \`${endpoint.scoringUri}\`\n`,
  );
}

function modelPath(inputs: DeployEndpointInputs): string {
  const id = inputs.modelId!;
  if (id.startsWith('/subscriptions/')) return id;
  const [name, version] = id.replace(/^azureml:/, '').split(':');
  return `${workspacePath(inputs.target)}/models/${name}/versions/${version}`;
}

/** A name that says which model it serves and never repeats one on the endpoint. */
function deploymentName(inputs: DeployEndpointInputs, existing: string[]): string {
  const version =
    (inputs.modelId!.split(/[:/]/).pop() ?? 'm').replace(/[^A-Za-z0-9]/g, '').slice(0, 8) || 'm';
  const run = githubRun();
  for (let attempt = 0; ; attempt++) {
    const suffix = createHash('sha256')
      .update(
        `${inputs.modelId}|${inputs.image}|${run.runId}|${run.attempt}|${attempt}|${attempt ? Math.random() : ''}`,
      )
      .digest('hex')
      .slice(0, 6);
    const name = `v${version}-${suffix}`;
    if (!existing.includes(name.toLowerCase())) return name;
  }
}
