import type { ArmClient } from '../arm-client.js';
import { ArmError } from '../arm-error.js';
import { ActionError } from '../../kit/errors.js';
import { workspacePath, type AzureTarget } from '../target.js';

export type Traffic = Record<string, number>;

export interface Endpoint {
  name: string;
  location: string;
  authMode: 'AMLToken' | 'Key' | 'AADToken';
  traffic: Traffic;
  mirrorTraffic: Traffic;
  scoringUri: string;
  provisioningState: string;
}

export interface Deployment {
  name: string;
  provisioningState: string;
  model?: string;
  environmentId?: string;
  tags: Record<string, string>;
}

interface EndpointResource {
  name: string;
  location: string;
  properties: {
    authMode: Endpoint['authMode'];
    traffic?: Traffic;
    mirrorTraffic?: Traffic;
    scoringUri: string;
    provisioningState: string;
  };
  [key: string]: unknown;
}

const toEndpoint = (resource: EndpointResource): Endpoint => ({
  name: resource.name,
  location: resource.location,
  authMode: resource.properties.authMode,
  traffic: resource.properties.traffic ?? {},
  mirrorTraffic: resource.properties.mirrorTraffic ?? {},
  scoringUri: resource.properties.scoringUri,
  provisioningState: resource.properties.provisioningState,
});

/**
 * The PUT body of a traffic change: the writable part of the endpoint as it is (mfe.json
 * `OnlineEndpointTrackedResource`, `OnlineEndpoint`, `EndpointPropertiesBase`, ARM's `TrackedResource` and
 * `ManagedServiceIdentity`) with new traffic. Read-only fields (`id`, `name`, `type`, `systemData`,
 * `provisioningState`, `scoringUri`, `swaggerUri`, the identity's principal and tenant) and `keys`, which is
 * create-only and always read back as null, are left out, as the SDK's serializer leaves them out.
 * PATCH cannot carry traffic: `OnlineEndpoints_Update` takes only identity, kind, sku and tags.
 */
export function trafficUpdateBody(
  current: Record<string, unknown>,
  traffic: Traffic,
  mirrorTraffic: Traffic,
) {
  const pick = (source: unknown, keys: string[]) =>
    Object.fromEntries(
      keys
        .map((key) => [key, (source as Record<string, unknown> | undefined)?.[key]] as const)
        .filter(([, value]) => value !== undefined && value !== null),
    );
  const identity = current.identity as
    { type?: string; userAssignedIdentities?: Record<string, unknown> | null } | undefined;
  return {
    ...pick(current, ['location', 'tags', 'kind', 'sku']),
    ...(identity?.type
      ? {
          identity: {
            type: identity.type,
            ...(identity.userAssignedIdentities
              ? {
                  userAssignedIdentities: Object.fromEntries(
                    Object.keys(identity.userAssignedIdentities).map((id) => [id, {}]),
                  ),
                }
              : {}),
          },
        }
      : {}),
    properties: {
      ...pick(current.properties, [
        'authMode',
        'compute',
        'description',
        'properties',
        'publicNetworkAccess',
      ]),
      traffic,
      mirrorTraffic,
    },
  };
}

/**
 * A failed endpoint create explained: a 409 for an endpoint that did not exist means its name is taken.
 * Endpoint names are DNS labels (<name>.<region>.inference.ml.azure.com), unique per region across all
 * tenants, or another run is creating the same endpoint right now.
 */
export function endpointCreateError(error: unknown, name: string, location: string): ActionError | undefined {
  if (!(error instanceof ArmError && error.status === 409)) return undefined;
  return new ActionError(
    `Endpoint ${name} could not be created in ${location}: ${error.armMessage}`,
    `Endpoint names are unique per region across all of Azure (${name}.${location}.inference.ml.azure.com), so another subscription may hold it: choose another endpoint name (a suffix such as your workspace's name helps). If another run is creating it right now, rerun when that run has finished.`,
  );
}

/** A deployment the service refuses to start for lack of quota, with what to do about it. */
export function deploymentStartError(error: unknown, name: string, body: unknown): ActionError | undefined {
  if (!(error instanceof ArmError)) return undefined;
  if (!/quota/i.test(error.code) && !/\bquota\b/i.test(error.armMessage)) return undefined;
  const instanceType = (body as { properties?: { instanceType?: string } }).properties?.instanceType ?? '';
  return new ActionError(
    `Deployment ${name} cannot start: the subscription lacks quota for ${instanceType || 'its instance type'} (${error.code}: ${error.armMessage})`,
    `Request more quota for the ${instanceType} VM family in this region (Azure ML studio, Quota, or the portal), free some by deleting unused deployments or compute, or set instance-type to a size you have quota for.`,
  );
}

/** The deployment with the most live traffic, other than `except`. */
export function liveDeployment(traffic: Traffic, except?: string): string | undefined {
  return Object.entries(traffic)
    .filter(([name, share]) => share > 0 && name.toLowerCase() !== except?.toLowerCase())
    .sort(([, a], [, b]) => b - a)[0]?.[0];
}

/** Managed online endpoints and their deployments. Traffic changes go through GET -> edit -> PUT, as ARM wants. */
export class MlEndpoints {
  constructor(
    private readonly arm: ArmClient,
    private readonly target: AzureTarget,
  ) {}

  private path(endpoint: string, deployment?: string): string {
    return `${workspacePath(this.target)}/onlineEndpoints/${encodeURIComponent(endpoint)}${deployment === undefined ? '' : `/deployments${deployment ? `/${encodeURIComponent(deployment)}` : ''}`}`;
  }

  async get(name: string, signal?: AbortSignal): Promise<Endpoint | undefined> {
    try {
      return toEndpoint(await this.arm.get<EndpointResource>(this.path(name), { signal }));
    } catch (error) {
      if (error instanceof ArmError && error.status === 404) return undefined;
      throw error;
    }
  }

  /** Creates the endpoint from its whole ARM body (deployment-spec.ts `endpointBody`). */
  async create(
    name: string,
    body: { location: string; [key: string]: unknown },
    signal?: AbortSignal,
    timeoutMs?: number,
  ): Promise<Endpoint> {
    try {
      // No conflict retry: the endpoint did not exist, so a 409 means its name is held elsewhere.
      const resource = await this.arm.begin<EndpointResource>('PUT', this.path(name), {
        signal,
        timeoutMs,
        body,
      });
      return toEndpoint(resource);
    } catch (error) {
      throw endpointCreateError(error, name, body.location) ?? error;
    }
  }

  /** Sets live and mirrored traffic on the endpoint as it is now, keeping everything else it has. */
  async setTraffic(
    name: string,
    traffic: Traffic,
    mirrorTraffic: Traffic,
    signal?: AbortSignal,
    timeoutMs?: number,
  ): Promise<Endpoint> {
    const current = await this.arm.get<EndpointResource>(this.path(name), { signal });
    const body = trafficUpdateBody(current, traffic, mirrorTraffic);
    return toEndpoint(
      await this.arm.begin<EndpointResource>('PUT', this.path(name), {
        signal,
        timeoutMs,
        body,
        retryConflict: true,
      }),
    );
  }

  async deployments(endpoint: string, signal?: AbortSignal): Promise<Deployment[]> {
    const found: Deployment[] = [];
    for await (const resource of this.arm.list<{
      name: string;
      tags?: Record<string, string>;
      properties: { provisioningState: string; model?: string; environmentId?: string };
    }>(this.path(endpoint, ''), { signal })) {
      found.push({
        name: resource.name,
        provisioningState: resource.properties.provisioningState,
        model: resource.properties.model,
        environmentId: resource.properties.environmentId,
        tags: resource.tags ?? {},
      });
    }
    return found;
  }

  /** Starts creating or updating a deployment; returns the operation to follow. */
  async startDeployment(
    endpoint: string,
    name: string,
    body: unknown,
    signal?: AbortSignal,
  ): Promise<string | undefined> {
    try {
      const response = await this.arm.send('PUT', this.path(endpoint, name), {
        signal,
        body,
        retryConflict: true,
      });
      return response.headers.get('azure-asyncoperation') ?? undefined;
    } catch (error) {
      throw deploymentStartError(error, name, body) ?? error;
    }
  }

  async operation(
    url: string,
    signal?: AbortSignal,
  ): Promise<{ status: string; error?: { code?: string; message?: string } }> {
    return this.arm.get(url, { signal });
  }

  async deployment(endpoint: string, name: string, signal?: AbortSignal): Promise<Deployment | undefined> {
    return (await this.deployments(endpoint, signal)).find(
      (deployment) => deployment.name.toLowerCase() === name.toLowerCase(),
    );
  }

  async deleteDeployment(
    endpoint: string,
    name: string,
    signal?: AbortSignal,
    timeoutMs?: number,
  ): Promise<void> {
    await this.arm.begin('DELETE', this.path(endpoint, name), { signal, timeoutMs, retryConflict: true });
  }

  async logs(
    endpoint: string,
    name: string,
    containerType: 'InferenceServer' | 'StorageInitializer',
    tail: number,
    signal?: AbortSignal,
  ): Promise<string> {
    const body = await this.arm.post<{ content?: string }>(`${this.path(endpoint, name)}/getLogs`, {
      signal,
      body: { containerType, tail },
    });
    return body.content ?? '';
  }

  async keys(endpoint: string, signal?: AbortSignal): Promise<{ primaryKey: string; secondaryKey: string }> {
    return this.arm.post(`${this.path(endpoint)}/listKeys`, { signal });
  }

  async amlToken(endpoint: string, signal?: AbortSignal): Promise<string> {
    return (await this.arm.post<{ accessToken: string }>(`${this.path(endpoint)}/token`, { signal }))
      .accessToken;
  }

  async putEnvironment(
    name: string,
    version: string,
    properties: Record<string, unknown>,
    signal?: AbortSignal,
  ): Promise<string> {
    const resource = await this.arm.begin<{ id: string }>(
      'PUT',
      `${workspacePath(this.target)}/environments/${encodeURIComponent(name)}/versions/${encodeURIComponent(version)}`,
      { signal, body: { properties } },
    );
    return resource.id;
  }
}
