import type { EmulatorConfig } from './config.js';
import { armError, type Router } from './http.js';
import type { WorkspaceStore } from './workspace-store.js';

/** The workspace's container registry as ARM serves it (Registries_Get); builds go through the `az acr` shim. */
export function registryRoutes(router: Router, config: EmulatorConfig, store: WorkspaceStore): void {
  router.add(
    'GET',
    '/subscriptions/{sub}/resourceGroups/{rg}/providers/Microsoft.ContainerRegistry/registries/{registry}',
    (request) =>
      request.params.registry!.toLowerCase() === config.registry
        ? {
            status: 200,
            body: {
              id: store.registryId,
              name: config.registry,
              location: config.location,
              sku: { name: 'Standard', tier: 'Standard' },
              properties: { loginServer: store.loginServer, provisioningState: 'Succeeded' },
            },
          }
        : armError(
            404,
            'ResourceNotFound',
            `The Resource 'Microsoft.ContainerRegistry/registries/${request.params.registry}' was not found.`,
          ),
  );
}
