import type { ArmClient } from '../arm-client.js';
import { ArmError } from '../arm-error.js';
import { workspacePath, type AzureTarget } from '../target.js';

export interface ModelVersion {
  id: string;
  name: string;
  version: string;
  modelUri: string;
  jobName?: string;
  tags: Record<string, string>;
}

interface VersionResource {
  id: string;
  name: string;
  properties: { modelUri: string; jobName?: string; tags?: Record<string, string> };
}

/** Model containers and versions of a workspace. */
export class MlModels {
  constructor(
    private readonly arm: ArmClient,
    private readonly target: AzureTarget,
  ) {}

  private path(name: string, version?: string): string {
    return `${workspacePath(this.target)}/models/${encodeURIComponent(name)}${version === undefined ? '' : `/versions${version ? `/${encodeURIComponent(version)}` : ''}`}`;
  }

  private toVersion(name: string, resource: VersionResource): ModelVersion {
    return {
      id: resource.id,
      name,
      version: resource.name,
      modelUri: resource.properties.modelUri,
      jobName: resource.properties.jobName,
      tags: resource.properties.tags ?? {},
    };
  }

  /** Every version (optionally with a tag `key=value`), or none when the model does not exist yet. */
  async versions(name: string, tag?: [string, string], signal?: AbortSignal): Promise<ModelVersion[]> {
    const found: ModelVersion[] = [];
    try {
      for await (const resource of this.arm.list<VersionResource>(this.path(name, ''), {
        signal,
        query: tag ? { tags: `${tag[0]}=${tag[1]}` } : {},
      })) {
        const version = this.toVersion(name, resource);
        if (!tag || version.tags[tag[0]] === tag[1]) found.push(version);
      }
    } catch (error) {
      if (error instanceof ArmError && error.status === 404) return [];
      throw error;
    }
    return found;
  }

  /** One version, or undefined when it does not exist. */
  async version(name: string, version: string, signal?: AbortSignal): Promise<ModelVersion | undefined> {
    try {
      return this.toVersion(name, await this.arm.get<VersionResource>(this.path(name, version), { signal }));
    } catch (error) {
      if (error instanceof ArmError && error.status === 404) return undefined;
      throw error;
    }
  }

  async ensureContainer(name: string, description: string | undefined, signal?: AbortSignal): Promise<void> {
    try {
      await this.arm.get(this.path(name), { signal });
    } catch (error) {
      if (!(error instanceof ArmError && error.status === 404)) throw error;
      await this.arm.begin('PUT', this.path(name), { signal, body: { properties: { description } } });
    }
  }

  async create(
    name: string,
    version: string,
    properties: {
      modelType: string;
      modelUri: string;
      jobName: string;
      description?: string;
      tags: Record<string, string>;
      properties: Record<string, string>;
    },
    signal?: AbortSignal,
  ): Promise<ModelVersion> {
    const resource = await this.arm.begin<VersionResource>('PUT', this.path(name, version), {
      signal,
      body: { properties },
    });
    return this.toVersion(name, resource);
  }
}

/** The next integer version after the highest numeric one. */
export function nextVersion(existing: ModelVersion[]): string {
  const numbers = existing
    .map((version) => Number(version.version))
    .filter((value) => Number.isInteger(value) && value > 0);
  return String(numbers.length ? Math.max(...numbers) + 1 : 1);
}
