import { armError, type EmulatorRequest, type EmulatorResponse, type Router } from '../http.js';
import type { EndpointRecord } from '../workspace-store.js';
import { MlResource } from './context.js';
import { deploymentProvisioning, endpointProvisioning } from './provisioning.js';

interface EndpointPutBody {
  location?: string;
  tags?: Record<string, string>;
  properties?: {
    authMode?: string;
    traffic?: Record<string, number>;
    mirrorTraffic?: Record<string, number>;
  };
}

/** Online endpoints, their keys and tokens (OnlineEndpoints_Get/List/CreateOrUpdate/Delete/ListKeys/GetToken). */
export class EndpointResources extends MlResource {
  routes(router: Router): void {
    const { context } = this;
    context.add(router, 'GET', '/onlineEndpoints', () => ({
      status: 200,
      body: { value: [...this.store.endpoints.values()].map((e) => this.endpoint(e)) },
    }));
    context.add(router, 'GET', '/onlineEndpoints/{endpoint}', (request) =>
      this.getEndpoint(request.params.endpoint!),
    );
    context.add(router, 'PUT', '/onlineEndpoints/{endpoint}', (request) => this.putEndpoint(request));
    context.add(router, 'DELETE', '/onlineEndpoints/{endpoint}', (request) =>
      this.deleteEndpoint(request.params.endpoint!),
    );
    context.add(router, 'POST', '/onlineEndpoints/{endpoint}/listKeys', (request) =>
      this.listKeys(request.params.endpoint!),
    );
    context.add(router, 'POST', '/onlineEndpoints/{endpoint}/token', (request) =>
      this.endpointToken(request.params.endpoint!),
    );
  }

  endpointProvisioning(record: EndpointRecord): string {
    return endpointProvisioning(record, this.context.now());
  }

  scoringUri(name: string): string {
    return `${this.context.baseUrl}/inference/${name}/`;
  }

  endpoint(record: EndpointRecord) {
    return {
      id: `${this.store.workspaceId}/onlineEndpoints/${record.name}`,
      name: record.name,
      type: 'Microsoft.MachineLearningServices/workspaces/onlineEndpoints',
      location: this.store.config.location,
      identity: { type: 'SystemAssigned' },
      tags: record.tags,
      properties: {
        authMode: record.authMode,
        traffic: record.traffic,
        mirrorTraffic: record.mirrorTraffic,
        publicNetworkAccess: 'Enabled',
        provisioningState: this.endpointProvisioning(record),
        scoringUri: this.scoringUri(record.name),
        swaggerUri: `${this.scoringUri(record.name)}swagger.json`,
      },
    };
  }

  private getEndpoint(name: string): EmulatorResponse {
    const record = this.store.endpoints.get(name.toLowerCase());
    if (!record)
      return armError(
        404,
        'UserError',
        `Online endpoint ${name} was not found in workspace ${this.store.config.workspace}.`,
      );
    return { status: 200, body: this.endpoint(record) };
  }

  private putEndpoint(request: EmulatorRequest): EmulatorResponse {
    const name = request.params.endpoint!;
    if (!/^[A-Za-z][A-Za-z0-9-]{1,30}[A-Za-z0-9]$/.test(name)) {
      return armError(
        400,
        'BadArgument',
        `Invalid endpoint name '${name}': 3-32 characters, starting with a letter, letters, digits and hyphens.`,
      );
    }
    const body = request.json<EndpointPutBody>();
    if (!body?.properties) return armError(400, 'BadArgument', 'properties is required.');
    const existing = this.store.endpoints.get(name.toLowerCase());
    const refused = this.putProblem(name, body, existing);
    if (refused) return refused;
    const authMode = (body.properties.authMode ?? existing?.authMode ?? 'Key') as EndpointRecord['authMode'];
    const now = this.context.now();
    const record: EndpointRecord = existing ?? {
      name,
      authMode,
      traffic: {},
      mirrorTraffic: {},
      tags: {},
      createdAt: now,
      readyAt: now + this.store.config.endpointProvisioningMs,
      keys: { primaryKey: this.store.newKey(), secondaryKey: this.store.newKey() },
    };
    record.traffic = body.properties.traffic ?? existing?.traffic ?? {};
    record.mirrorTraffic = body.properties.mirrorTraffic ?? existing?.mirrorTraffic ?? {};
    record.tags = body.tags ?? record.tags;
    if (existing) {
      record.readyAt = Math.max(record.readyAt, now + 30_000);
      record.updating = true;
    }
    this.store.endpoints.set(name.toLowerCase(), record);
    const id = this.store.startOperation({ doneAt: record.readyAt });
    return {
      status: existing ? 200 : 201,
      headers: this.context.lroHeaders(id),
      body: this.endpoint(record),
    };
  }

  /** Why the service refuses this endpoint PUT, in the order it checks: busy, name taken, auth mode, traffic. */
  private putProblem(
    name: string,
    body: EndpointPutBody,
    existing: EndpointRecord | undefined,
  ): EmulatorResponse | undefined {
    const busy = existing && this.endpointBusy(existing);
    if (busy) return armError(409, 'Conflict', busy);
    if (
      !existing &&
      this.store.faults.takenEndpointNames?.some((n) => n.toLowerCase() === name.toLowerCase())
    )
      // Wording unverified: the service's text for a name held in another subscription is not published.
      return armError(
        409,
        'Conflict',
        `Endpoint name ${name} is already in use in region ${this.store.config.location}; endpoint names are unique per region.`,
      );
    const authMode = (body.properties?.authMode ?? existing?.authMode ?? 'Key') as EndpointRecord['authMode'];
    if (!['AMLToken', 'Key', 'AADToken'].includes(authMode))
      return armError(400, 'BadArgument', `Invalid authMode '${authMode}'.`);
    if (existing && existing.authMode !== authMode)
      return armError(400, 'BadArgument', 'The auth mode of an existing endpoint cannot be changed.');
    const traffic = body.properties?.traffic ?? existing?.traffic ?? {};
    const mirror = body.properties?.mirrorTraffic ?? existing?.mirrorTraffic ?? {};
    const problem = this.trafficProblem(name, traffic, mirror);
    return problem ? armError(400, 'BadArgument', problem) : undefined;
  }

  /**
   * Why an endpoint PUT must wait: the endpoint is still being created or updated, or one of its deployments
   * is being created or updated. MFE refuses such a PUT with 409 Conflict (behaviour reported, wording not
   * published: unverified).
   */
  private endpointBusy(record: EndpointRecord): string | undefined {
    const state = this.endpointProvisioning(record);
    if (state !== 'Succeeded' && state !== 'Failed')
      return `Endpoint ${record.name} is ${state}: another operation is in progress on it. Retry when it has finished.`;
    const now = this.context.now();
    const deployment = this.store
      .deploymentsOf(record.name)
      .find((d) => d.deletingAt === undefined && now < d.readyAt);
    return deployment
      ? `Deployment ${deployment.name} of endpoint ${record.name} is ${deploymentProvisioning(deployment, now)}: another operation is in progress on the endpoint. Retry when it has finished.`
      : undefined;
  }

  /** Azure's traffic rules: live traffic sums to 100 (or nothing), mirrored to at most 50, never both for one deployment. */
  private trafficProblem(
    endpoint: string,
    traffic: Record<string, number>,
    mirror: Record<string, number>,
  ): string | undefined {
    const names = new Set(
      this.store
        .deploymentsOf(endpoint)
        .filter((d) => d.deletingAt === undefined)
        .map((d) => d.name.toLowerCase()),
    );
    for (const [name, value] of [...Object.entries(traffic), ...Object.entries(mirror)]) {
      if (!names.has(name.toLowerCase()))
        return `Deployment ${name} in the traffic rules does not exist on endpoint ${endpoint}.`;
      if (!Number.isInteger(value) || value < 0 || value > 100)
        return `Traffic for ${name} must be an integer from 0 to 100.`;
    }
    const live = Object.values(traffic).reduce((sum, value) => sum + value, 0);
    if (live !== 0 && live !== 100) return `Traffic values must sum to 100 (they sum to ${live}).`;
    const mirrored = Object.values(mirror).reduce((sum, value) => sum + value, 0);
    if (mirrored > 50) return `Mirror traffic can be at most 50 (it is ${mirrored}).`;
    for (const [name, value] of Object.entries(mirror)) {
      if (value > 0 && (traffic[name] ?? 0) > 0)
        return `Deployment ${name} cannot receive both live and mirrored traffic.`;
    }
    return undefined;
  }

  private deleteEndpoint(name: string): EmulatorResponse {
    const record = this.store.endpoints.get(name.toLowerCase());
    if (!record) return { status: 204 };
    record.deletingAt = this.context.now();
    const id = this.store.startOperation({
      doneAt: this.context.now() + 60_000,
      onDone: () => {
        this.store.endpoints.delete(name.toLowerCase());
        for (const deployment of this.store.deploymentsOf(name))
          this.store.deployments.delete(this.store.deploymentKey(name, deployment.name));
      },
    });
    return this.context.accepted(id);
  }

  private listKeys(name: string): EmulatorResponse {
    const record = this.store.endpoints.get(name.toLowerCase());
    if (!record) return armError(404, 'UserError', `Online endpoint ${name} was not found.`);
    if (record.authMode !== 'Key')
      return armError(
        400,
        'BadArgument',
        `Endpoint ${name} uses ${record.authMode} auth: keys are only for Key auth.`,
      );
    return { status: 200, body: record.keys };
  }

  private endpointToken(name: string): EmulatorResponse {
    const record = this.store.endpoints.get(name.toLowerCase());
    if (!record) return armError(404, 'UserError', `Online endpoint ${name} was not found.`);
    if (record.authMode !== 'AMLToken')
      return armError(
        400,
        'BadArgument',
        `Endpoint ${name} uses ${record.authMode} auth: tokens are only for AMLToken auth.`,
      );
    const token = this.store.newKey();
    const expiresAt = this.context.now() + 60 * 60_000;
    this.store.endpointTokens.set(token, { endpoint: record.name, expiresAt });
    return {
      status: 200,
      body: {
        accessToken: token,
        tokenType: 'Bearer',
        expiryTimeUtc: Math.floor(expiresAt / 1000),
        refreshAfterTimeUtc: Math.floor((expiresAt - 15 * 60_000) / 1000),
      },
    };
  }
}
