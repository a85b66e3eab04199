import type { ArmClient } from '../arm-client.js';
import { workspacePath, type AzureTarget } from '../target.js';

export interface WorkspaceInfo {
  id: string;
  location: string;
  /** Full ARM id of the workspace's container registry. */
  containerRegistry?: string;
  discoveryUrl?: string;
}

export async function getWorkspace(
  arm: ArmClient,
  target: AzureTarget,
  signal?: AbortSignal,
): Promise<WorkspaceInfo> {
  const body = await arm.get<{
    id: string;
    location: string;
    properties: { containerRegistry?: string; discoveryUrl?: string };
  }>(workspacePath(target), { signal });
  return {
    id: body.id,
    location: body.location,
    containerRegistry: body.properties.containerRegistry,
    discoveryUrl: body.properties.discoveryUrl,
  };
}

/**
 * The workspace's regional data-plane host (run history), from its discovery document. Pipeline
 * steps are child runs that only the run-history API lists.
 */
export async function dataPlaneHost(
  workspace: WorkspaceInfo,
  clientFor: (baseUrl: string) => ArmClient,
  signal?: AbortSignal,
): Promise<string> {
  if (!workspace.discoveryUrl) throw new Error(`Workspace ${workspace.id} has no discoveryUrl.`);
  const discovery = await clientFor(new URL(workspace.discoveryUrl).origin).get<{
    history?: string;
    api?: string;
  }>(workspace.discoveryUrl, { signal });
  const host = discovery.history ?? discovery.api;
  if (!host)
    throw new Error(`The discovery document of workspace ${workspace.id} names no run-history host.`);
  return host.replace(/\/+$/, '');
}
