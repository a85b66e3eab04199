import { armError, type EmulatorResponse, type Router } from '../http.js';
import { MlResource } from './context.js';

const LOCATION_PATH = '/subscriptions/{sub}/providers/Microsoft.MachineLearningServices/locations/{location}';

/** Long-running operations: the status (Azure-AsyncOperation) and result (Location) URLs that PUTs and DELETEs hand out. */
export class OperationResources extends MlResource {
  routes(router: Router): void {
    router.add('GET', `${LOCATION_PATH}/mfeOperationsStatus/{id}`, (request) =>
      this.operationStatus(request.params.id!),
    );
    router.add('GET', `${LOCATION_PATH}/mfeOperationResults/{id}`, (request) =>
      this.operationResult(request.params.id!),
    );
  }

  /** Whether the operation is done at this emulated time; the first look after it is done runs its effect. */
  private finish(id: string): { done: boolean; error?: { code: string; message: string } } | undefined {
    const operation = this.context.store.operations.get(id);
    if (!operation) return undefined;
    if (this.context.now() < operation.doneAt) return { done: false };
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
        headers: { 'retry-after': this.context.retryAfter() },
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
        headers: {
          'retry-after': this.context.retryAfter(),
          location: `${this.context.baseUrl}${this.operationPath(id)}`,
        },
      };
    return state.error ? armError(400, state.error.code, state.error.message) : { status: 200 };
  }

  private operationPath(id: string): string {
    const { subscriptionId, location } = this.context.store.config;
    return `/subscriptions/${subscriptionId}/providers/Microsoft.MachineLearningServices/locations/${location}/mfeOperationResults/${id}?api-version=2025-12-01`;
  }
}
