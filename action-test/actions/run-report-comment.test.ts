import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import {
  commentBody,
  commentMarker,
  commentNote,
  commentTarget,
  MAX_COMMENT,
  pullRequestOfCommit,
  type CommentContext,
} from '../../src/actions/run-report/comment-plan.js';
import { octokitCommentApi } from '../../src/actions/run-report/octokit-api.js';
import { postReportComment, type CommentApi } from '../../src/actions/run-report/pr-comment.js';
import { run } from '../../src/actions/run-report/run-report.js';
import { memoryLog } from '../../src/kit/log.js';
import { startGithubApi, type GithubApi } from '../github-api/server.js';

const REPO = 'octo-org/recs';
const context = (changes: Partial<CommentContext> = {}): CommentContext => ({
  mode: 'auto',
  token: 'ghs_x',
  event: 'pull_request',
  payload: { pull_request: { number: 7, head: { repo: { full_name: REPO } } } },
  repository: REPO,
  sha: 'a'.repeat(40),
  workflowRef: `${REPO}/.github/workflows/retrain.yml@refs/pull/7/merge`,
  endpoint: 'next-item',
  ...changes,
});

describe('where the report is posted', () => {
  it('a pull_request run posts on its pull request; a push on the pull request of its commit', () => {
    expect(commentTarget(context())).toEqual({ kind: 'pull-request', number: 7 });
    expect(commentTarget(context({ event: 'push', payload: {} }))).toEqual({
      kind: 'commit',
      sha: 'a'.repeat(40),
    });
    expect(commentTarget(context({ event: 'workflow_dispatch', payload: {} }))).toEqual({
      kind: 'none',
      note: '',
    });
    expect(commentTarget(context({ mode: 'never' }))).toEqual({ kind: 'none', note: '' });
  });

  it("a fork's pull request or a missing token is skipped with a note, without calling GitHub", () => {
    const fork = commentTarget(
      context({ payload: { pull_request: { number: 7, head: { repo: { full_name: 'someone/recs' } } } } }),
    );
    expect(fork).toEqual({
      kind: 'none',
      note: "Not posted on #7: it comes from the fork someone/recs, and GitHub gives a fork's run a read-only token.",
    });
    expect(commentTarget(context({ token: '' }))).toMatchObject({
      kind: 'none',
      note: expect.stringContaining('no `github-token`'),
    });
  });

  it('the marker names the workflow file (not its ref) and the endpoint, so a re-run on a new commit finds it', () => {
    const marker = commentMarker(context().workflowRef, 'next-item');
    expect(marker).toBe(
      '<!-- next-item-actions:run-report:octo-org/recs/.github/workflows/retrain.yml:next-item -->',
    );
    expect(commentMarker(`${REPO}/.github/workflows/retrain.yml@refs/heads/main`, 'next-item')).toBe(marker);
    expect(commentMarker(context().workflowRef, 'other')).not.toBe(marker);
  });

  it('a push finds the open pull request first, else the one that merged the commit', () => {
    expect(
      pullRequestOfCommit([
        { number: 3, state: 'closed', merged_at: null },
        { number: 4, state: 'closed', merged_at: '2026-01-01T00:00:00Z' },
      ]),
    ).toBe(4);
    expect(
      pullRequestOfCommit([
        { number: 4, state: 'closed', merged_at: 'x' },
        { number: 5, state: 'open' },
      ]),
    ).toBe(5);
    expect(pullRequestOfCommit([{ number: 3, state: 'closed', merged_at: null }])).toBeUndefined();
  });

  it('a report too long for a comment drops its charts first, and never passes GitHub’s limit', () => {
    const chart = '```mermaid\nxychart-beta\n  bar [1]\n```\n';
    const long = `verdict\n${chart}${'x'.repeat(MAX_COMMENT)}`;
    const body = commentBody('<!-- m -->', long, 'https://run');
    expect(body.length).toBeLessThanOrEqual(MAX_COMMENT);
    expect(body.startsWith('<!-- m -->\nverdict\n')).toBe(true);
    expect(body).not.toContain('mermaid');
    expect(commentBody('<!-- m -->', 'short\n', 'https://run')).toBe(
      '<!-- m -->\nshort\n\n<sub>From [this run](https://run); updated in place on re-runs.</sub>',
    );
  });
});

/** A CommentApi over an in-memory pull request, recording the calls. */
function fakeApi(
  existing: Array<{ id: number; body: string }> = [],
  fail?: { status: number; message: string },
) {
  const calls: string[] = [];
  const api: CommentApi = {
    listComments: async (n) => {
      calls.push(`list ${n}`);
      if (fail) throw Object.assign(new Error(fail.message), { status: fail.status });
      return existing;
    },
    createComment: async (n) => (calls.push(`create ${n}`), { html_url: `https://c/${n}` }),
    updateComment: async (id) => (calls.push(`update ${id}`), { html_url: `https://c/u${id}` }),
    pullsOfCommit: async () => (calls.push('pulls'), [{ number: 9, state: 'open' }]),
  };
  return { api, calls };
}

describe('posting the report', () => {
  it('creates the comment, or updates the one carrying the marker', async () => {
    const fresh = fakeApi([{ id: 1, body: 'someone else' }]);
    expect(
      await postReportComment(fresh.api, { kind: 'pull-request', number: 7 }, '<!-- m -->', 'b'),
    ).toEqual({
      kind: 'created',
      number: 7,
      url: 'https://c/7',
    });
    const again = fakeApi([{ id: 2, body: '<!-- m -->\nold' }]);
    expect(await postReportComment(again.api, { kind: 'commit', sha: 'abc' }, '<!-- m -->', 'b')).toEqual({
      kind: 'updated',
      number: 9,
      url: 'https://c/u2',
    });
    expect(again.calls).toEqual(['pulls', 'list 9', 'update 2']);
  });

  it('a 403 becomes a note naming the permission to grant, not a failure', async () => {
    const refused = fakeApi([], { status: 403, message: 'Resource not accessible by integration' });
    const outcome = await postReportComment(refused.api, { kind: 'pull-request', number: 7 }, 'm', 'b');
    expect(outcome.kind).toBe('skipped');
    expect(commentNote(outcome)).toMatch(
      /^> Not posted on #7: GitHub answered 403 \(Resource not accessible by integration\)\. .*grant `pull-requests: write` in the calling workflow/,
    );
  });

  it('the body writes the summary with the note after the verdict line, and outputs the comment', async () => {
    const { api } = fakeApi();
    const summaries: string[] = [];
    const outputs: Record<string, string> = {};
    const facts = {
      results: { plan: 'failure' },
      rollout: 'promote',
      reused: false,
      modelId: '',
      endpoint: 'next-item',
      deployment: '',
      previousDeployment: '',
      commit: { sha: 'a', ref: 'r', event: 'pull_request', runUrl: 'https://run', commitUrl: '' },
      modelJob: '',
      image: '',
      imageDigest: '',
      trafficDeployed: {},
      trafficFinal: {},
      p95Ms: '',
      metrics: {},
      studio: { base: 'https://ml.azure.com', workspaceId: '/w', tenantId: '' },
    } as const;
    await run({ ...facts, results: { plan: 'failure' } }, context(), {
      log: memoryLog(),
      setOutputs: (o) => Object.assign(outputs, o),
      writeSummary: async (m) => void summaries.push(m),
      commentApi: async () => api,
    });
    expect(summaries[0]!.split('\n')[0]).toMatch(/^❌ Nothing changed: the plan stopped/);
    expect(summaries[0]).toContain('> Report created on [#7](https://c/7).');
    expect(outputs['comment-url']).toBe('https://c/7');
  });
});

describe('Octokit against the GitHub REST stand-in', () => {
  let github: GithubApi;
  beforeAll(async () => {
    github = await startGithubApi();
  });
  afterAll(() => github.close());

  it('pages through the comments, updates ours in place, and gets the 403 a read-only token gets', async () => {
    const writer = github.issueToken({ repository: REPO, permissions: { 'pull-requests': 'write' } });
    const api = await octokitCommentApi(writer, REPO, github.url);
    for (let i = 0; i < 105; i++) await api.createComment(3, `filler ${i}`);
    const first = await postReportComment(
      api,
      { kind: 'pull-request', number: 3 },
      '<!-- ours -->',
      '<!-- ours -->\nv1',
    );
    expect(first.kind).toBe('created');
    const second = await postReportComment(
      api,
      { kind: 'pull-request', number: 3 },
      '<!-- ours -->',
      '<!-- ours -->\nv2',
    );
    expect(second.kind).toBe('updated');
    const comments = github.state.comments.get(`${REPO}#3`)!;
    expect(comments).toHaveLength(106);
    expect(comments.filter((c) => c.body.includes('<!-- ours -->')).map((c) => c.body)).toEqual([
      '<!-- ours -->\nv2',
    ]);
    expect(github.requests.some((r) => r.url.includes('page=2'))).toBe(true);

    const reader = github.issueToken({ repository: REPO, permissions: { contents: 'read' } });
    const refused = await postReportComment(
      await octokitCommentApi(reader, REPO, github.url),
      { kind: 'pull-request', number: 3 },
      '<!-- ours -->',
      'x',
    );
    expect(refused).toMatchObject({
      kind: 'skipped',
      note: expect.stringContaining(
        'GitHub answered 403 (Resource not accessible by integration). The token',
      ),
    });
  });
});
