/**
 * Azure's naming rules for the resources the actions take by name, with the wording a user can act on.
 * `maxLength` is checked before the pattern, so a 100 kB value is refused by its length, not matched.
 */
export interface NameRule {
  readonly pattern: RegExp;
  readonly expected: string;
  /** The longest value the rule can accept; the comment beside each says where the limit comes from. */
  readonly maxLength: number;
}

// Azure limits: "Naming rules and restrictions for Azure resources" (learn.microsoft.com/azure/azure-resource-manager/
// management/resource-name-rules), Microsoft.Resources and Microsoft.MachineLearningServices sections, and the
// Azure ML v2 asset and endpoint docs. Image limits: the Docker reference grammar (distribution/reference,
// NameTotalLengthMax = 255) and the OCI distribution spec (a tag is at most 128 characters).
export const NAME_RULES = {
  resourceGroup: {
    pattern: /^[-\w.()]{0,89}[-\w()]$/,
    expected: '1-90 letters, digits, underscores, hyphens, periods or parentheses, not ending with a period',
    maxLength: 90, // Microsoft.Resources/resourcegroups: 1-90
  },
  workspace: {
    pattern: /^[A-Za-z0-9][A-Za-z0-9_-]{2,32}$/,
    expected: '3-33 letters, digits, hyphens or underscores, starting with a letter or digit',
    maxLength: 33, // Microsoft.MachineLearningServices/workspaces: 3-33
  },
  endpoint: {
    pattern: /^[A-Za-z](?:[A-Za-z0-9-]{1,30})[A-Za-z0-9]$/,
    expected: '3-32 letters, digits or hyphens, starting with a letter and ending with a letter or digit',
    maxLength: 32, // Azure ML managed online endpoint names: 3-32
  },
  deployment: {
    pattern: /^[A-Za-z](?:[A-Za-z0-9-]{1,30})[A-Za-z0-9]$/,
    expected: '3-32 letters, digits or hyphens, starting with a letter and ending with a letter or digit',
    maxLength: 32, // Azure ML online deployment names: 3-32
  },
  asset: {
    pattern: /^[A-Za-z0-9][A-Za-z0-9_.-]{0,254}$/,
    expected: 'up to 255 letters, digits, hyphens, underscores or periods, starting with a letter or digit',
    maxLength: 255, // Azure ML asset (model, environment) names: up to 255
  },
  assetVersion: {
    pattern: /^[A-Za-z0-9][A-Za-z0-9_.-]{0,49}$/,
    expected: 'a version such as 7 (letters, digits, hyphens, underscores or periods)',
    maxLength: 50, // kept to what a version label needs; Azure ML asks for a short version string
  },
  job: {
    pattern: /^[A-Za-z0-9][A-Za-z0-9_-]{0,254}$/,
    expected: 'a job name of letters, digits, hyphens or underscores (as az ml job list prints it)',
    maxLength: 255, // Azure ML job names: up to 255
  },
  experiment: {
    pattern: /^[A-Za-z0-9][A-Za-z0-9_.-]{0,254}$/,
    expected: 'up to 255 letters, digits, hyphens, underscores or periods, starting with a letter or digit',
    maxLength: 255, // Azure ML experiment names: up to 255
  },
  compute: {
    pattern: /^(?:azureml:)?[A-Za-z][A-Za-z0-9-]{1,15}$/,
    expected:
      'a compute name of 2-16 letters, digits or hyphens starting with a letter (optionally azureml:NAME)',
    maxLength: 'azureml:'.length + 16, // Microsoft.MachineLearningServices/workspaces/computes: 2-16
  },
  acr: {
    pattern: /^[A-Za-z0-9]{5,50}$/,
    expected: '5-50 letters or digits (the registry name, not its login server)',
    maxLength: 50, // Microsoft.ContainerRegistry/registries: 5-50
  },
  imageRepository: {
    pattern: /^[a-z0-9]+(?:[._-][a-z0-9]+)*(?:\/[a-z0-9]+(?:[._-][a-z0-9]+)*)*$/,
    expected: 'a lower-case repository path such as merlin/next-item-triton',
    // The reference grammar caps login server + '/' + repository at 255; an ACR login server is at most
    // 50 + '.azurecr.io' (or .azurecr.us/.cn) = 61 characters, and the slash makes 62.
    maxLength: 255 - 62,
  },
  imageTag: {
    pattern: /^[A-Za-z0-9_][A-Za-z0-9_.-]{0,127}$/,
    expected: 'up to 128 letters, digits, underscores, periods or hyphens (no colon, no spaces)',
    maxLength: 128, // OCI distribution spec: a tag is at most 128 characters
  },
  guid: {
    pattern: /^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$/,
    expected: 'a GUID such as 00000000-0000-0000-0000-000000000000',
    maxLength: 36, // 32 hex digits and 4 hyphens
  },
} as const satisfies Record<string, NameRule>;
