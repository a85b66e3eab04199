import { armError, type EmulatorRequest, type EmulatorResponse, type Router } from '../http.js';
import type { WorkspaceStore } from '../workspace-store.js';

/** The ARM path of the one emulated workspace; every Azure ML route hangs under it. */
export const WS =
  '/subscriptions/{sub}/resourceGroups/{rg}/providers/Microsoft.MachineLearningServices/workspaces/{ws}';

export type Handler = (request: EmulatorRequest) => EmulatorResponse;

/** What every Azure ML resource's routes share: the store, the emulator's address, the clock and ARM's headers. */
export class MlContext {
  constructor(
    readonly store: WorkspaceStore,
    readonly baseUrl: string,
  ) {}

  now(): number {
    return this.store.clock.now();
  }

  retryAfter(): string {
    return String(this.store.config.operationRetryAfterSeconds);
  }

  iso(ms: number | undefined): string | undefined {
    return ms === undefined ? undefined : new Date(ms).toISOString();
  }

  /** Headers of a PUT that started a long-running operation (followed through Azure-AsyncOperation). */
  lroHeaders(id: string): Record<string, string> {
    return {
      'azure-asyncoperation': this.store.operationUrl(this.baseUrl, id),
      'retry-after': this.retryAfter(),
    };
  }

  /** A 202 Accepted whose Location is the operation's result (a DELETE or a POST action). */
  accepted(id: string): EmulatorResponse {
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

  /** Adds a route under the workspace; an unknown subscription, group or workspace is answered first. */
  add(router: Router, method: string, path: string, handler: Handler): void {
    router.add(method, `${WS}${path}`, this.guarded(handler));
  }

  /** Wraps a handler so an unknown subscription, group or workspace is answered first. */
  guarded(handler: Handler): Handler {
    return (request) => this.knownWorkspace(request) ?? handler(request);
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
}

/**
 * One resource's routes under the workspace (each file of arm-ml/): its context, and the store it reads
 * and writes through that context.
 */
export abstract class MlResource {
  constructor(protected readonly context: MlContext) {}

  protected get store(): WorkspaceStore {
    return this.context.store;
  }

  abstract routes(router: Router): void;
}
