/** The Azure clouds the actions know, and the three hosts each one differs by. */
export const CLOUD_NAMES = ['AzureCloud', 'AzureUSGovernment', 'AzureChinaCloud'] as const;
export type CloudName = (typeof CLOUD_NAMES)[number];

export interface CloudEndpoints {
  readonly name: CloudName;
  /** Entra ID authority, e.g. https://login.microsoftonline.com */
  readonly authorityHost: string;
  /** Azure Resource Manager, e.g. https://management.azure.com */
  readonly resourceManager: string;
  /** Azure ML Studio, e.g. https://ml.azure.com */
  readonly studio: string;
  /** True when the authority is one MSAL knows, so instance discovery can run. */
  readonly knownAuthority: boolean;
}

const PUBLIC_CLOUDS: Record<CloudName, Omit<CloudEndpoints, 'name' | 'knownAuthority'>> = {
  AzureCloud: {
    authorityHost: 'https://login.microsoftonline.com',
    resourceManager: 'https://management.azure.com',
    studio: 'https://ml.azure.com',
  },
  AzureUSGovernment: {
    authorityHost: 'https://login.microsoftonline.us',
    resourceManager: 'https://management.usgovcloudapi.net',
    studio: 'https://ml.azure.us',
  },
  AzureChinaCloud: {
    authorityHost: 'https://login.chinacloudapi.cn',
    resourceManager: 'https://management.chinacloudapi.cn',
    studio: 'https://studio.ml.azure.cn',
  },
};

/**
 * The endpoints of a cloud. Each host can be overridden through the environment (for Azure Stack, a
 * private cloud or a test double): AZURE_AUTHORITY_HOST, AZURE_RESOURCE_MANAGER_URL, AZURE_ML_STUDIO_URL.
 */
export function cloudEndpoints(name: CloudName, env: NodeJS.ProcessEnv = process.env): CloudEndpoints {
  const base = PUBLIC_CLOUDS[name];
  const trim = (url: string) => url.replace(/\/+$/, '');
  const authorityHost = trim(env.AZURE_AUTHORITY_HOST || base.authorityHost);
  return {
    name,
    authorityHost,
    resourceManager: trim(env.AZURE_RESOURCE_MANAGER_URL || base.resourceManager),
    studio: trim(env.AZURE_ML_STUDIO_URL || base.studio),
    knownAuthority: Object.values(PUBLIC_CLOUDS).some((cloud) => cloud.authorityHost === authorityHost),
  };
}

/**
 * The audience a GitHub ID token must carry for Entra's token exchange in each cloud (Azure/login#452 for US
 * Government), and the AAD scope of an `aad_token` endpoint's scoring URI.
 */
const TOKEN_AUDIENCES: Record<CloudName, { federated: string; scoring: string }> = {
  AzureCloud: { federated: 'api://AzureADTokenExchange', scoring: 'https://ml.azure.com/.default' },
  AzureUSGovernment: {
    federated: 'api://AzureADTokenExchangeUSGov',
    scoring: 'https://ml.azure.us/.default',
  },
  AzureChinaCloud: {
    federated: 'api://AzureADTokenExchangeChina',
    scoring: 'https://ml.azure.cn/.default',
  },
};

export function federatedAudience(cloud: CloudName): string {
  return TOKEN_AUDIENCES[cloud].federated;
}

export function scoringScope(cloud: CloudName): string {
  return TOKEN_AUDIENCES[cloud].scoring;
}

export function armScope(cloud: CloudEndpoints): string {
  return `${cloud.resourceManager}/.default`;
}
