import { armError, type EmulatorRequest, type EmulatorResponse, type Router } from '../http.js';
import { jobState, nodeId, type JobRecord, type StepState } from '../jobs.js';
import { MlResource } from './context.js';

const STUDIO = 'https://ml.azure.com';

/** Pipeline jobs and their child steps (Jobs_Get/List/CreateOrUpdate/Cancel). */
export class JobResources extends MlResource {
  routes(router: Router): void {
    const { context } = this;
    context.add(router, 'GET', '/jobs', (request) => this.listJobs(request));
    context.add(router, 'GET', '/jobs/{job}', (request) => this.getJob(request.params.job!));
    context.add(router, 'PUT', '/jobs/{job}', (request) => this.putJob(request));
    context.add(router, 'POST', '/jobs/{job}/cancel', (request) => this.cancelJob(request.params.job!));
  }

  studioUrl(job: string): string {
    return `${STUDIO}/runs/${job}?wsid=${this.store.workspaceId}&tid=${this.store.config.tenantId}`;
  }

  job(record: JobRecord) {
    const state = jobState(record, this.context.now());
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
        createdAt: this.context.iso(record.submittedAt),
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
      const step = jobState(parent, this.context.now()).steps.find(
        (candidate) => candidate.spec.childName === name,
      );
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
        nextLink:
          skip + top < jobs.length ? next.toString().replace(next.origin, this.context.baseUrl) : undefined,
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
    const state = jobState(job, this.context.now());
    if (['Completed', 'Failed', 'Canceled'].includes(state.status)) {
      return armError(
        400,
        'UserError',
        `Job ${name} is already in a terminal state (${state.status}) and cannot be canceled.`,
      );
    }
    job.cancelRequestedAt ??= this.context.now();
    const id = this.store.startOperation({ doneAt: job.cancelRequestedAt + 30_000 });
    return this.context.accepted(id);
  }
}
