import { armError, type EmulatorRequest, type EmulatorResponse, type Router } from '../http.js';
import type { DeploymentRecord } from '../workspace-store.js';
import { MlResource } from './context.js';
import { deploymentLogs } from './deployment-logs.js';
import { deploymentProvisioning, endpointProvisioning } from './provisioning.js';

/** Online deployments and their logs (OnlineDeployments_Get/List/CreateOrUpdate/Delete/GetLogs). */
export class DeploymentResources extends MlResource {
  routes(router: Router): void {
    const { context } = this;
    const path = '/onlineEndpoints/{endpoint}/deployments';
    context.add(router, 'GET', path, (request) => this.listDeployments(request.params.endpoint!));
    context.add(router, 'GET', `${path}/{deployment}`, (request) =>
      this.getDeployment(request.params.endpoint!, request.params.deployment!),
    );
    context.add(router, 'PUT', `${path}/{deployment}`, (request) => this.putDeployment(request));
    context.add(router, 'DELETE', `${path}/{deployment}`, (request) =>
      this.deleteDeployment(request.params.endpoint!, request.params.deployment!),
    );
    context.add(router, 'POST', `${path}/{deployment}/getLogs`, (request) =>
      deploymentLogs(this.store, request),
    );
  }

  deploymentProvisioning(record: DeploymentRecord): string {
    return deploymentProvisioning(record, this.context.now());
  }

  deployment(record: DeploymentRecord) {
    return {
      id: `${this.store.workspaceId}/onlineEndpoints/${record.endpoint}/deployments/${record.name}`,
      name: record.name,
      type: 'Microsoft.MachineLearningServices/workspaces/onlineEndpoints/deployments',
      location: this.store.config.location,
      sku: { name: 'Default', capacity: record.body.sku?.capacity ?? 1 },
      tags: record.body.tags ?? {},
      properties: { ...record.body.properties, provisioningState: this.deploymentProvisioning(record) },
    };
  }

  private listDeployments(endpoint: string): EmulatorResponse {
    if (!this.store.endpoints.has(endpoint.toLowerCase()))
      return armError(404, 'UserError', `Online endpoint ${endpoint} was not found.`);
    return {
      status: 200,
      body: { value: this.store.deploymentsOf(endpoint).map((d) => this.deployment(d)) },
    };
  }

  private getDeployment(endpoint: string, name: string): EmulatorResponse {
    const record = this.store.deployments.get(this.store.deploymentKey(endpoint, name));
    if (!record)
      return armError(404, 'UserError', `Deployment ${name} was not found on endpoint ${endpoint}.`);
    return { status: 200, body: this.deployment(record) };
  }

  private putDeployment(request: EmulatorRequest): EmulatorResponse {
    const { endpoint, deployment: name } = request.params as { endpoint: string; deployment: string };
    const refused = this.targetProblem(endpoint, name);
    if (refused) return refused;
    const body = request.json<DeploymentRecord['body']>();
    const invalid = this.bodyProblem(body);
    if (invalid) return invalid;
    const props = body?.properties ?? {};
    const existing = this.store.deployments.get(this.store.deploymentKey(endpoint, name));
    const now = this.context.now();
    const faults = this.store.faults;
    const record: DeploymentRecord = {
      endpoint: this.store.endpoints.get(endpoint.toLowerCase())!.name,
      name,
      body: { properties: props, sku: body?.sku, tags: body?.tags },
      modelId: String(props.model ?? ''),
      environmentId: String(props.environmentId ?? ''),
      createdAt: existing?.createdAt ?? now,
      readyAt: now + (faults.slowProvisioningMs ?? this.store.config.deploymentProvisioningMs),
      crashLog: faults.crashDeployments?.log,
    };
    this.store.deployments.set(this.store.deploymentKey(endpoint, name), record);
    const id = this.store.startOperation({
      doneAt: record.readyAt,
      error: () =>
        record.crashLog
          ? {
              code: 'ResourceNotReady',
              message: `User container has crashed or terminated: Liveness probe failed: HTTP probe failed with statuscode: 400. Please see troubleshooting guide, available here: https://aka.ms/oe-tsg#error-resourcenotready`,
            }
          : undefined,
    });
    return {
      status: existing ? 200 : 201,
      headers: this.context.lroHeaders(id),
      body: this.deployment(record),
    };
  }

  /** Why the service refuses a deployment PUT before reading its body: no such endpoint, a busy one, a bad name. */
  private targetProblem(endpoint: string, name: string): EmulatorResponse | undefined {
    const endpointRecord = this.store.endpoints.get(endpoint.toLowerCase());
    if (!endpointRecord) return armError(404, 'UserError', `Online endpoint ${endpoint} was not found.`);
    const endpointState = endpointProvisioning(endpointRecord, this.context.now());
    if (endpointState !== 'Succeeded')
      return armError(
        409,
        'Conflict',
        `Endpoint ${endpoint} is ${endpointState}; retry when it has Succeeded.`,
      );
    if (!/^[A-Za-z][A-Za-z0-9-]{1,30}[A-Za-z0-9]$/.test(name))
      return armError(400, 'BadArgument', `Invalid deployment name '${name}'.`);
    return undefined;
  }

  /** Why the service refuses a deployment's body: unknown model or environment, unmanaged compute, no quota. */
  private bodyProblem(body: DeploymentRecord['body'] | undefined): EmulatorResponse | undefined {
    const props = body?.properties ?? {};
    const model = String(props.model ?? '');
    const environmentId = String(props.environmentId ?? '');
    const modelMatch = /\/models\/([^/]+)\/versions\/([^/]+)$/.exec(model);
    if (!modelMatch || !this.store.models.get(modelMatch[1]!)?.has(modelMatch[2]!))
      return armError(400, 'BadArgument', `Model ${model || '(none)'} was not found.`);
    const envMatch = /\/environments\/([^/]+)\/versions\/([^/]+)$/.exec(environmentId);
    if (!envMatch || !this.store.environments.get(envMatch[1]!)?.has(envMatch[2]!))
      return armError(400, 'BadArgument', `Environment ${environmentId || '(none)'} was not found.`);
    if (props.endpointComputeType !== 'Managed')
      return armError(400, 'BadArgument', 'endpointComputeType must be Managed.');
    if (this.store.faults.outOfQuota) {
      const capacity = body?.sku?.capacity ?? 1;
      // After https://aka.ms/oe-tsg#error-outofquota; exact wording and status unverified.
      return armError(
        400,
        'OutOfQuota',
        `Not enough quota available for ${String(props.instanceType)} in SubscriptionId ${this.store.config.subscriptionId}. Current usage/limit: 0/0. Additional needed: ${capacity}. Please see troubleshooting guide, available here: https://aka.ms/oe-tsg#error-outofquota`,
      );
    }
    return undefined;
  }

  private deleteDeployment(endpoint: string, name: string): EmulatorResponse {
    const key = this.store.deploymentKey(endpoint, name);
    const record = this.store.deployments.get(key);
    if (!record) return { status: 204 };
    const endpointRecord = this.store.endpoints.get(endpoint.toLowerCase());
    const live = Object.entries(endpointRecord?.traffic ?? {}).find(
      ([d, v]) => d.toLowerCase() === name.toLowerCase() && v > 0,
    );
    if (live)
      return armError(
        400,
        'BadArgument',
        `Deployment ${name} has ${live[1]}% of the traffic: move the traffic before deleting it.`,
      );
    record.deletingAt = this.context.now();
    const id = this.store.startOperation({
      doneAt: this.context.now() + 2 * 60_000,
      onDone: () => this.store.deployments.delete(key),
    });
    return this.context.accepted(id);
  }
}
