import { CLOUD_NAMES, type CloudName } from '../../azure/clouds.js';
import type { AzureTarget } from '../../azure/target.js';
import type { Inputs } from '../../kit/inputs.js';
import { NAME_RULES } from '../../kit/names.js';

/**
 * The inputs every action shares, named alike in all five. The ids fall back to the variables
 * `azure/login` users already have (AZURE_SUBSCRIPTION_ID, AZURE_CLIENT_ID, AZURE_TENANT_ID).
 */
export function readAzureTarget(inputs: Inputs, env: NodeJS.ProcessEnv): AzureTarget {
  const subscriptionId = inputs.name('subscription-id', NAME_RULES.guid, {
    required: true,
    fallback: env.AZURE_SUBSCRIPTION_ID,
  });
  const resourceGroup = inputs.name('resource-group', NAME_RULES.resourceGroup, { required: true });
  const workspace = inputs.name('workspace', NAME_RULES.workspace, { required: true });
  const cloud = inputs.choice<CloudName>('cloud', CLOUD_NAMES, 'AzureCloud');
  const clientId = inputs.name('client-id', NAME_RULES.guid, { fallback: env.AZURE_CLIENT_ID });
  const tenantId = inputs.name('tenant-id', NAME_RULES.guid, { fallback: env.AZURE_TENANT_ID });
  return { subscriptionId, resourceGroup, workspace, cloud, clientId, tenantId };
}
