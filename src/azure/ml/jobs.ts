import type { ArmClient } from '../arm-client.js';
import { ArmError } from '../arm-error.js';
import { workspacePath, type AzureTarget } from '../target.js';

/** Azure ML's JobStatus values. Completed, Failed and Canceled are final. */
export type JobStatus =
  | 'NotStarted'
  | 'Starting'
  | 'Provisioning'
  | 'Preparing'
  | 'Queued'
  | 'Running'
  | 'Finalizing'
  | 'CancelRequested'
  | 'Completed'
  | 'Failed'
  | 'Canceled'
  | 'NotResponding'
  | 'Paused'
  | 'Unknown';

export const FINAL_STATUSES: ReadonlySet<string> = new Set(['Completed', 'Failed', 'Canceled']);

export interface Job {
  name: string;
  status: JobStatus;
  displayName?: string;
  experimentName?: string;
  studioUrl?: string;
  tags: Record<string, string>;
  outputs: Record<string, { uri?: string; jobOutputType?: string }>;
  /** The job's inputs as ARM gives them: a data input has `uri` (a data asset's ARM id after `azureml:`). */
  inputs?: Record<string, { uri?: string; jobInputType?: string }>;
  createdAt?: string;
}

export interface Step {
  runId: string;
  /**
   * The child run's `displayName`: the step's `display_name`, which defaults to its key in the pipeline
   * YAML (data_gen, data_prep, train). Only for people to read: `properties['azureml.nodeid']` is a graph node
   * id (8 hex digits), not the key, and nothing is looked up by this name.
   */
  name: string;
  status: JobStatus;
  startTime?: string;
  endTime?: string;
  error?: string;
}

interface JobResource {
  name: string;
  properties: {
    status: JobStatus;
    displayName?: string;
    experimentName?: string;
    tags?: Record<string, string>;
    outputs?: Record<string, { uri?: string; jobOutputType?: string }>;
    inputs?: Record<string, { uri?: string; jobInputType?: string }>;
    services?: { Studio?: { endpoint?: string } };
  };
  systemData?: { createdAt?: string };
}

function toJob(resource: JobResource): Job {
  const p = resource.properties;
  return {
    name: resource.name,
    status: p.status,
    displayName: p.displayName,
    experimentName: p.experimentName,
    studioUrl: p.services?.Studio?.endpoint,
    tags: p.tags ?? {},
    outputs: p.outputs ?? {},
    inputs: p.inputs ?? {},
    createdAt: resource.systemData?.createdAt,
  };
}

/**
 * A path inside a job's named output, in azure-ai-ml's job-URI form
 * `azureml://jobs/<job>/outputs/<output>/paths/<path>` (JOB_URI_FORMAT; its JOB_URI_REGEX_FORMAT requires a
 * non-empty path, so the output's root cannot be named with an empty one).
 */
export function jobOutputUri(job: string, output: string, path: string): string {
  const inside = path.replace(/^\/+/, '');
  if (!inside) throw new Error(`A path inside output ${output} of job ${job} is required.`);
  return `azureml://jobs/${job}/outputs/${output}/paths/${inside}`;
}

/**
 * Azure ML jobs: ARM for the jobs themselves, the run-history data plane for a pipeline's steps (their live
 * status; ARM does not list child runs). What a job produced is read from its outputs, not from here.
 */
export class MlJobs {
  constructor(
    private readonly arm: ArmClient,
    private readonly target: AzureTarget,
    /** The data-plane client (run history), made on first use. */
    private readonly dataPlane: () => Promise<ArmClient>,
  ) {}

  private path(name = ''): string {
    return `${workspacePath(this.target)}/jobs${name ? `/${encodeURIComponent(name)}` : ''}`;
  }

  async get(name: string, signal?: AbortSignal): Promise<Job> {
    return toJob(await this.arm.get<JobResource>(this.path(name), { signal }));
  }

  /** The newest job whose tag `key` is `value` and whose status passes `accept`; at most `limit` jobs are read. */
  async findByTag(
    key: string,
    value: string,
    accept: (status: JobStatus) => boolean,
    signal?: AbortSignal,
    limit = 200,
  ): Promise<Job | undefined> {
    let read = 0;
    // ARM's `tag` filter matches the tag's key; the value is checked here.
    for await (const resource of this.arm.list<JobResource>(this.path(), {
      signal,
      query: { tag: key, listViewType: 'ActiveOnly', jobType: 'Pipeline' },
    })) {
      const job = toJob(resource);
      if (job.tags[key] === value && accept(job.status)) return job;
      if (++read >= limit) break;
    }
    return undefined;
  }

  /** Every job carrying tag `key` (ARM's `tag` filter matches the key), newest first, at most `limit`. */
  async listTagged(key: string, signal?: AbortSignal, limit = 200): Promise<Job[]> {
    const found: Job[] = [];
    for await (const resource of this.arm.list<JobResource>(this.path(), {
      signal,
      query: { tag: key, listViewType: 'ActiveOnly', jobType: 'Pipeline' },
    })) {
      found.push(toJob(resource));
      if (found.length >= limit) break;
    }
    return found;
  }

  /**
   * Changes the job's tags as `az ml job update --set tags.k=v` does: the job as ARM has it, put back with
   * the new tags (ARM has no PATCH for jobs). Not conditional: the 2025-12-01 contract gives jobs no ETag.
   */
  async updateTags(name: string, tags: Record<string, string>, signal?: AbortSignal): Promise<Job> {
    const resource = await this.arm.get<JobResource>(this.path(name), { signal });
    // The service sets status and the services' state; a request must not send them (read-only in the contract).
    const { status: _status, services: _services, ...writable } = resource.properties;
    const body = { properties: { ...writable, tags: { ...resource.properties.tags, ...tags } } };
    const { body: updated } = await this.arm.send<JobResource>('PUT', this.path(name), { signal, body });
    return toJob(updated);
  }

  /** Asks Azure to cancel; true when it accepted, false when the job had already ended. */
  async cancel(name: string, signal?: AbortSignal): Promise<boolean> {
    try {
      await this.arm.post(`${this.path(name)}/cancel`, { signal });
      return true;
    } catch (error) {
      if (error instanceof ArmError && error.status === 400) return false;
      throw error;
    }
  }

  private runsPath(): string {
    return `/history/v1.0${workspacePath(this.target)}/runs`;
  }

  async steps(name: string, signal?: AbortSignal): Promise<Step[]> {
    const client = await this.dataPlane();
    const steps: Step[] = [];
    type RunDto = {
      runId: string;
      displayName?: string;
      status: JobStatus;
      startTimeUtc?: string | null;
      endTimeUtc?: string | null;
      error?: { error?: { message?: string } } | null;
    };
    for await (const run of client.list<RunDto>(`${this.runsPath()}/${encodeURIComponent(name)}/children`, {
      signal,
      apiVersion: null,
    })) {
      steps.push({
        runId: run.runId,
        name: run.displayName || run.runId,
        status: run.status,
        startTime: run.startTimeUtc ?? undefined,
        endTime: run.endTimeUtc ?? undefined,
        error: run.error?.error?.message,
      });
    }
    return steps;
  }
}
