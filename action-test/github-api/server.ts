import type { ServerResponse } from 'node:http';
import { startLoopbackServer, type RecordedRequest } from '../support/loopback-server.js';
import { commitPullRoutes } from './commit-pulls.js';
import { issueCommentRoutes } from './issue-comments.js';
import {
  githubState,
  issueToken,
  sendGithubError,
  type GithubRoute,
  type GithubState,
  type TokenGrant,
} from './state.js';

export type { GithubRoute, GithubState, TokenGrant } from './state.js';

export interface GithubApi {
  url: string;
  state: GithubState;
  requests: RecordedRequest[];
  /** A GITHUB_TOKEN for one job: its repository and its permissions. */
  issueToken(grant: TokenGrant): string;
  close(): Promise<void>;
}

/** Routes tried in order; a request none of them takes gets GitHub's 404. */
export function composeRoutes(...routes: GithubRoute[]) {
  return (request: RecordedRequest, response: ServerResponse): void => {
    for (const route of routes) if (route(request, response)) return;
    sendGithubError(response, 404, 'Not Found');
  };
}

/** The stand-in on loopback; routes made for a `state` of their own (dispatchRoutes) share its tokens. */
export async function startGithubApi(
  extraRoutes: GithubRoute[] = [],
  state: GithubState = githubState(),
): Promise<GithubApi> {
  const server = await startLoopbackServer(
    composeRoutes(issueCommentRoutes(state), commitPullRoutes(state), ...extraRoutes),
  );
  return {
    url: server.url,
    state,
    requests: server.requests,
    issueToken: (grant) => issueToken(state, grant),
    close: () => server.close(),
  };
}
