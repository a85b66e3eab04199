import type { RegisterModelInputs } from '../../src/actions/register-model/inputs.js';
import type { GithubRun } from '../../src/kit/github-run.js';

/** The GitHub run the planners' unit tests stamp on what they plan: a push to main of o/r, first attempt. */
export const RUN: GithubRun = {
  repository: 'o/r',
  sha: 'abc',
  ref: 'refs/heads/main',
  runId: '1',
  attempt: '1',
  runUrl: 'https://github.com/o/r/actions/runs/1',
  workflow: 'o/r/.github/workflows/retrain.yml@refs/heads/main',
  sourceUrl: 'https://github.com/o/r',
};

/** register-model's inputs for job j1 with no gates, changed by `extra`. */
export const registerInputs = (extra: Partial<RegisterModelInputs> = {}): RegisterModelInputs => ({
  target: { subscriptionId: 'sub', resourceGroup: 'rg', workspace: 'ws', cloud: 'AzureCloud' },
  jobName: 'j1',
  outputName: 'model',
  modelName: 'next-item-triton',
  minMetrics: [],
  beatBaseline: [],
  beatChampion: { metrics: [], tolerance: 0 },
  validate: true,
  ...extra,
});
