import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { rmSync } from 'node:fs';
import { fixtureWorkspace } from '../support/fixture-workspace.js';
import { startLoopbackServer, type LoopbackServer } from '../support/loopback-server.js';
import { runBundle } from '../support/run-bundle.js';
import { VALID } from '../support/valid-inputs.js';

/**
 * Every action, given no inputs or garbage, fails with one ::error:: line naming the input, before it
 * starts a process (the PATH's `az` is a tripwire) or opens a connection (every Azure and GitHub URL
 * points at a server that records what reaches it).
 */
let tripwire: LoopbackServer;
let workspace: string;
beforeAll(async () => {
  tripwire = await startLoopbackServer((_req, res) => void res.end('{}'));
  workspace = fixtureWorkspace();
});
afterAll(async () => {
  await tripwire.close();
  rmSync(workspace, { recursive: true, force: true });
});

const networkEnv = () => ({
  AZURE_AUTHORITY_HOST: tripwire.url,
  AZURE_RESOURCE_MANAGER_URL: tripwire.url,
  ACTIONS_ID_TOKEN_REQUEST_URL: `${tripwire.url}/oidc`,
  ACTIONS_ID_TOKEN_REQUEST_TOKEN: 'request-token',
});

const COMMON_BAD: Array<[string, string]> = [
  ['subscription-id', 'not-a-guid'],
  ['resource-group', 'rg;rm -rf /'],
  ['workspace', '$(curl evil)'],
  ['workspace', 'ws\nmalicious'],
  ['cloud', 'AzureMoon'],
  ['client-id', '`id`'],
  ['tenant-id', 'contoso.onmicrosoft.com'],
];

const BAD: Record<string, Array<[string, string]>> = {
  'submit-pipeline': [
    ['pipeline-file', 'missing/pipeline.yml'],
    ['pipeline-file', '../../etc/passwd'],
    ['pipeline-file', 'inference/triton'],
    ['pipeline-file', 'pipeline/broken.yml'],
    ['pipeline-file', 'pipeline/command-job.yml'],
    ['timeout', '0m'],
    ['timeout', '-1h'],
    ['timeout', 'abc'],
    ['compute', 'gpu cluster'],
    ['experiment-name', 'exp|tee'],
    ['start-date', '2024-02-30'],
    ['hyperparameters', 'd_model=$(id)'],
    ['set', 'jobs.train.compute=a;b'],
    ['wait', 'sometimes'],
    ['display-name', 'two\nlines'],
    ['data', 'clicks:3'],
    ['data', 'azureml:clicks@newest'],
    ['data', 'azureml:clicks:3'], // the default pipeline.yml has no interactions input to take it
  ],
  'register-model': [
    ['job-name', 'job name with spaces'],
    ['job-name', '../job'],
    ['min-metrics', 'ndcg>=x'],
    ['min-metrics', 'ndcg_at_20 => 0.1'],
    ['beat-baseline', 'ndcg;rm'],
    ['beat-champion', 'ndcg at 20'],
    ['champion-tolerance', '-0.1'],
    ['champion-tolerance', '2'],
    ['model-name', '-leading-hyphen'],
    ['model-version', 'latest'],
    ['output-name', 'model-out'],
  ],
  'build-triton': [
    ['registry', 'my-registry'],
    ['registry', 'abc'],
    ['repository', 'Upper/Case'],
    ['tag', 'v1:latest'],
    ['tag', 'with space'],
    ['base-image', 'nvcr.io/nvidia/merlin;rm'],
    ['context', '../outside'],
    ['dockerfile', 'Missing.Dockerfile'],
    ['timeout', '10s'],
    ['build-args', 'A=$(id)'],
  ],
  'deploy-endpoint': [
    ['endpoint', 'ab'],
    ['endpoint', 'a'.repeat(33)],
    ['endpoint', '1endpoint'],
    ['mode', 'yolo'],
    ['traffic', 'blue=90,green=20'],
    ['traffic', '101'],
    ['mirror-traffic', '60'],
    ['model-id', 'next-item-triton'],
    ['image', 'UPPER/case:tag'],
    ['instance-count', '0'],
    ['auth-mode', 'password'],
    ['deployment-file', 'missing.yml'],
  ],
  'smoke-score': [
    ['endpoint', 'x'],
    ['requests', 'many'],
    ['concurrency', '0'],
    ['max-p95-ms', 'p95'],
    ['request-file', 'nope.json'],
    ['request-file', 'inference/triton/Dockerfile'],
    ['timeout', '1h;reboot'],
  ],
};

describe.each(Object.keys(VALID))('%s', (action) => {
  it('with no inputs at all, names the first required input', async () => {
    const run = await runBundle({
      action,
      workspace,
      inputs: Object.fromEntries(Object.keys(VALID[action]!).map((name) => [name, ''])),
      env: networkEnv(),
    });
    expect(run.exitCode).toBe(1);
    expect(run.errorLines).toHaveLength(1);
    expect(run.errorLines[0]).toMatch(
      /^::error::Input '(subscription-id|resource-group)' is required but empty: expected /,
    );
    expect(run.azCalls).toEqual([]);
  });

  it.each([...COMMON_BAD, ...BAD[action]!])(
    'rejects %s = %j with one error naming it, before any process or connection',
    async (input, value) => {
      const before = tripwire.requests.length;
      const run = await runBundle({
        action,
        workspace,
        inputs: { ...VALID[action], [input]: value },
        env: networkEnv(),
      });
      expect(run.exitCode).toBe(1);
      expect(run.errorLines).toHaveLength(1);
      expect(run.errorLines[0]).toContain(`Input '${input}'`);
      expect(run.errorLines[0]).toMatch(/expected .+/);
      expect(run.azCalls).toEqual([]);
      expect(tripwire.requests.length).toBe(before);
      expect(run.outputs).toEqual({});
    },
  );
});

describe('the submit-pipeline post entry', () => {
  it('does nothing and succeeds when the main step saved no job', async () => {
    const run = await runBundle({ action: 'submit-pipeline', entry: 'post', workspace, env: networkEnv() });
    expect(run).toMatchObject({ exitCode: 0, stdout: '', azCalls: [] });
  });
});
