import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fixtureWorkspace } from '../support/fixture-workspace.js';
import { startLoopbackServer, type LoopbackServer } from '../support/loopback-server.js';
import { runBundle, runBundles, type BundleRun } from '../support/run-bundle.js';
import { VALID } from '../support/valid-inputs.js';

/**
 * Every action, given no inputs or garbage, fails with one ::error:: line naming the input, before it
 * starts a process (the PATH's `az` is a tripwire) or opens a connection (every Azure and GitHub URL
 * points at a server that records what reaches it). The cases of one action share one Node process
 * (runBundles), each with its own environment and files, as starting Node per case was most of the time.
 */
let tripwire: LoopbackServer;
let workspace: string;
let outside: string;
beforeAll(async () => {
  tripwire = await startLoopbackServer((_req, res) => void res.end('{}'));
  workspace = fixtureWorkspace();
  outside = escapeTargets(workspace);
});
afterAll(async () => {
  await tripwire.close();
  rmSync(workspace, { recursive: true, force: true });
  rmSync(outside, { recursive: true, force: true });
});

/**
 * Valid files in a folder outside the checkout, and symlinks committed inside it that lead there (and one
 * to /etc), so that following a link would let the action go on to Azure with what it found.
 */
function escapeTargets(root: string): string {
  const dir = mkdtempSync(join(tmpdir(), 'outside-'));
  const copies: Record<string, string> = {
    'pipeline.yml': 'type: pipeline\njobs: {}\n',
    'context/Dockerfile': 'ARG BASE_IMAGE\nFROM ${BASE_IMAGE}\n',
    Dockerfile: 'FROM scratch\n',
    'endpoint.yml': 'name: next-item\nauth_mode: aml_token\n',
    'deployment.yml': 'name: green\n',
    'request.json': '{"inputs":[]}\n',
  };
  for (const [path, content] of Object.entries(copies)) {
    mkdirSync(join(dir, path, '..'), { recursive: true });
    writeFileSync(join(dir, path), content);
  }
  mkdirSync(join(root, 'links'));
  symlinkSync('/etc', join(root, 'links', 'etc'));
  for (const name of ['pipeline.yml', 'context', 'endpoint.yml', 'deployment.yml', 'request.json'])
    symlinkSync(join(dir, name), join(root, 'links', name));
  symlinkSync(join(dir, 'Dockerfile'), join(root, 'inference/triton/Outside.Dockerfile'));
  // Inside the checkout but outside the build context, which is all az acr build uploads.
  symlinkSync('../../pipeline/pipeline.yml', join(root, 'inference/triton/Workspace.Dockerfile'));
  return dir;
}

const networkEnv = () => ({
  AZURE_AUTHORITY_HOST: tripwire.url,
  AZURE_RESOURCE_MANAGER_URL: tripwire.url,
  ACTIONS_ID_TOKEN_REQUEST_URL: `${tripwire.url}/oidc`,
  ACTIONS_ID_TOKEN_REQUEST_TOKEN: 'request-token',
});

/** An input, a bad value, and (for the cases of issue 20) what the one error line must say. */
type BadCase = [input: string, value: string, says?: RegExp];
const TOO_LONG = /is 100\d{3} characters long \('a{24}/;
const LEADS_OUT = /which leads outside the checkout through a symlink/;

const COMMON_BAD: BadCase[] = [
  ['subscription-id', 'not-a-guid'],
  ['resource-group', 'rg;rm -rf /'],
  ['workspace', '$(curl evil)'],
  ['workspace', 'ws\nmalicious'],
  ['cloud', 'AzureMoon'],
  ['client-id', '`id`'],
  ['tenant-id', 'contoso.onmicrosoft.com'],
];

const HUGE = 'a'.repeat(100_000);
const HUGE_IMAGE = `acr01.azurecr.io/${'a'.repeat(100_000)}:tag`;
const MANY_PAIRS = Array.from({ length: 1000 }, (_, i) => `p${i}=1`).join(',');

const BAD: Record<string, BadCase[]> = {
  'plan-rollout': [
    ['rollout', 'all', /is 'all': expected one of promote, hold/],
    ['skip-training', 'sometimes'],
    ['model-version', '7 beta'],
    ['model-name', 'next item'],
    ['model-job', '../job'],
    ['model-job', HUGE, TOO_LONG],
    ['project-path', '/etc'],
    ['project-path', '../outside', /leaves the repository/],
    ['pipeline-file', '../../etc/passwd'],
    ['pipeline-file', 'pipeline/$(id).yml'],
    ['report-comment', 'always', /is 'always': expected one of auto, never/],
  ],
  'submit-pipeline': [
    ['resume-inputs', '{"endpoint":"next-item"}', /is set without resume-workflow/],
    ['resume-inputs', 'endpoint=next-item', /not JSON: expected a JSON object/],
    ['resume-inputs', '{"endpoint":{"nested":1}}', /a value that is not text, a number or a boolean/],
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
    ['champion-model', 'next-item-triton:3'],
    ['champion-model', 'azureml:next-item-triton@latest'],
    ['champion-endpoint', 'next item'],
    ['champion-model', HUGE, TOO_LONG],
    ['pipeline-file', HUGE, /is 100000 characters long .*at most 4095 characters/],
    ['pipeline-file', 'links/pipeline.yml', LEADS_OUT],
    ['pipeline-file', 'links/etc/passwd', LEADS_OUT],
    ['pipeline-file', `${'a'.repeat(300)}/pipeline.yml`, /at most 255 characters \(NAME_MAX\)/],
    ['hyperparameters', MANY_PAIRS, /has 1000 items: expected at most 64/],
    ['hyperparameters', 'd_model=64,d_model=128', /sets 'd_model' twice/],
    ['tags', HUGE, TOO_LONG],
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
    ['min-metrics', 'ndcg_at_20>=1e999', /not a finite number/],
    ['min-metrics', 'ndcg_at_20>=-1e999', /not a finite number/],
    ['min-metrics', 'ndcg_at_20>=1.5', /outside \[0, 1\]/],
    ['min-metrics', HUGE, TOO_LONG],
    ['job-name', HUGE, /at most 255 characters/],
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
    ['context', HUGE, TOO_LONG],
    ['dockerfile', HUGE, TOO_LONG],
    ['repository', HUGE, /at most 193 characters/],
    ['repository', 'a'.repeat(194), /at most 193 characters/],
    ['base-image', HUGE_IMAGE, /at most 456 characters/],
    [
      'base-image',
      `acr01.azurecr.io/${'a'.repeat(240)}:tag`,
      /at most 255 characters, the Docker reference limit/,
    ],
    ['context', 'links/context', LEADS_OUT],
    ['dockerfile', 'Outside.Dockerfile', /leads outside the build context/],
    ['dockerfile', 'Workspace.Dockerfile', /leads outside the build context/],
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
    ['endpoint-file', HUGE, TOO_LONG],
    ['deployment-file', HUGE, TOO_LONG],
    ['image', HUGE_IMAGE, /is 100021 characters long .*at most 456 characters/],
    ['image', HUGE, TOO_LONG],
    ['endpoint-file', 'links/endpoint.yml', LEADS_OUT],
    ['deployment-file', 'links/deployment.yml', LEADS_OUT],
    ['traffic', HUGE, TOO_LONG],
  ],
  'smoke-score': [
    ['endpoint', 'x'],
    ['requests', 'many'],
    ['concurrency', '0'],
    ['max-p95-ms', 'p95'],
    ['request-file', 'nope.json'],
    ['request-file', 'inference/triton/Dockerfile'],
    ['timeout', '1h;reboot'],
    ['request-file', HUGE, TOO_LONG],
    ['request-file', 'links/request.json', LEADS_OUT],
    ['model', HUGE, TOO_LONG],
  ],
  'run-report': [
    ['results', 'plan=exploded', /job=result lines/],
    ['results', 'plan=success\nplan=failure', /sets 'plan' twice/],
    ['results', HUGE, TOO_LONG],
    ['metrics', HUGE, TOO_LONG],
    ['endpoint', HUGE, TOO_LONG],
  ],
  'resume-rollout': [
    ['mode', 'resume'],
    ['job-name', 'job name with spaces'],
    ['job-name', HUGE, TOO_LONG],
    ['claim', 'http://not-https/run'],
    ['claim', HUGE, TOO_LONG],
  ],
};

/** A test title shows a long value by its start and length, as the action's own message does. */
function label(value: string): string {
  return value.length > 60
    ? `${JSON.stringify(value.slice(0, 24))}… (${value.length} characters)`
    : JSON.stringify(value);
}

describe.each(Object.keys(VALID))('%s', (action) => {
  const cases = [...COMMON_BAD, ...BAD[action]!].map(
    ([input, value, says]) => [input, label(value), value, says] as const,
  );
  // Every case of the action runs its real bundle entry, all in one process (runBundles): the no-inputs run
  // first, then each bad value. A stray connection from any of them reaches the tripwire before the batch ends.
  let runs: BundleRun[];
  let requestsDuringBatch: number;
  beforeAll(async () => {
    const before = tripwire.requests.length;
    runs = await runBundles([
      {
        action,
        workspace,
        env: networkEnv(),
        inputs: Object.fromEntries(Object.keys(VALID[action]!).map((name) => [name, ''])),
      },
      ...cases.map(([input, , value]) => ({
        action,
        workspace,
        inputs: { ...VALID[action], [input]: value },
        env: networkEnv(),
      })),
    ]);
    requestsDuringBatch = tripwire.requests.length - before;
  });

  it('with no inputs at all, names the first required input', () => {
    const run = runs[0]!;
    expect(run.exitCode).toBe(1);
    expect(run.errorLines).toHaveLength(1);
    expect(run.errorLines[0]).toMatch(
      /^::error::Input '(subscription-id|resource-group)' is required but empty: expected /,
    );
    expect(run.azCalls).toEqual([]);
  });

  it.each(cases.map((each, i) => [...each, i + 1] as const))(
    'rejects %s = %s with one error naming it, before any process or connection',
    (input, _label, _value, says, index) => {
      const run = runs[index]!;
      expect(run.exitCode).toBe(1);
      expect(run.errorLines).toHaveLength(1);
      expect(run.errorLines[0]).toContain(`Input '${input}'`);
      expect(run.errorLines[0]).toMatch(/expected .+/);
      // However long the value, the line repeats at most a short prefix of it.
      expect(run.errorLines[0]!.length).toBeLessThan(600);
      expect(run.errorLines[0]).not.toMatch(/a{49}/);
      if (says) expect(run.errorLines[0]).toMatch(says);
      expect(run.azCalls).toEqual([]);
      expect(requestsDuringBatch).toBe(0);
      // The plan states its cause as the error output too, for the run report to quote; nothing else is set.
      expect(run.outputs).toEqual(
        action === 'plan-rollout' ? { error: run.errorLines[0]!.replace('::error::', '') } : {},
      );
    },
  );
});

describe('the submit-pipeline post entry', () => {
  it('does nothing and succeeds when the main step saved no job', async () => {
    const run = await runBundle({ action: 'submit-pipeline', entry: 'post', workspace, env: networkEnv() });
    expect(run).toMatchObject({ exitCode: 0, stdout: '', azCalls: [] });
  });
});
