import { armError, type EmulatorRequest, type EmulatorResponse, type Router } from './http.js';
import { dataAssetRoutes } from './data-assets.js';
import { jobState, nodeId, type JobRecord, type StepState } from './jobs.js';
import type { DeploymentRecord, EndpointRecord, WorkspaceStore } from './workspace-store.js';

const WS =
  '/subscriptions/{sub}/resourceGroups/{rg}/providers/Microsoft.MachineLearningServices/workspaces/{ws}';
const STUDIO = 'https://ml.azure.com';

/** Azure ML's control plane as ARM serves it, for the one emulated workspace. */
export class AzureMlApi {
  constructor(
    private readonly store: WorkspaceStore,
    private readonly baseUrl: string,
  ) {}

  routes(router: Router): void {
    const ws = (handler: (request: EmulatorRequest) => EmulatorResponse) => (request: EmulatorRequest) =>
      this.knownWorkspace(request) ?? handler(request);
    router.add(
      'GET',
      WS,
      ws(() => ({ status: 200, body: this.workspace() })),
    );
    router.add(
      'GET',
      `${WS}/jobs`,
      ws((request) => this.listJobs(request)),
    );
    router.add(
      'GET',
      `${WS}/jobs/{job}`,
      ws((request) => this.getJob(request.params.job!)),
    );
    router.add(
      'PUT',
      `${WS}/jobs/{job}`,
      ws((request) => this.putJob(request)),
    );
    router.add(
      'POST',
      `${WS}/jobs/{job}/cancel`,
      ws((request) => this.cancelJob(request.params.job!)),
    );
    router.add(
      'GET',
      `${WS}/models/{model}/versions`,
      ws((request) => this.listModelVersions(request)),
    );
    router.add(
      'GET',
      `${WS}/models/{model}/versions/{version}`,
      ws((request) => this.getModelVersion(request.params.model!, request.params.version!)),
    );
    router.add(
      'PUT',
      `${WS}/models/{model}/versions/{version}`,
      ws((request) => this.putModelVersion(request)),
    );
    router.add(
      'GET',
      `${WS}/models/{model}`,
      ws((request) => this.getModelContainer(request.params.model!)),
    );
    router.add(
      'PUT',
      `${WS}/models/{model}`,
      ws((request) => ({ status: 200, body: this.modelContainer(request.params.model!) })),
    );
    dataAssetRoutes(router, WS, ws, {
      assets: this.store.dataAssets,
      workspaceId: this.store.workspaceId,
      now: () => this.now(),
    });
    router.add(
      'GET',
      `${WS}/environments/{env}/versions/{version}`,
      ws((request) => this.getEnvironment(request.params.env!, request.params.version!)),
    );
    router.add(
      'PUT',
      `${WS}/environments/{env}/versions/{version}`,
      ws((request) => this.putEnvironment(request)),
    );
    router.add(
      'GET',
      `${WS}/onlineEndpoints`,
      ws(() => ({
        status: 200,
        body: { value: [...this.store.endpoints.values()].map((e) => this.endpoint(e)) },
      })),
    );
    router.add(
      'GET',
      `${WS}/onlineEndpoints/{endpoint}`,
      ws((request) => this.getEndpoint(request.params.endpoint!)),
    );
    router.add(
      'PUT',
      `${WS}/onlineEndpoints/{endpoint}`,
      ws((request) => this.putEndpoint(request)),
    );
    router.add(
      'DELETE',
      `${WS}/onlineEndpoints/{endpoint}`,
      ws((request) => this.deleteEndpoint(request.params.endpoint!)),
    );
    router.add(
      'POST',
      `${WS}/onlineEndpoints/{endpoint}/listKeys`,
      ws((request) => this.listKeys(request.params.endpoint!)),
    );
    router.add(
      'POST',
      `${WS}/onlineEndpoints/{endpoint}/token`,
      ws((request) => this.endpointToken(request.params.endpoint!)),
    );
    router.add(
      'GET',
      `${WS}/onlineEndpoints/{endpoint}/deployments`,
      ws((request) => this.listDeployments(request.params.endpoint!)),
    );
    router.add(
      'GET',
      `${WS}/onlineEndpoints/{endpoint}/deployments/{deployment}`,
      ws((request) => this.getDeployment(request.params.endpoint!, request.params.deployment!)),
    );
    router.add(
      'PUT',
      `${WS}/onlineEndpoints/{endpoint}/deployments/{deployment}`,
      ws((request) => this.putDeployment(request)),
    );
    router.add(
      'DELETE',
      `${WS}/onlineEndpoints/{endpoint}/deployments/{deployment}`,
      ws((request) => this.deleteDeployment(request.params.endpoint!, request.params.deployment!)),
    );
    router.add(
      'POST',
      `${WS}/onlineEndpoints/{endpoint}/deployments/{deployment}/getLogs`,
      ws((request) => this.getLogs(request)),
    );
    router.add(
      'GET',
      '/subscriptions/{sub}/providers/Microsoft.MachineLearningServices/locations/{location}/mfeOperationsStatus/{id}',
      (request) => this.operationStatus(request.params.id!),
    );
    router.add(
      'GET',
      '/subscriptions/{sub}/providers/Microsoft.MachineLearningServices/locations/{location}/mfeOperationResults/{id}',
      (request) => this.operationResult(request.params.id!),
    );
  }

  private knownWorkspace(request: EmulatorRequest): EmulatorResponse | undefined {
    const { subscriptionId, resourceGroup, workspace } = this.store.config;
    if (request.params.sub !== subscriptionId)
      return armError(
        404,
        'SubscriptionNotFound',
        `The subscription '${request.params.sub}' could not be found.`,
      );
    if (request.params.rg?.toLowerCase() !== resourceGroup.toLowerCase()) {
      return armError(
        404,
        'ResourceGroupNotFound',
        `Resource group '${request.params.rg}' could not be found.`,
      );
    }
    if (request.params.ws?.toLowerCase() !== workspace.toLowerCase()) {
      return armError(
        404,
        'ResourceNotFound',
        `The Resource 'Microsoft.MachineLearningServices/workspaces/${request.params.ws}' under resource group '${request.params.rg}' was not found.`,
      );
    }
    return undefined;
  }

  private now(): number {
    return this.store.clock.now();
  }

  private retryAfter(): string {
    return String(this.store.config.operationRetryAfterSeconds);
  }

  private iso(ms: number | undefined): string | undefined {
    return ms === undefined ? undefined : new Date(ms).toISOString();
  }

  workspace() {
    const { workspace, location } = this.store.config;
    return {
      id: this.store.workspaceId,
      name: workspace,
      type: 'Microsoft.MachineLearningServices/workspaces',
      location,
      kind: 'Default',
      properties: {
        friendlyName: workspace,
        provisioningState: 'Succeeded',
        containerRegistry: this.store.registryId,
        discoveryUrl: `${this.baseUrl}/discovery`,
        mlFlowTrackingUri: `azureml://${location}.api.azureml.ms/mlflow/v1.0${this.store.workspaceId}`,
        workspaceId: 'c0ffee00-0000-4000-8000-00000000abcd',
      },
    };
  }

  // ---- jobs

  studioUrl(job: string): string {
    return `${STUDIO}/runs/${job}?wsid=${this.store.workspaceId}&tid=${this.store.config.tenantId}`;
  }

  job(record: JobRecord) {
    const state = jobState(record, this.now());
    return {
      id: `${this.store.workspaceId}/jobs/${record.name}`,
      name: record.name,
      type: 'Microsoft.MachineLearningServices/workspaces/jobs',
      properties: {
        jobType: 'Pipeline',
        status: state.status,
        displayName: record.displayName,
        experimentName: record.experimentName,
        description: record.description,
        computeId: record.computeId,
        tags: record.tags,
        properties: record.properties,
        inputs: record.inputs,
        outputs: record.outputs,
        jobs: Object.fromEntries(
          record.steps.map((step) => [
            step.name,
            { type: 'command', component: step.component, name: step.name },
          ]),
        ),
        services: { Studio: { jobServiceType: 'Studio', endpoint: this.studioUrl(record.name) } },
        isArchived: false,
      },
      systemData: {
        createdAt: this.iso(record.submittedAt),
        createdBy: this.store.config.clientId,
        createdByType: 'Application',
      },
    };
  }

  childJob(record: JobRecord, step: StepState) {
    return {
      id: `${this.store.workspaceId}/jobs/${step.spec.childName}`,
      name: step.spec.childName,
      type: 'Microsoft.MachineLearningServices/workspaces/jobs',
      properties: {
        jobType: 'Command',
        status: step.status,
        displayName: step.spec.name,
        experimentName: record.experimentName,
        computeId: record.computeId,
        properties: { 'azureml.nodeid': nodeId(step.spec), 'azureml.pipelinerunid': record.name },
        tags: {},
        outputs: Object.fromEntries(
          step.spec.outputs.map((output) => [
            output,
            {
              jobOutputType: 'uri_folder',
              mode: 'ReadWriteMount',
              uri: `azureml://datastores/workspaceblobstore/paths/azureml/${step.spec.childName}/${output}/`,
            },
          ]),
        ),
        services: { Studio: { jobServiceType: 'Studio', endpoint: this.studioUrl(step.spec.childName) } },
        ...(step.error ? { error: { code: 'UserError', message: step.error } } : {}),
      },
    };
  }

  /** A job or one of its child steps by name. */
  findJob(name: string): { record: JobRecord; step?: StepState } | undefined {
    const record = this.store.jobs.get(name);
    if (record) return { record };
    for (const parent of this.store.jobs.values()) {
      const step = jobState(parent, this.now()).steps.find((candidate) => candidate.spec.childName === name);
      if (step) return { record: parent, step };
    }
    return undefined;
  }

  private getJob(name: string): EmulatorResponse {
    const found = this.findJob(name);
    if (!found)
      return armError(
        404,
        'UserError',
        `Not found: job ${name} was not found in workspace ${this.store.config.workspace}.`,
      );
    return {
      status: 200,
      body: found.step ? this.childJob(found.record, found.step) : this.job(found.record),
    };
  }

  private listJobs(request: EmulatorRequest): EmulatorResponse {
    const tag = request.url.searchParams.get('tag');
    const property = request.url.searchParams.get('properties');
    const matches = (bag: Record<string, string>, filter: string | null) => {
      if (!filter) return true;
      return filter.split(',').every((part) => {
        const [key, value] = part.split('=');
        return key! in bag && (value === undefined || bag[key!] === value);
      });
    };
    const jobs = [...this.store.jobs.values()]
      .filter((job) => matches(job.tags, tag) && matches(job.properties, property))
      .sort((a, b) => b.submittedAt - a.submittedAt)
      .map((job) => this.job(job));
    const top = Number(request.url.searchParams.get('$top') ?? 20);
    const skip = Number(request.url.searchParams.get('$skiptoken') ?? 0);
    const page = jobs.slice(skip, skip + top);
    const next = new URL(request.url);
    next.searchParams.set('$skiptoken', String(skip + top));
    return {
      status: 200,
      body: {
        value: page,
        nextLink: skip + top < jobs.length ? next.toString().replace(next.origin, this.baseUrl) : undefined,
      },
    };
  }

  private putJob(request: EmulatorRequest): EmulatorResponse {
    const name = request.params.job!;
    const body = request.json<{
      properties?: {
        jobType?: string;
        displayName?: string;
        experimentName?: string;
        tags?: Record<string, string>;
      };
    }>();
    if (!body?.properties?.jobType) return armError(400, 'UserError', 'properties.jobType is required.');
    const existing = this.store.jobs.get(name);
    if (existing) {
      existing.tags = body.properties.tags ?? existing.tags;
      return { status: 200, body: this.job(existing) };
    }
    return armError(
      400,
      'UserError',
      'This emulator creates pipeline jobs through `az ml job create`, which compiles the YAML; PUT only updates tags.',
    );
  }

  private cancelJob(name: string): EmulatorResponse {
    const job = this.store.jobs.get(name);
    if (!job) return armError(404, 'UserError', `Not found: job ${name}.`);
    const state = jobState(job, this.now());
    if (['Completed', 'Failed', 'Canceled'].includes(state.status)) {
      return armError(
        400,
        'UserError',
        `Job ${name} is already in a terminal state (${state.status}) and cannot be canceled.`,
      );
    }
    job.cancelRequestedAt ??= this.now();
    const id = this.store.startOperation({ doneAt: job.cancelRequestedAt + 30_000 });
    return {
      status: 202,
      headers: {
        location: this.store
          .operationUrl(this.baseUrl, id)
          .replace('mfeOperationsStatus', 'mfeOperationResults'),
        'retry-after': this.retryAfter(),
      },
    };
  }

  // ---- models and environments

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
      systemData: { createdAt: this.iso(model.createdAt) },
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
    // azure-ai-ml's JOB_URI_REGEX_FORMAT, azureml://jobs/([^/]+)/outputs/([^/]+)/paths/(.+): the path
    // inside the output is required.
    if (
      !/^azureml:\/\/jobs\/[^/]+\/outputs\/[^/]+\/paths\/.+/.test(props.modelUri) &&
      !/^azureml:\/\/datastores\//.test(props.modelUri)
    ) {
      return armError(
        400,
        'UserError',
        `Invalid modelUri '${props.modelUri}': expected azureml://jobs/<job>/outputs/<output>/paths/<path>.`,
      );
    }
    const jobName = /^azureml:\/\/jobs\/([^/]+)\//.exec(props.modelUri)?.[1];
    if (jobName && !this.findJob(jobName))
      return armError(400, 'UserError', `The job ${jobName} named in modelUri does not exist.`);
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
      createdAt: existing?.createdAt ?? this.now(),
    });
    return { status: existing ? 200 : 201, body: this.modelVersion(name, version) };
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
      createdAt: existing?.createdAt ?? this.now(),
    });
    return { status: existed ? 200 : 201, body: this.environmentBody(name, version) };
  }

  // ---- online endpoints

  endpointProvisioning(record: EndpointRecord): string {
    if (record.deletingAt !== undefined) return 'Deleting';
    if (this.now() >= record.readyAt) return 'Succeeded';
    return record.updating ? 'Updating' : 'Creating';
  }

  scoringUri(name: string): string {
    return `${this.baseUrl}/inference/${name}/`;
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
    const body = request.json<{
      location?: string;
      tags?: Record<string, string>;
      properties?: {
        authMode?: string;
        traffic?: Record<string, number>;
        mirrorTraffic?: Record<string, number>;
      };
    }>();
    if (!body?.properties) return armError(400, 'BadArgument', 'properties is required.');
    const existing = this.store.endpoints.get(name.toLowerCase());
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
    const authMode = (body.properties.authMode ?? existing?.authMode ?? 'Key') as EndpointRecord['authMode'];
    if (!['AMLToken', 'Key', 'AADToken'].includes(authMode))
      return armError(400, 'BadArgument', `Invalid authMode '${authMode}'.`);
    if (existing && existing.authMode !== authMode)
      return armError(400, 'BadArgument', 'The auth mode of an existing endpoint cannot be changed.');
    const traffic = body.properties.traffic ?? existing?.traffic ?? {};
    const mirror = body.properties.mirrorTraffic ?? existing?.mirrorTraffic ?? {};
    const problem = this.trafficProblem(name, traffic, mirror);
    if (problem) return armError(400, 'BadArgument', problem);
    const now = this.now();
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
    record.traffic = traffic;
    record.mirrorTraffic = mirror;
    record.tags = body.tags ?? record.tags;
    if (existing) {
      record.readyAt = Math.max(record.readyAt, now + 30_000);
      record.updating = true;
    }
    this.store.endpoints.set(name.toLowerCase(), record);
    const id = this.store.startOperation({ doneAt: record.readyAt });
    return { status: existing ? 200 : 201, headers: this.lroHeaders(id), body: this.endpoint(record) };
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
    const now = this.now();
    const deployment = this.store
      .deploymentsOf(record.name)
      .find((d) => d.deletingAt === undefined && now < d.readyAt);
    return deployment
      ? `Deployment ${deployment.name} of endpoint ${record.name} is ${this.deploymentProvisioning(deployment)}: another operation is in progress on the endpoint. Retry when it has finished.`
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

  private lroHeaders(id: string): Record<string, string> {
    return {
      'azure-asyncoperation': this.store.operationUrl(this.baseUrl, id),
      'retry-after': this.retryAfter(),
    };
  }

  private deleteEndpoint(name: string): EmulatorResponse {
    const record = this.store.endpoints.get(name.toLowerCase());
    if (!record) return { status: 204 };
    record.deletingAt = this.now();
    const id = this.store.startOperation({
      doneAt: this.now() + 60_000,
      onDone: () => {
        this.store.endpoints.delete(name.toLowerCase());
        for (const deployment of this.store.deploymentsOf(name))
          this.store.deployments.delete(this.store.deploymentKey(name, deployment.name));
      },
    });
    return {
      status: 202,
      headers: {
        location: this.store
          .operationUrl(this.baseUrl, id)
          .replace('mfeOperationsStatus', 'mfeOperationResults'),
        'retry-after': this.retryAfter(),
      },
    };
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
    const expiresAt = this.now() + 60 * 60_000;
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

  // ---- deployments

  deploymentProvisioning(record: DeploymentRecord): string {
    if (record.deletingAt !== undefined) return 'Deleting';
    if (this.now() < record.readyAt) return 'Creating';
    return record.crashLog ? 'Failed' : 'Succeeded';
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
    const endpointRecord = this.store.endpoints.get(endpoint.toLowerCase());
    if (!endpointRecord) return armError(404, 'UserError', `Online endpoint ${endpoint} was not found.`);
    if (this.endpointProvisioning(endpointRecord) !== 'Succeeded')
      return armError(
        409,
        'Conflict',
        `Endpoint ${endpoint} is ${this.endpointProvisioning(endpointRecord)}; retry when it has Succeeded.`,
      );
    if (!/^[A-Za-z][A-Za-z0-9-]{1,30}[A-Za-z0-9]$/.test(name))
      return armError(400, 'BadArgument', `Invalid deployment name '${name}'.`);
    const body = request.json<DeploymentRecord['body']>();
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
    const existing = this.store.deployments.get(this.store.deploymentKey(endpoint, name));
    const now = this.now();
    const faults = this.store.faults;
    const record: DeploymentRecord = {
      endpoint: endpointRecord.name,
      name,
      body: { properties: props, sku: body?.sku, tags: body?.tags },
      modelId: model,
      environmentId,
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
    return { status: existing ? 200 : 201, headers: this.lroHeaders(id), body: this.deployment(record) };
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
    record.deletingAt = this.now();
    const id = this.store.startOperation({
      doneAt: this.now() + 2 * 60_000,
      onDone: () => this.store.deployments.delete(key),
    });
    return {
      status: 202,
      headers: {
        location: this.store
          .operationUrl(this.baseUrl, id)
          .replace('mfeOperationsStatus', 'mfeOperationResults'),
        'retry-after': this.retryAfter(),
      },
    };
  }

  private getLogs(request: EmulatorRequest): EmulatorResponse {
    const { endpoint, deployment } = request.params as { endpoint: string; deployment: string };
    const record = this.store.deployments.get(this.store.deploymentKey(endpoint, deployment));
    if (!record)
      return armError(404, 'UserError', `Deployment ${deployment} was not found on endpoint ${endpoint}.`);
    const body = request.json<{ containerType?: string; tail?: number }>() ?? {};
    const container = body.containerType ?? 'InferenceServer';
    const lines =
      container === 'StorageInitializer' ? storageInitializerLog(record) : inferenceServerLog(record);
    const tail = body.tail ?? lines.length;
    return { status: 200, body: { content: lines.slice(-tail).join('\n') } };
  }

  // ---- long-running operations

  private finish(id: string): { done: boolean; error?: { code: string; message: string } } | undefined {
    const operation = this.store.operations.get(id);
    if (!operation) return undefined;
    if (this.now() < operation.doneAt) return { done: false };
    if (operation.onDone) {
      operation.onDone();
      operation.onDone = undefined;
    }
    return { done: true, error: operation.error?.() };
  }

  private operationStatus(id: string): EmulatorResponse {
    const state = this.finish(id);
    if (!state) return armError(404, 'NotFound', `Operation ${id} was not found.`);
    if (!state.done)
      return {
        status: 200,
        headers: { 'retry-after': this.retryAfter() },
        body: { id, name: id, status: 'InProgress' },
      };
    if (state.error) return { status: 200, body: { id, name: id, status: 'Failed', error: state.error } };
    return { status: 200, body: { id, name: id, status: 'Succeeded' } };
  }

  private operationResult(id: string): EmulatorResponse {
    const state = this.finish(id);
    if (!state) return armError(404, 'NotFound', `Operation ${id} was not found.`);
    if (!state.done)
      return {
        status: 202,
        headers: { 'retry-after': this.retryAfter(), location: `${this.baseUrl}${this.operationPath(id)}` },
      };
    return state.error ? armError(400, state.error.code, state.error.message) : { status: 200 };
  }

  private operationPath(id: string): string {
    return `/subscriptions/${this.store.config.subscriptionId}/providers/Microsoft.MachineLearningServices/locations/${this.store.config.location}/mfeOperationResults/${id}?api-version=2025-12-01`;
  }
}

function storageInitializerLog(record: DeploymentRecord): string[] {
  return [
    'Starting storage initializer',
    `Downloading model ${record.modelId} to /var/azureml-app/azureml-models/`,
    'Downloaded executor_model/config.pbtxt, 0_transformworkflowtriton/1/workflow/workflow.pkl, 1_predictpytorchtriton/1/model.pt',
    'Model download complete: 3 Triton models, 41.7 MB in 6.2 s',
  ];
}

function inferenceServerLog(record: DeploymentRecord): string[] {
  const start = [
    'I1126 10:02:11.118272 1 server.cc:626] Starting Triton Inference Server',
    'I1126 10:02:11.301004 1 model_lifecycle.cc:462] loading: 1_predictpytorchtriton:1',
    'I1126 10:02:12.440180 1 model_lifecycle.cc:462] loading: 0_transformworkflowtriton:1',
    'I1126 10:02:14.900000 1 model_lifecycle.cc:462] loading: executor_model:1',
  ];
  if (record.crashLog) {
    return [
      ...start,
      ...record.crashLog.split('\n'),
      'E1126 10:02:16.010071 1 model_repository_manager.cc:1186] Poll failed for model directory: Invalid model',
      'error: creating server: Internal - failed to load all models',
    ];
  }
  return [
    ...start,
    'I1126 10:02:19.880511 1 model_lifecycle.cc:815] successfully loaded executor_model',
    'I1126 10:02:19.930000 1 http_server.cc:4497] Started HTTPService at 0.0.0.0:8000',
  ];
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
