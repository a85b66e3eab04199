import { afterEach, describe, expect, it, jest } from '@jest/globals';
import { startGithubApi, type GithubApi } from '../github-api/server.js';
import { results, retrain, start, withEdit } from '../support/workflow-scenarios.js';
import { identities, pushWorld, REPOSITORY, type WorldChanges } from '../support/workflow-world.js';
import { runWorkflow } from '../workflow-runner/runner.js';

// Each run is the whole chain, jobs as separate processes.
jest.setTimeout(240_000);

let github: GithubApi | undefined;
afterEach(async () => {
  await github?.close();
  github = undefined;
});

const PR = 7;
const MARKER = `<!-- next-item-actions:run-report:${REPOSITORY}/.github/workflows/retrain.yml:next-item -->`;

/** A pull_request run of retrain.yml against the GitHub REST stand-in, its caller's permissions as given. */
function pullRequestRun(api: GithubApi, changes: WorldChanges = {}): WorldChanges {
  return {
    ...changes,
    githubApi: api,
    event: {
      ...changes.event,
      name: 'pull_request',
      ref: `refs/pull/${PR}/merge`,
      pullRequest: { number: PR },
    },
  };
}

/** The set-up's identities, with the training one also trusting this repository's pull requests. */
const trustingPullRequests = () =>
  identities().map((identity) =>
    identity.name === 'next-item-train'
      ? { ...identity, subjects: [...identity.subjects, `repo:${REPOSITORY}:pull_request`] }
      : identity,
  );

describe('the run report on the pull request', () => {
  it('is created on the first run and updated in place, not stacked, on a re-run', async () => {
    // At 20,000x a few seconds' stall of a loaded machine outlives any real token (issue 15 owns renewal);
    // the comment, not token lifetimes, is under test here.
    const week = 7 * 24 * 3_600_000;
    const r = await start(trustingPullRequests(), { oidcTokenLifetimeMs: week, accessTokenLifetimeMs: week });
    github = await startGithubApi();
    const first = await retrain(r, pullRequestRun(github));
    if (first.result !== 'success') console.log(first.log.join('\n'));
    expect(first.result).toBe('success');
    const comments = () => github!.state.comments.get(`${REPOSITORY}#${PR}`) ?? [];
    expect(comments()).toHaveLength(1);
    const created = comments()[0]!;
    const verdict = first.jobs.report!.summaries.join('').split('\n')[0]!;
    expect(verdict).toMatch(/^✅ Promoted azureml:next-item-triton:1 /);
    // The comment: marker, the verdict first, the metrics table with deltas, the charts, the Studio links.
    expect(created.body.split('\n').slice(0, 2)).toEqual([MARKER, verdict]);
    expect(created.body).toMatch(/\| ndcg_at_20 \| [\d.]+ \| [\d.]+ \([+-][\d.]+, -?\d+%\) \|/);
    expect(created.body).toContain('```mermaid\nxychart-beta\n  title "ndcg_at_20"');
    expect(created.body).toContain(`&tid=${r.config.tenantId}`);
    expect(first.jobs.report!.outputs).toEqual({});
    expect(first.jobs.report!.summaries.join('')).toContain(
      `> Report created on [#${PR}](${created.html_url}).`,
    );

    const rerun = await retrain(r, pullRequestRun(github, { runId: '9002' }));
    expect(rerun.result).toBe('success');
    expect(comments()).toHaveLength(1);
    expect(comments()[0]!.id).toBe(created.id);
    expect(comments()[0]!.body.split('\n')[1]).toMatch(/^➖ Nothing changed: /);
    expect(comments()[0]!.body).toContain('actions/runs/9002');
    const writes = github.requests.filter((request) => request.method !== 'GET');
    expect(writes.map((request) => request.method)).toEqual(['POST', 'PATCH']);
    expect(rerun.jobs.report!.summaries.join('')).toContain(`> Report updated on [#${PR}]`);
  });

  it('without pull-requests: write the report is skipped with a note, and the report job stays green', async () => {
    const r = await start();
    github = await startGithubApi();
    // The caller grants only what the README's example grants.
    const readOnly = withEdit('.github/workflows/retrain.yml', '  pull-requests: write\n', '');
    const run = await retrain(r, pullRequestRun(github, readOnly));
    // The set-up trusts no pull request for training, so the run fails there; the report still runs.
    expect(results(run)).toMatchObject({ train: 'failure', report: 'success' });
    expect(github.state.comments.size).toBe(0);
    // One GITHUB_TOKEN per job that ran, each for that job's permissions; none for the run as a whole.
    const ran = Object.values(run.jobs).filter((job) => job.result !== 'skipped');
    expect(github.state.tokens.size).toBe(ran.length);
    const summary = run.jobs.report!.summaries.join('');
    expect(summary.split('\n')[0]).toMatch(/^❌ Nothing changed: /);
    expect(summary).toContain(
      `> Not posted on #${PR}: GitHub answered 403 (Resource not accessible by integration).`,
    );
    expect(summary).toContain('grant `pull-requests: write` in the calling workflow');
  });

  it('report-comment: never keeps the report to the summary, with the permission granted', async () => {
    const r = await start();
    github = await startGithubApi();
    // retrain.yml grants pull-requests: write; the set-up trusts no pull request for training, so train fails
    // at its login and the report, which would post that failure with report-comment: auto, runs at once.
    const never = withEdit(
      '.github/workflows/retrain.yml',
      '      project-path: .\n',
      '      project-path: .\n      report-comment: never\n',
    );
    const run = await retrain(r, pullRequestRun(github, never));
    expect(results(run)).toMatchObject({ plan: 'success', train: 'failure', report: 'success' });
    expect(github.state.comments.size).toBe(0);
    expect(github.requests).toEqual([]);
    const summary = run.jobs.report!.summaries.join('');
    expect(summary.split('\n')[0]).toMatch(/^❌ Nothing changed: /);
    expect(summary).not.toContain('> Not posted');
  });

  it('refuses any other report-comment in the plan, naming the input, before anything touches Azure', async () => {
    const r = await start();
    github = await startGithubApi();
    const odd = withEdit(
      '.github/workflows/retrain.yml',
      '      project-path: .\n',
      '      project-path: .\n      report-comment: always\n',
    );
    const run = await runWorkflow(pushWorld(r, pullRequestRun(github, odd)), '.github/workflows/retrain.yml');
    expect(results(run)).toMatchObject({ plan: 'failure', train: 'skipped', report: 'success' });
    const line = "Input 'report-comment' is 'always': expected one of auto, never.";
    expect(run.jobs.plan!.summaries.join('').split('\n')[0]).toBe(`❌ ${line}`);
    expect(run.jobs.report!.summaries.join('').split('\n')[0]).toBe(
      `❌ Nothing changed: the plan stopped: ${line}`,
    );
    expect(r.counters.armRequests).toBe(0);
  });
});
