import {
  deploymentBody,
  endpointBody,
  environmentProperties,
  environmentVersion,
  type DeploymentYaml,
  type EndpointYaml,
} from '../../azure/ml/deployment-spec.js';
import { liveDeployment, type Endpoint, type Traffic } from '../../azure/ml/endpoints.js';
import { lineageTags } from '../../kit/lineage.js';
import { publish, type DeployContext } from './context.js';
import {
  deploymentName,
  modelPath,
  planDeployment,
  SPEC_TAG,
  specHash,
  type DeploymentStep,
} from './deploy-plan.js';
import { planEndpoint } from './endpoint-plan.js';
import { failedDeployment, followProvisioning } from './provisioning.js';
import { readTemplates } from './templates.js';
import { describeTraffic, trafficWithNewDeployment } from './traffic-plan.js';

const AUTH_MODE = { aml_token: 'AMLToken', key: 'Key', aad_token: 'AADToken' } as const;

/**
 * Deploy mode: the endpoint (created only when asked), then the deployment kept, followed or created at its
 * traffic share; the live deployment is never replaced in place, and traffic moves only once it is ready.
 */
export async function deploy(context: DeployContext): Promise<void> {
  const { inputs, endpoints, signal, log } = context;
  const { endpointYaml, deploymentYaml } = readTemplates(inputs, log);
  const location = await context.location();
  const endpoint = await ensureEndpoint(context, endpointYaml, location);
  const before = endpoint.traffic;
  const spec = await deploymentSpec(context, deploymentYaml, location);
  const hash = specHash(spec);
  const step = await chooseStep(context, before, hash);
  log.info(step.message);
  if (step.kind === 'keep') return keep(context, endpoint, step.name);
  const previous = liveDeployment(before);
  // Named before the long wait: if this step dies (a lost credential, a cancel), the rollback job removes it.
  context.setOutputs({
    'deployment-name': step.name,
    'endpoint-name': inputs.endpoint,
    'previous-deployment': previous ?? '',
  });
  const body = { ...spec, tags: { ...spec.tags, ...lineageTags(context.run), [SPEC_TAG]: hash } };
  const operation =
    step.kind === 'create'
      ? await endpoints.startDeployment(inputs.endpoint, step.name, body, signal)
      : undefined;
  const outcome = await followProvisioning(context, step.name, operation);
  if (outcome.status !== 'Succeeded') await failedDeployment(context, step.name, outcome, before);
  const after = await applyTraffic(context, endpoint, step.name);
  log.info(
    `Deployment ${step.name} is ready. Traffic: ${describeTraffic(before)} → ${describeTraffic(after.traffic)}${inputs.mirrorPercent ? `, mirroring ${inputs.mirrorPercent}% to ${step.name}` : ''}.`,
  );
  context.setOutputs({ reused: 'false' });
  await publish(context, {
    endpoint: after,
    deployment: step.name,
    previous,
    before,
    title: `Deployed ${step.name}`,
  });
}

/** Reads the endpoint's deployments and plans: keep one, follow one being provisioned, or create one. */
async function chooseStep(context: DeployContext, traffic: Traffic, hash: string): Promise<DeploymentStep> {
  const { inputs } = context;
  const deployments = await context.endpoints.deployments(inputs.endpoint, context.signal);
  const wanted = {
    endpoint: inputs.endpoint,
    requested: inputs.deployment,
    specHash: hash,
    traffic: inputs.traffic,
    mirrorPercent: inputs.mirrorPercent,
    what: `${inputs.modelId} on ${inputs.image}, ${inputs.instanceCount} x ${inputs.instanceType}`,
  };
  const existing = deployments.map((d) => d.name);
  const freshName = () =>
    deploymentName(inputs.modelId!, inputs.image!, context.run, existing, context.random);
  return planDeployment(wanted, deployments, traffic, freshName);
}

/** An unchanged rerun: the deployment that serves this model already stays as it is. */
async function keep(context: DeployContext, endpoint: Endpoint, name: string): Promise<void> {
  context.setOutputs({ reused: 'true' });
  await publish(context, {
    endpoint,
    deployment: name,
    previous: liveDeployment(endpoint.traffic, name),
    before: endpoint.traffic,
    title: `Kept ${name}, already serving this model`,
  });
}

/** The endpoint as it is, or created when missing and create-endpoint allows it. */
async function ensureEndpoint(
  context: DeployContext,
  endpointYaml: EndpointYaml,
  location: string,
): Promise<Endpoint> {
  const { inputs, endpoints, signal, log } = context;
  const existing = await endpoints.get(inputs.endpoint, signal);
  const authMode = AUTH_MODE[inputs.authMode];
  const step = planEndpoint(existing, {
    name: inputs.endpoint,
    authMode,
    createEndpoint: inputs.createEndpoint,
    location,
  });
  if (step.kind === 'use') {
    if (step.warning) log.warning(step.warning);
    return existing!;
  }
  log.info(step.message);
  const body = endpointBody(endpointYaml, { location, authMode, tags: lineageTags(context.run) });
  return endpoints.create(inputs.endpoint, body, signal, inputs.timeoutMs);
}

/** The deployment's ARM body (without this run's lineage tags, so its hash is the same on every run). */
async function deploymentSpec(context: DeployContext, deploymentYaml: DeploymentYaml, location: string) {
  const { inputs, endpoints, signal } = context;
  const environment = environmentProperties(inputs.image!, deploymentYaml);
  const environmentId = await endpoints.putEnvironment(
    `${inputs.endpoint}-triton`,
    environmentVersion(environment),
    environment,
    signal,
  );
  return deploymentBody(deploymentYaml, {
    location,
    modelArmId: modelPath(inputs.target, inputs.modelId!),
    environmentId,
    instanceType: inputs.instanceType,
    instanceCount: inputs.instanceCount,
  });
}

/** Moves live and mirrored traffic as asked, only where it changes anything; returns the endpoint after. */
async function applyTraffic(context: DeployContext, endpoint: Endpoint, name: string): Promise<Endpoint> {
  const { inputs, endpoints, signal } = context;
  const traffic = trafficWithNewDeployment(endpoint.traffic, name, inputs.traffic);
  const mirror: Traffic = inputs.mirrorPercent > 0 ? { [name]: inputs.mirrorPercent } : {};
  const unchanged =
    JSON.stringify(traffic) === JSON.stringify(endpoint.traffic) &&
    JSON.stringify(mirror) === JSON.stringify(endpoint.mirrorTraffic);
  if (!unchanged) return endpoints.setTraffic(inputs.endpoint, traffic, mirror, signal, inputs.timeoutMs);
  return (await endpoints.get(inputs.endpoint, signal)) ?? endpoint;
}
