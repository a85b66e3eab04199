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

/** The `az ml` flags that name the workspace: every `az ml` call passes all three, never the CLI's defaults. */
export function mlWorkspaceArgs(target: AzureTarget): string[] {
  return [
    '--resource-group',
    target.resourceGroup,
    '--workspace-name',
    target.workspace,
    '--subscription',
    target.subscriptionId,
  ];
}
