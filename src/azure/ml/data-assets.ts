import type { ArmClient } from '../arm-client.js';
import { ArmError } from '../arm-error.js';
import { ActionError } from '../../kit/errors.js';
import { workspacePath, type AzureTarget } from '../target.js';

/** A data asset as the CLI's YAML names it: `azureml:<name>:<version>` or `azureml:<name>@latest`. */
export type DataReference = { name: string; version: string } | { name: string; latest: true };

/**
 * Asset names: letters, digits, `_`, `-` and `.`, starting with a letter, digit or `_`, at most 255 characters
 * (Azure ML's asset naming rules); versions the same characters, at most 64 here.
 */
export const DATA_REFERENCE =
  /^azureml:([A-Za-z0-9_][A-Za-z0-9_.-]{0,254})(?::([A-Za-z0-9_.-]{1,64})|@latest)$/;

export function parseDataReference(text: string): DataReference | undefined {
  const match = DATA_REFERENCE.exec(text);
  if (!match) return undefined;
  return match[2] === undefined ? { name: match[1]!, latest: true } : { name: match[1]!, version: match[2] };
}

export function formatDataReference(reference: DataReference): string {
  return 'latest' in reference
    ? `azureml:${reference.name}@latest`
    : `azureml:${reference.name}:${reference.version}`;
}

export interface DataVersion {
  id: string;
  name: string;
  version: string;
  dataType: string;
  dataUri: string;
}

interface VersionResource {
  id: string;
  name: string;
  properties: { dataType: string; dataUri: string };
}

/** Data assets of a workspace (DataContainers_Get, DataVersions_Get in mfe.json). */
export class MlDataAssets {
  constructor(
    private readonly arm: ArmClient,
    private readonly target: AzureTarget,
  ) {}

  private path(name: string, version?: string): string {
    const container = `${workspacePath(this.target)}/data/${encodeURIComponent(name)}`;
    return version === undefined ? container : `${container}/versions/${encodeURIComponent(version)}`;
  }

  /** The version a reference means now: `@latest` is the container's latestVersion (the one created last). */
  async resolve(reference: DataReference, signal?: AbortSignal): Promise<DataVersion> {
    const version =
      'latest' in reference ? await this.latestVersion(reference.name, signal) : reference.version;
    const resource = await this.find<VersionResource>(this.path(reference.name, version), signal);
    if (!resource) {
      throw new ActionError(
        `Data asset ${reference.name} has no version ${version} in workspace ${this.target.workspace}.`,
        `List its versions with: az ml data list --name ${reference.name}`,
      );
    }
    return {
      id: resource.id,
      name: reference.name,
      version: resource.name,
      dataType: resource.properties.dataType,
      dataUri: resource.properties.dataUri,
    };
  }

  private async latestVersion(name: string, signal?: AbortSignal): Promise<string> {
    const container = await this.find<{ properties: { latestVersion?: string | null } }>(
      this.path(name),
      signal,
    );
    const latest = container?.properties.latestVersion;
    if (!latest) {
      throw new ActionError(
        `Data asset ${name} does not exist in workspace ${this.target.workspace}.`,
        `Register it first: az ml data create --name ${name} --type uri_folder --path <folder of parquet files>`,
      );
    }
    return latest;
  }

  private async find<T>(path: string, signal?: AbortSignal): Promise<T | undefined> {
    try {
      return await this.arm.get<T>(path, { signal });
    } catch (error) {
      if (error instanceof ArmError && error.status === 404) return undefined;
      throw error;
    }
  }
}
