/** Azure's naming rules for the resources the actions take by name, with the wording a user can act on. */
export interface NameRule {
  readonly pattern: RegExp;
  readonly expected: string;
}

export const NAME_RULES = {
  resourceGroup: {
    pattern: /^[-\w.()]{0,89}[-\w()]$/,
    expected: '1-90 letters, digits, underscores, hyphens, periods or parentheses, not ending with a period',
  },
  workspace: {
    pattern: /^[A-Za-z0-9][A-Za-z0-9_-]{2,32}$/,
    expected: '3-33 letters, digits, hyphens or underscores, starting with a letter or digit',
  },
  endpoint: {
    pattern: /^[A-Za-z](?:[A-Za-z0-9-]{1,30})[A-Za-z0-9]$/,
    expected: '3-32 letters, digits or hyphens, starting with a letter and ending with a letter or digit',
  },
  deployment: {
    pattern: /^[A-Za-z](?:[A-Za-z0-9-]{1,30})[A-Za-z0-9]$/,
    expected: '3-32 letters, digits or hyphens, starting with a letter and ending with a letter or digit',
  },
  asset: {
    pattern: /^[A-Za-z0-9][A-Za-z0-9_.-]{0,254}$/,
    expected: 'up to 255 letters, digits, hyphens, underscores or periods, starting with a letter or digit',
  },
  assetVersion: {
    pattern: /^[A-Za-z0-9][A-Za-z0-9_.-]{0,49}$/,
    expected: 'a version such as 7 (letters, digits, hyphens, underscores or periods)',
  },
  job: {
    pattern: /^[A-Za-z0-9][A-Za-z0-9_-]{0,254}$/,
    expected: 'a job name of letters, digits, hyphens or underscores (as az ml job list prints it)',
  },
  experiment: {
    pattern: /^[A-Za-z0-9][A-Za-z0-9_.-]{0,254}$/,
    expected: 'up to 255 letters, digits, hyphens, underscores or periods, starting with a letter or digit',
  },
  compute: {
    pattern: /^(?:azureml:)?[A-Za-z][A-Za-z0-9-]{1,15}$/,
    expected:
      'a compute name of 2-16 letters, digits or hyphens starting with a letter (optionally azureml:NAME)',
  },
  acr: {
    pattern: /^[A-Za-z0-9]{5,50}$/,
    expected: '5-50 letters or digits (the registry name, not its login server)',
  },
  imageRepository: {
    pattern: /^[a-z0-9]+(?:[._-][a-z0-9]+)*(?:\/[a-z0-9]+(?:[._-][a-z0-9]+)*)*$/,
    expected: 'a lower-case repository path such as merlin/next-item-triton',
  },
  imageTag: {
    pattern: /^[A-Za-z0-9_][A-Za-z0-9_.-]{0,127}$/,
    expected: 'up to 128 letters, digits, underscores, periods or hyphens (no colon, no spaces)',
  },
  guid: {
    pattern: /^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$/,
    expected: 'a GUID such as 00000000-0000-0000-0000-000000000000',
  },
} as const satisfies Record<string, NameRule>;
