import { randomBytes, randomUUID } from 'node:crypto';
import type { EmulatorClock } from './clock.js';
import type { EmulatorConfig, Faults } from './config.js';
import { jobState, type JobRecord } from './jobs.js';
import { DataAssets } from './data-assets.js';

export interface ModelVersion {
  name: string;
  version: string;
  modelType: string;
  modelUri: string;
  jobName?: string;
  description?: string;
  tags: Record<string, string>;
  properties: Record<string, string>;
  createdAt: number;
}

export interface EnvironmentVersion {
  name: string;
  version: string;
  body: Record<string, unknown>;
  createdAt: number;
}

export interface EndpointRecord {
  name: string;
  authMode: 'AMLToken' | 'Key' | 'AADToken';
  traffic: Record<string, number>;
  mirrorTraffic: Record<string, number>;
  tags: Record<string, string>;
  createdAt: number;
  readyAt: number;
  /** Whether the operation that ends at readyAt created the endpoint or updated it. */
  updating?: boolean;
  keys: { primaryKey: string; secondaryKey: string };
  deletingAt?: number;
}

export interface DeploymentRecord {
  endpoint: string;
  name: string;
  body: {
    properties: Record<string, unknown>;
    sku?: { name?: string; capacity?: number };
    tags?: Record<string, string>;
  };
  modelId: string;
  environmentId: string;
  createdAt: number;
  readyAt: number;
  crashLog?: string;
  deletingAt?: number;
}

export interface Operation {
  /** When the operation ends, on the emulator clock. */
  doneAt: number;
  /** The outcome then: undefined for success, else the error. */
  error?: () => { code: string; message: string } | undefined;
  onDone?: () => void;
}

export interface AcrImage {
  repository: string;
  tag: string;
  digest: string;
  createdAt: number;
  /** The image config's labels, from the Dockerfile's LABEL instructions with the build arguments applied. */
  labels: Record<string, string>;
}

export interface AcrRun {
  runId: string;
  image: string;
  startedAt: number;
  doneAt: number;
  failLog?: string;
  log: string;
}

/** Everything the emulated workspace and its registry hold. */
export class WorkspaceStore {
  readonly jobs = new Map<string, JobRecord>();
  readonly models = new Map<string, Map<string, ModelVersion>>();
  readonly dataAssets = new DataAssets();
  readonly environments = new Map<string, Map<string, EnvironmentVersion>>();
  readonly endpoints = new Map<string, EndpointRecord>();
  readonly deployments = new Map<string, DeploymentRecord>();
  readonly operations = new Map<string, Operation>();
  readonly images = new Map<string, AcrImage>();
  readonly acrRuns = new Map<string, AcrRun>();
  private readonly operationSpans: { start: number; end: number }[] = [];
  /** AML tokens issued for endpoints (token -> endpoint and expiry). */
  readonly endpointTokens = new Map<string, { endpoint: string; expiresAt: number }>();
  faults: Faults;

  constructor(
    readonly config: EmulatorConfig,
    readonly clock: EmulatorClock,
    faults: Faults,
  ) {
    this.faults = faults;
  }

  get workspaceId(): string {
    const { subscriptionId, resourceGroup, workspace } = this.config;
    return `/subscriptions/${subscriptionId}/resourceGroups/${resourceGroup}/providers/Microsoft.MachineLearningServices/workspaces/${workspace}`;
  }

  get registryId(): string {
    const { subscriptionId, resourceGroup, registry } = this.config;
    return `/subscriptions/${subscriptionId}/resourceGroups/${resourceGroup}/providers/Microsoft.ContainerRegistry/registries/${registry}`;
  }

  get loginServer(): string {
    return `${this.config.registry}.azurecr.io`;
  }

  deploymentKey(endpoint: string, deployment: string): string {
    return `${endpoint.toLowerCase()}/${deployment.toLowerCase()}`;
  }

  deploymentsOf(endpoint: string): DeploymentRecord[] {
    return [...this.deployments.values()].filter(
      (deployment) => deployment.endpoint.toLowerCase() === endpoint.toLowerCase(),
    );
  }

  startOperation(operation: Operation): string {
    const id = randomUUID();
    this.operations.set(id, operation);
    this.operationSpans.push({ start: this.clock.now(), end: operation.doneAt });
    return id;
  }

  /** When emulated Azure was busy (emulated ms): jobs, long-running operations and ACR builds. */
  busySpans(): { start: number; end: number }[] {
    const jobs = [...this.jobs.values()].map((job) => ({
      start: job.submittedAt,
      end: jobState(job, Number.MAX_SAFE_INTEGER).endedAt ?? job.submittedAt,
    }));
    const builds = [...this.acrRuns.values()].map((run) => ({ start: run.startedAt, end: run.doneAt }));
    return [...jobs, ...builds, ...this.operationSpans];
  }

  operationUrl(baseUrl: string, id: string): string {
    return `${baseUrl}/subscriptions/${this.config.subscriptionId}/providers/Microsoft.MachineLearningServices/locations/${this.config.location}/mfeOperationsStatus/${id}?api-version=2025-12-01`;
  }

  newKey(): string {
    return randomBytes(24).toString('base64url');
  }
}
