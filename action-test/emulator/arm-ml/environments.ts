import { armError, type EmulatorRequest, type EmulatorResponse, type Router } from '../http.js';
import { MlResource } from './context.js';

/** Environment versions (EnvironmentVersions_Get/CreateOrUpdate). */
export class EnvironmentResources extends MlResource {
  routes(router: Router): void {
    const { context } = this;
    context.add(router, 'GET', '/environments/{env}/versions/{version}', (request) =>
      this.getEnvironment(request.params.env!, request.params.version!),
    );
    context.add(router, 'PUT', '/environments/{env}/versions/{version}', (request) =>
      this.putEnvironment(request),
    );
  }

  private environmentBody(name: string, version: string) {
    const env = this.store.environments.get(name)?.get(version);
    if (!env) return undefined;
    return {
      id: `${this.store.workspaceId}/environments/${name}/versions/${version}`,
      name: version,
      type: 'Microsoft.MachineLearningServices/workspaces/environments/versions',
      ...env.body,
    };
  }

  private getEnvironment(name: string, version: string): EmulatorResponse {
    const body = this.environmentBody(name, version);
    return body
      ? { status: 200, body }
      : armError(404, 'UserError', `Environment ${name}:${version} was not found.`);
  }

  private putEnvironment(request: EmulatorRequest): EmulatorResponse {
    const { env: name, version } = request.params as { env: string; version: string };
    const body = request.json<{ properties?: { image?: string } }>();
    if (!body?.properties?.image) return armError(400, 'UserError', 'properties.image is required.');
    const versions = this.store.environments.get(name) ?? new Map();
    this.store.environments.set(name, versions);
    const existing = versions.get(version);
    // Asset versions are immutable: the same body again is a no-op, a different one is refused.
    // Azure's exact wording for this refusal is not published (unverified); the status and code are ARM's.
    if (existing && !sameJson(existing.body.properties, body.properties))
      return armError(
        409,
        'UserError',
        `Environment ${name}:${version} already exists with different properties, and asset versions are immutable. Create a new version instead.`,
      );
    const existed = existing !== undefined;
    versions.set(version, {
      name,
      version,
      body: { properties: body.properties },
      createdAt: existing?.createdAt ?? this.context.now(),
    });
    return { status: existed ? 200 : 201, body: this.environmentBody(name, version) };
  }
}

/** Equal JSON values, whatever the order of object keys. */
function sameJson(a: unknown, b: unknown): boolean {
  const canonical = (value: unknown): unknown =>
    Array.isArray(value)
      ? value.map(canonical)
      : value && typeof value === 'object'
        ? Object.fromEntries(
            Object.keys(value)
              .sort()
              .map((key) => [key, canonical((value as Record<string, unknown>)[key])]),
          )
        : value;
  return JSON.stringify(canonical(a)) === JSON.stringify(canonical(b));
}
