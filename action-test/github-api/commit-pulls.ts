import { sendJson } from '../support/loopback-server.js';
import { allows, sendGithubError, tokenFor, type GithubRoute, type GithubState } from './state.js';

const COMMIT_PULLS = /^\/repos\/([^/]+\/[^/]+)\/commits\/([0-9a-f]{7,40})\/pulls$/;

/** `GET /repos/{owner}/{repo}/commits/{sha}/pulls`: the pull requests a commit belongs to (Contents or Pull requests read). */
export function commitPullRoutes(state: GithubState): GithubRoute {
  return (request, response) => {
    const url = new URL(request.url, 'http://github.invalid');
    const match = COMMIT_PULLS.exec(url.pathname);
    if (!match || request.method !== 'GET') return false;
    const [, repository, sha] = match as unknown as [string, string, string];
    const { grant, refusal } = tokenFor(state, request, repository);
    if (refusal) sendGithubError(response, ...refusal);
    else if (!allows(grant!, ['contents', 'pull-requests'], 'read'))
      sendGithubError(response, 403, 'Resource not accessible by integration');
    else sendJson(response, 200, state.pullsByCommit.get(`${repository}@${sha}`) ?? []);
    return true;
  };
}
