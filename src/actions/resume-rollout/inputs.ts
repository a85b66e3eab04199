import type { AzureTarget } from '../../azure/target.js';
import { InputError } from '../../kit/errors.js';
import type { Inputs } from '../../kit/inputs.js';
import { readAzureTarget } from '../shared/azure-inputs.js';

const JOB_NAME = {
  pattern: /^[A-Za-z0-9][A-Za-z0-9_-]{0,254}$/,
  expected: 'a pipeline job name such as the job-name output of submit-pipeline',
  maxLength: 255,
};
const CLAIM = {
  pattern: /^https:\/\/[\w.:-]+\/[\w./-]+$/,
  expected: "the claim a resume run handed over (its run's address), or nothing",
  maxLength: 240,
};

export type ResumeRolloutInputs =
  | { mode: 'claim'; target: AzureTarget; jobName: string; handedOver?: string }
  | { mode: 'find-pending'; target: AzureTarget; githubToken: string; apiUrl: string };

export function readResumeRolloutInputs(inputs: Inputs, env: NodeJS.ProcessEnv): ResumeRolloutInputs {
  const target = readAzureTarget(inputs, env);
  const mode = inputs.choice('mode', ['claim', 'find-pending'] as const, 'claim');
  // Read in either mode, so a bad value fails whatever the mode; mode claim does not use it.
  const githubToken = inputs.text('github-token', { maxLength: 1024 });
  if (mode === 'claim')
    return {
      mode,
      target,
      jobName: inputs.name('job-name', JOB_NAME, { required: true }),
      handedOver: inputs.name('claim', CLAIM),
    };
  if (!githubToken)
    throw new InputError(
      'github-token',
      'is empty',
      'a token with actions: write on this repository, e.g. ${{ github.token }} with permissions: actions: write',
    );
  const apiUrl = env.GITHUB_API_URL || 'https://api.github.com';
  return { mode, target, githubToken, apiUrl };
}
