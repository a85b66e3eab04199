import { afterAll, describe, expect, it } from '@jest/globals';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse } from 'yaml';
import { repoRoot } from '../support/action-manifests.js';
import { evaluate, toData, truthy } from '../workflow-runner/expressions.js';

// The workflow runner runs callers of the reusable workflow only, so live.yml's gating is checked here: each
// job's `if:` evaluated with GitHub's expression engine, and the skip step's script run as the runner would.
interface Job {
  if: string;
  needs?: string;
  steps?: { run?: string; env?: Record<string, string> }[];
}
const workflow = parse(readFileSync(join(repoRoot, '.github/workflows/live.yml'), 'utf8')) as {
  on: Record<string, unknown>;
  jobs: Record<string, Job>;
};
const REQUIRED = {
  LIVE_AZURE_CLIENT_ID: 'c',
  LIVE_AZURE_TENANT_ID: 't',
  LIVE_AZURE_SUBSCRIPTION_ID: 's',
  LIVE_AZUREML_RESOURCE_GROUP: 'rg',
  LIVE_AZUREML_WORKSPACE: 'ws',
};
const scratch = mkdtempSync(join(tmpdir(), 'live-yml-'));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

/** Which jobs GitHub would start with these repository variables. */
function started(vars: Record<string, string>): string[] {
  const status = { success: true, failure: false, cancelled: false };
  return Object.entries(workflow.jobs)
    .filter(([, job]) =>
      truthy(evaluate(job.if.replace(/^\$\{\{([\s\S]*)\}\}$/, '$1'), { vars: toData(vars) }, status)),
    )
    .map(([id]) => id);
}

/** The skip step's script, run by bash with its env: as the runner does, `${{ vars.X }}` becomes the value. */
function skipSummary(vars: Record<string, string>): string {
  const step = workflow.jobs['not-configured']!.steps![0]!;
  const env = Object.fromEntries(
    Object.entries(step.env!).map(([name, value]) => [name, vars[/vars\.(\w+)/.exec(value)![1]!] ?? '']),
  );
  const summary = join(scratch, `summary-${Object.keys(vars).length}`);
  const result = spawnSync('bash', ['-e', '-c', step.run!], {
    env: { PATH: process.env.PATH, GITHUB_STEP_SUMMARY: summary, ...env },
    encoding: 'utf8',
  });
  expect(result.status).toBe(0);
  return readFileSync(summary, 'utf8');
}

describe('live.yml, the canary against real Azure', () => {
  it('runs on a schedule and by hand', () => {
    expect(Object.keys(workflow.on).sort()).toEqual(['schedule', 'workflow_dispatch']);
  });

  it('without its variables starts only the job that says why, naming each missing variable', () => {
    expect(started({})).toEqual(['not-configured']);
    expect(skipSummary({})).toBe(
      'Live canary skipped: repository variables not set: LIVE_AZURE_CLIENT_ID LIVE_AZURE_TENANT_ID ' +
        'LIVE_AZURE_SUBSCRIPTION_ID LIVE_AZUREML_RESOURCE_GROUP LIVE_AZUREML_WORKSPACE (see docs/live-check.md).\n',
    );
    const partial = { ...REQUIRED, LIVE_AZUREML_WORKSPACE: '' };
    expect(started(partial)).toEqual(['not-configured']);
    expect(skipSummary(partial)).toContain('not set: LIVE_AZUREML_WORKSPACE (see');
  });

  it('with them starts the contract check and then the whole chain, and not the skip job', () => {
    expect(started(REQUIRED)).toEqual(['verify', 'chain']);
    expect(workflow.jobs.chain!.needs).toBe('verify');
  });
});
