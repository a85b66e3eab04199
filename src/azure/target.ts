import type { CloudName } from './clouds.js';

/** Which workspace the actions work on, and who they are there. */
export interface AzureTarget {
  subscriptionId: string;
  resourceGroup: string;
  workspace: string;
  cloud: CloudName;
  clientId?: string;
  tenantId?: string;
}

export function workspacePath(target: AzureTarget): string {
  const part = encodeURIComponent;
  return (
    `/subscriptions/${part(target.subscriptionId)}/resourceGroups/${part(target.resourceGroup)}` +
    `/providers/Microsoft.MachineLearningServices/workspaces/${part(target.workspace)}`
  );
}
