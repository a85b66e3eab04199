import type { AzureMlApi } from './arm-ml.js';
import { armError, type EmulatorRequest, type EmulatorResponse, type Router } from './http.js';
import { jobState, nodeId } from './jobs.js';
import type { WorkspaceStore } from './workspace-store.js';

const WS =
  '/subscriptions/{sub}/resourceGroups/{rg}/providers/Microsoft.MachineLearningServices/workspaces/{ws}';

/**
 * The workspace's regional data plane, as `discoveryUrl` names it: run history (the child runs of a
 * pipeline, which ARM does not list). Run history has no published OpenAPI: the shapes follow azure-ai-ml's
 * generated run-history client (`_restclient/runhistory`) and are unverified against the live service.
 */
export class DataPlane {
  constructor(
    private readonly store: WorkspaceStore,
    private readonly ml: AzureMlApi,
    private readonly baseUrl: string,
  ) {}

  routes(router: Router): void {
    router.add('GET', '/discovery', () => ({
      status: 200,
      body: {
        api: this.baseUrl,
        history: this.baseUrl,
        experimentation: this.baseUrl,
        modelmanagement: this.baseUrl,
        pipelines: this.baseUrl,
        studiometadata: this.baseUrl,
        catalog: this.baseUrl,
      },
    }));
    router.add('GET', `/history/v1.0${WS}/runs/{run}/children`, (request) => this.children(request));
  }

  private iso(ms?: number): string | null {
    return ms === undefined ? null : new Date(ms).toISOString();
  }

  private children(request: EmulatorRequest): EmulatorResponse {
    const parent = this.store.jobs.get(request.params.run!);
    if (!parent) return armError(404, 'UserError', `Run ${request.params.run} was not found.`);
    const state = jobState(parent, this.store.clock.now());
    return {
      status: 200,
      body: {
        value: state.steps.map((step) => ({
          runId: step.spec.childName,
          parentRunId: parent.name,
          rootRunId: parent.name,
          displayName: step.spec.name,
          status: step.status,
          runType: 'azureml.StepRun',
          startTimeUtc: this.iso(step.startedAt),
          endTimeUtc: this.iso(step.endedAt),
          // A graph node id (8 hex digits in recorded service answers), not the YAML key.
          properties: { 'azureml.nodeid': nodeId(step.spec), 'azureml.pipelinerunid': parent.name },
          error: step.error
            ? { error: { code: 'UserError', message: step.error }, time: this.iso(step.endedAt) }
            : null,
        })),
        continuationToken: null,
        nextLink: null,
      },
    };
  }
}
