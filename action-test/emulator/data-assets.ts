import { armError, type EmulatorRequest, type EmulatorResponse, type Router } from './http.js';

/**
 * Azure ML data assets (`az ml data create`) as ARM serves them: DataContainers_Get/List and
 * DataVersions_Get/List/CreateOrUpdate of Microsoft.MachineLearningServices 2025-12-01 (mfe.json in
 * Azure/azure-rest-api-specs). A container exists once it has a version; its `latestVersion` is the version
 * created last, which is what `azureml:<name>@latest` means in the CLI's YAML.
 */
export interface DataVersionRecord {
  name: string;
  version: string;
  dataType: DataType;
  dataUri: string;
  description?: string;
  tags: Record<string, string>;
  properties: Record<string, string>;
  createdAt: number;
}

export const DATA_TYPES = ['uri_file', 'uri_folder', 'mltable'] as const;
export type DataType = (typeof DATA_TYPES)[number];

export class DataAssets {
  private readonly assets = new Map<string, Map<string, DataVersionRecord>>();

  names(): string[] {
    return [...this.assets.keys()];
  }

  versions(name: string): DataVersionRecord[] {
    return [...(this.assets.get(name)?.values() ?? [])];
  }

  get(name: string, version: string): DataVersionRecord | undefined {
    return this.assets.get(name)?.get(version);
  }

  /** The version created last (ties: the one put last). */
  latest(name: string): DataVersionRecord | undefined {
    return this.versions(name).reduce<DataVersionRecord | undefined>(
      (last, record) => (!last || record.createdAt >= last.createdAt ? record : last),
      undefined,
    );
  }

  put(record: DataVersionRecord): void {
    const versions = this.assets.get(record.name) ?? new Map<string, DataVersionRecord>();
    versions.set(record.version, record);
    this.assets.set(record.name, versions);
  }
}

type Guarded = (
  handler: (request: EmulatorRequest) => EmulatorResponse,
) => (request: EmulatorRequest) => EmulatorResponse;

export interface DataAssetContext {
  assets: DataAssets;
  workspaceId: string;
  now(): number;
}

/** Adds the data asset routes under `workspacePath`; `guarded` answers for an unknown workspace first. */
export function dataAssetRoutes(
  router: Router,
  workspacePath: string,
  guarded: Guarded,
  context: DataAssetContext,
): void {
  const api = new DataAssetApi(context);
  router.add(
    'GET',
    `${workspacePath}/data`,
    guarded(() => api.listContainers()),
  );
  router.add(
    'GET',
    `${workspacePath}/data/{name}`,
    guarded((request) => api.getContainer(request.params.name!)),
  );
  router.add(
    'GET',
    `${workspacePath}/data/{name}/versions`,
    guarded((request) => api.listVersions(request)),
  );
  router.add(
    'GET',
    `${workspacePath}/data/{name}/versions/{version}`,
    guarded((request) => api.getVersion(request.params.name!, request.params.version!)),
  );
  router.add(
    'PUT',
    `${workspacePath}/data/{name}/versions/{version}`,
    guarded((request) => api.putVersion(request)),
  );
}

class DataAssetApi {
  constructor(private readonly context: DataAssetContext) {}

  private get assets(): DataAssets {
    return this.context.assets;
  }

  container(name: string) {
    const latest = this.assets.latest(name)!;
    const numeric = this.assets
      .versions(name)
      .map((record) => Number(record.version))
      .filter(Number.isInteger);
    return {
      id: `${this.context.workspaceId}/data/${name}`,
      name,
      type: 'Microsoft.MachineLearningServices/workspaces/data',
      properties: {
        dataType: latest.dataType,
        latestVersion: latest.version,
        nextVersion: String(Math.max(0, ...numeric) + 1),
        isArchived: false,
        tags: {},
        properties: {},
      },
    };
  }

  version(record: DataVersionRecord) {
    return {
      id: `${this.context.workspaceId}/data/${record.name}/versions/${record.version}`,
      name: record.version,
      type: 'Microsoft.MachineLearningServices/workspaces/data/versions',
      properties: {
        dataType: record.dataType,
        dataUri: record.dataUri,
        description: record.description,
        tags: record.tags,
        properties: record.properties,
        isAnonymous: false,
        isArchived: false,
      },
      systemData: { createdAt: new Date(record.createdAt).toISOString() },
    };
  }

  listContainers(): EmulatorResponse {
    return { status: 200, body: { value: this.assets.names().map((name) => this.container(name)) } };
  }

  getContainer(name: string): EmulatorResponse {
    if (!this.assets.latest(name)) return notFound(`Data container ${name}`);
    return { status: 200, body: this.container(name) };
  }

  getVersion(name: string, version: string): EmulatorResponse {
    const record = this.assets.get(name, version);
    return record ? { status: 200, body: this.version(record) } : notFound(`Data ${name}:${version}`);
  }

  /** `$orderBy` createdtime (the only order the emulator keeps; `desc` reverses), `$top`, `$tags` (name or name=value). */
  listVersions(request: EmulatorRequest): EmulatorResponse {
    const query = request.url.searchParams;
    const tags = (query.get('$tags') ?? '').split(',').filter(Boolean);
    const order = query.get('$orderBy') ?? '';
    const top = Number(query.get('$top') ?? Number.POSITIVE_INFINITY);
    const records = this.assets
      .versions(request.params.name!)
      .filter((record) =>
        tags.every((pair) => {
          const [key, value] = pair.split('=');
          return record.tags[key!] !== undefined && (value === undefined || record.tags[key!] === value);
        }),
      )
      .sort((a, b) => a.createdAt - b.createdAt);
    if (/\bdesc\b/i.test(order)) records.reverse();
    return { status: 200, body: { value: records.slice(0, top).map((record) => this.version(record)) } };
  }

  putVersion(request: EmulatorRequest): EmulatorResponse {
    const { name, version } = request.params as { name: string; version: string };
    const props = request.json<{
      properties?: Partial<Omit<DataVersionRecord, 'name' | 'version' | 'createdAt'>>;
    }>()?.properties;
    if (!props?.dataType || !(DATA_TYPES as readonly string[]).includes(props.dataType))
      return armError(400, 'UserError', `properties.dataType must be one of ${DATA_TYPES.join(', ')}.`);
    if (!props.dataUri) return armError(400, 'UserError', 'properties.dataUri is required.');
    const existing = this.assets.get(name, version);
    if (existing && (existing.dataUri !== props.dataUri || existing.dataType !== props.dataType)) {
      return armError(
        409,
        'UserError',
        `Data ${name}:${version} already exists with another path or type; data versions are immutable.`,
      );
    }
    this.assets.put({
      name,
      version,
      dataType: props.dataType,
      dataUri: props.dataUri,
      description: props.description,
      tags: props.tags ?? {},
      properties: props.properties ?? {},
      createdAt: existing?.createdAt ?? this.context.now(),
    });
    return { status: existing ? 200 : 201, body: this.version(this.assets.get(name, version)!) };
  }
}

function notFound(what: string): EmulatorResponse {
  return armError(404, 'UserError', `${what} was not found.`);
}
