import { armError, type EmulatorRequest, type EmulatorResponse, type Router } from '../http.js';
import { MlResource, type MlContext } from './context.js';
import type { JobResources } from './jobs.js';

/** Model containers and versions (ModelContainers_Get/CreateOrUpdate, ModelVersions_Get/List/CreateOrUpdate). */
export class ModelResources extends MlResource {
  constructor(
    context: MlContext,
    private readonly jobs: JobResources,
  ) {
    super(context);
  }

  routes(router: Router): void {
    const { context } = this;
    context.add(router, 'GET', '/models/{model}/versions', (request) => this.listModelVersions(request));
    context.add(router, 'GET', '/models/{model}/versions/{version}', (request) =>
      this.getModelVersion(request.params.model!, request.params.version!),
    );
    context.add(router, 'PUT', '/models/{model}/versions/{version}', (request) =>
      this.putModelVersion(request),
    );
    context.add(router, 'GET', '/models/{model}', (request) => this.getModelContainer(request.params.model!));
    context.add(router, 'PUT', '/models/{model}', (request) => ({
      status: 200,
      body: this.modelContainer(request.params.model!),
    }));
  }

  private modelContainer(name: string) {
    return {
      id: `${this.store.workspaceId}/models/${name}`,
      name,
      type: 'Microsoft.MachineLearningServices/workspaces/models',
      properties: { latestVersion: this.latestVersion(name) },
    };
  }

  private latestVersion(name: string): string | undefined {
    const versions = [...(this.store.models.get(name)?.keys() ?? [])];
    return versions.sort((a, b) => Number(a) - Number(b) || a.localeCompare(b)).at(-1);
  }

  private getModelContainer(name: string): EmulatorResponse {
    if (!this.store.models.has(name))
      return armError(404, 'UserError', `Model container ${name} was not found.`);
    return { status: 200, body: this.modelContainer(name) };
  }

  modelVersion(name: string, version: string) {
    const model = this.store.models.get(name)?.get(version);
    if (!model) return undefined;
    return {
      id: `${this.store.workspaceId}/models/${name}/versions/${version}`,
      name: version,
      type: 'Microsoft.MachineLearningServices/workspaces/models/versions',
      properties: {
        modelType: model.modelType,
        modelUri: model.modelUri,
        jobName: model.jobName,
        description: model.description,
        tags: model.tags,
        properties: model.properties,
        isArchived: false,
        provisioningState: 'Succeeded',
      },
      systemData: { createdAt: this.context.iso(model.createdAt) },
    };
  }

  private getModelVersion(name: string, version: string): EmulatorResponse {
    const body = this.modelVersion(name, version);
    return body
      ? { status: 200, body }
      : armError(404, 'UserError', `Model ${name}:${version} was not found.`);
  }

  private listModelVersions(request: EmulatorRequest): EmulatorResponse {
    const name = request.params.model!;
    const tag = request.url.searchParams.get('tags');
    const versions = [...(this.store.models.get(name)?.values() ?? [])]
      .filter(
        (model) =>
          !tag ||
          tag.split(',').every((pair) => {
            const [k, v] = pair.split('=');
            return model.tags[k!] !== undefined && (v === undefined || model.tags[k!] === v);
          }),
      )
      .sort((a, b) => Number(b.version) - Number(a.version))
      .map((model) => this.modelVersion(model.name, model.version));
    return { status: 200, body: { value: versions } };
  }

  private putModelVersion(request: EmulatorRequest): EmulatorResponse {
    const { model: name, version } = request.params as { model: string; version: string };
    const body = request.json<{
      properties?: {
        modelType?: string;
        modelUri?: string;
        jobName?: string;
        description?: string;
        tags?: Record<string, string>;
        properties?: Record<string, string>;
      };
    }>();
    const props = body?.properties;
    if (!props?.modelUri) return armError(400, 'UserError', 'properties.modelUri is required.');
    const refused = this.modelUriProblem(props.modelUri) ?? tagProblem(props.tags ?? {});
    if (refused) return refused;
    const jobName = /^azureml:\/\/jobs\/([^/]+)\//.exec(props.modelUri)?.[1];
    const existing = this.store.models.get(name)?.get(version);
    if (existing && existing.modelUri !== props.modelUri) {
      return armError(
        409,
        'UserError',
        `Model ${name}:${version} already exists with another path; model versions are immutable.`,
      );
    }
    const versions = this.store.models.get(name) ?? new Map();
    this.store.models.set(name, versions);
    versions.set(version, {
      name,
      version,
      modelType: props.modelType ?? 'custom_model',
      modelUri: props.modelUri,
      jobName: props.jobName ?? jobName,
      description: props.description,
      tags: props.tags ?? {},
      properties: props.properties ?? {},
      createdAt: existing?.createdAt ?? this.context.now(),
    });
    return { status: existing ? 200 : 201, body: this.modelVersion(name, version) };
  }

  /** A model path the service refuses: not a job output or datastore path, or naming a job that does not exist. */
  private modelUriProblem(modelUri: string): EmulatorResponse | undefined {
    // azure-ai-ml's JOB_URI_REGEX_FORMAT, azureml://jobs/([^/]+)/outputs/([^/]+)/paths/(.+): the path
    // inside the output is required.
    if (
      !/^azureml:\/\/jobs\/[^/]+\/outputs\/[^/]+\/paths\/.+/.test(modelUri) &&
      !/^azureml:\/\/datastores\//.test(modelUri)
    ) {
      return armError(
        400,
        'UserError',
        `Invalid modelUri '${modelUri}': expected azureml://jobs/<job>/outputs/<output>/paths/<path>.`,
      );
    }
    const jobName = /^azureml:\/\/jobs\/([^/]+)\//.exec(modelUri)?.[1];
    if (jobName && !this.jobs.findJob(jobName))
      return armError(400, 'UserError', `The job ${jobName} named in modelUri does not exist.`);
    return undefined;
  }
}

/**
 * Tags beyond Azure's limits (Azure Resource Manager, "Tag resources: limitations": 50 a resource, names up to
 * 512 characters without < > % & \\ ? /, values up to 256). Held for model versions too (UNVERIFIED.md U55):
 * the ModelVersion contract types tags as a string map and publishes no limit of its own.
 */
function tagProblem(tags: Record<string, string>): EmulatorResponse | undefined {
  const entries = Object.entries(tags);
  const problem =
    entries.length > 50
      ? `${entries.length} tags; at most 50 are allowed`
      : entries
          .map(([key, value]) =>
            key.length > 512 || /[<>%&\\?/]/.test(key)
              ? `tag name '${key.slice(0, 40)}' is over 512 characters or holds one of < > % & \\ ? /`
              : typeof value === 'string' && value.length > 256
                ? `the value of tag '${key}' is ${value.length} characters; at most 256 are allowed`
                : '',
          )
          .find(Boolean);
  return problem ? armError(400, 'InvalidTagNameOrValue', `Invalid tags: ${problem}.`) : undefined;
}
