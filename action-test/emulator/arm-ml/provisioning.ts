import type { DeploymentRecord, EndpointRecord } from '../workspace-store.js';

/** An endpoint's provisioningState at emulated time `now`. */
export function endpointProvisioning(record: EndpointRecord, now: number): string {
  if (record.deletingAt !== undefined) return 'Deleting';
  if (now >= record.readyAt) return 'Succeeded';
  return record.updating ? 'Updating' : 'Creating';
}

/** A deployment's provisioningState at emulated time `now`. */
export function deploymentProvisioning(record: DeploymentRecord, now: number): string {
  if (record.deletingAt !== undefined) return 'Deleting';
  if (now < record.readyAt) return 'Creating';
  return record.crashLog ? 'Failed' : 'Succeeded';
}
