import type { Router } from '../http.js';
import { MlResource } from './context.js';

/** The workspace resource itself (Workspaces_Get). */
export class WorkspaceResource extends MlResource {
  routes(router: Router): void {
    this.context.add(router, 'GET', '', () => ({ status: 200, body: this.workspace() }));
  }

  workspace() {
    const { store, baseUrl } = this.context;
    const { workspace, location } = store.config;
    return {
      id: store.workspaceId,
      name: workspace,
      type: 'Microsoft.MachineLearningServices/workspaces',
      location,
      kind: 'Default',
      properties: {
        friendlyName: workspace,
        provisioningState: 'Succeeded',
        containerRegistry: store.registryId,
        discoveryUrl: `${baseUrl}/discovery`,
        mlFlowTrackingUri: `azureml://${location}.api.azureml.ms/mlflow/v1.0${store.workspaceId}`,
        workspaceId: 'c0ffee00-0000-4000-8000-00000000abcd',
      },
    };
  }
}
