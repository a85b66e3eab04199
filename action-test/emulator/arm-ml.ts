import type { Router } from './http.js';
import { dataAssetRoutes } from './data-assets.js';
import type { JobRecord, StepState } from './jobs.js';
import type { DeploymentRecord, WorkspaceStore } from './workspace-store.js';
import { MlContext, WS } from './arm-ml/context.js';
import { DeploymentResources } from './arm-ml/deployments.js';
import { EndpointResources } from './arm-ml/endpoints.js';
import { EnvironmentResources } from './arm-ml/environments.js';
import { JobResources } from './arm-ml/jobs.js';
import { ModelResources } from './arm-ml/models.js';
import { OperationResources } from './arm-ml/operations.js';
import { WorkspaceResource } from './arm-ml/workspace.js';

/**
 * Azure ML's control plane as ARM serves it, for the one emulated workspace. Each resource's routes live in
 * `arm-ml/<resource>.ts`; this class wires them to the router and lends the resource bodies to the `az` shim,
 * the data plane and the scoring server.
 */
export class AzureMlApi {
  private readonly context: MlContext;
  private readonly workspaceResource: WorkspaceResource;
  private readonly jobs: JobResources;
  private readonly models: ModelResources;
  private readonly environments: EnvironmentResources;
  private readonly endpoints: EndpointResources;
  private readonly deployments: DeploymentResources;
  private readonly operations: OperationResources;

  constructor(store: WorkspaceStore, baseUrl: string) {
    this.context = new MlContext(store, baseUrl);
    this.workspaceResource = new WorkspaceResource(this.context);
    this.jobs = new JobResources(this.context);
    this.models = new ModelResources(this.context, this.jobs);
    this.environments = new EnvironmentResources(this.context);
    this.endpoints = new EndpointResources(this.context);
    this.deployments = new DeploymentResources(this.context);
    this.operations = new OperationResources(this.context);
  }

  routes(router: Router): void {
    const { store } = this.context;
    this.workspaceResource.routes(router);
    this.jobs.routes(router);
    this.models.routes(router);
    dataAssetRoutes(router, WS, (handler) => this.context.guarded(handler), {
      assets: store.dataAssets,
      workspaceId: store.workspaceId,
      now: () => this.context.now(),
    });
    this.environments.routes(router);
    this.endpoints.routes(router);
    this.deployments.routes(router);
    this.operations.routes(router);
  }

  job(record: JobRecord) {
    return this.jobs.job(record);
  }

  childJob(record: JobRecord, step: StepState) {
    return this.jobs.childJob(record, step);
  }

  /** A job or one of its child steps by name. */
  findJob(name: string): { record: JobRecord; step?: StepState } | undefined {
    return this.jobs.findJob(name);
  }

  deploymentProvisioning(record: DeploymentRecord): string {
    return this.deployments.deploymentProvisioning(record);
  }
}
