import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { dispatchWorkflow } from '../../src/kit/github-dispatch.js';
import { githubRest } from '../../src/kit/github-rest.js';
import { dispatchRoutes, type DispatchRoutes } from '../github-api/dispatches.js';
import { startGithubApi, type GithubApi } from '../github-api/server.js';
import { githubState } from '../github-api/state.js';

/**
 * The actions' one GitHub REST client (Octokit through github-rest.ts) against the GitHub stand-in: the
 * workflow dispatch resume-rollout sends, with tokens the comment routes also know.
 */
let api: GithubApi;
let routes: DispatchRoutes;
beforeAll(async () => {
  const state = githubState();
  routes = dispatchRoutes(
    {
      workflowInputs: (repository, workflow) =>
        repository === 'octo-org/recs' && workflow === 'deploy.yml' ? ['model-job'] : null,
      onDispatch: () => undefined,
    },
    state,
  );
  api = await startGithubApi([routes.handle], state);
});
afterAll(() => api.close());

const DISPATCH = {
  repository: 'octo-org/recs',
  workflow: 'deploy.yml',
  ref: 'refs/heads/main',
  inputs: { 'model-job': 'sleepy_lamp_x1' },
};

describe('a workflow dispatch through the one GitHub client', () => {
  it('dispatches with a token that may write actions, and returns the new run', async () => {
    const token = api.issueToken({ repository: 'octo-org/recs', permissions: { actions: 'write' } });
    const runUrl = await dispatchWorkflow(DISPATCH, await githubRest(token, `${api.url}/`));
    expect(runUrl).toMatch(/^https:\/\/github\.com\/octo-org\/recs\/actions\/runs\/\d+$/);
    expect(routes.dispatched.at(-1)).toMatchObject({ ref: 'main', inputs: DISPATCH.inputs });
    const sent = api.requests.at(-1)!;
    expect(sent.headers.authorization).toMatch(/^token ghs_/);
  });

  it.each([
    [
      'a token without actions: write',
      { actions: 'read' },
      /HTTP 403\): Resource not accessible by integration\. The token needs actions: write/,
    ],
    ['a token of another repository', undefined, /HTTP 404\): Not Found\. The token needs actions: write/],
  ])('names the refusal of %s and the permission it needs', async (_name, permissions, says) => {
    const token = api.issueToken({
      repository: permissions ? 'octo-org/recs' : 'octo-org/other',
      permissions: permissions ?? { actions: 'write' },
    });
    const before = routes.dispatched.length;
    await expect(dispatchWorkflow(DISPATCH, await githubRest(token, api.url))).rejects.toThrow(says);
    expect(routes.dispatched).toHaveLength(before);
  });

  it('reports an unknown workflow input as GitHub words it', async () => {
    const token = api.issueToken({ repository: 'octo-org/recs', permissions: { actions: 'write' } });
    await expect(
      dispatchWorkflow({ ...DISPATCH, inputs: { endpoint: 'x' } }, await githubRest(token, api.url)),
    ).rejects.toThrow(/HTTP 422\): Unexpected inputs provided: \["endpoint"\]/);
  });
});
