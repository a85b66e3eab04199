import type { ServerResponse } from 'node:http';
import { sendJson, type RecordedRequest } from '../support/loopback-server.js';
import {
  allows,
  sendGithubError,
  tokenFor,
  type GithubRoute,
  type GithubState,
  type IssueComment,
} from './state.js';

const LIST_OR_CREATE = /^\/repos\/([^/]+\/[^/]+)\/issues\/(\d+)\/comments$/;
const UPDATE = /^\/repos\/([^/]+\/[^/]+)\/issues\/comments\/(\d+)$/;
/** Issue comments on a pull request: the Issues or the Pull requests permission, either one. */
const SCOPES = ['issues', 'pull-requests'];
const NOT_ACCESSIBLE = 'Resource not accessible by integration';

/**
 * The issue-comment endpoints a pull-request report uses: list (paged with a Link header, as Octokit's
 * paginate follows it), create, and update. A token without the Issues or Pull requests permission gets the
 * 403 GitHub gives an Actions token, "Resource not accessible by integration".
 */
export function issueCommentRoutes(state: GithubState): GithubRoute {
  return (request, response) => {
    const baseUrl = () => `http://${request.headers.host ?? '127.0.0.1'}`;
    const url = new URL(request.url, 'http://github.invalid');
    const listOrCreate = LIST_OR_CREATE.exec(url.pathname);
    const update = UPDATE.exec(url.pathname);
    if (listOrCreate && request.method === 'GET') {
      const [, repository, number] = listOrCreate as unknown as [string, string, string];
      if (!authorised(state, request, response, repository, 'read')) return true;
      listComments(state, response, `${repository}#${number}`, url, baseUrl());
      return true;
    }
    if (listOrCreate && request.method === 'POST') {
      const [, repository, number] = listOrCreate as unknown as [string, string, string];
      if (!authorised(state, request, response, repository, 'write')) return true;
      const body = commentBody(request, response);
      if (body === undefined) return true;
      const comment = newComment(state, repository, Number(number), body, baseUrl());
      const key = `${repository}#${number}`;
      state.comments.set(key, [...(state.comments.get(key) ?? []), comment]);
      sendJson(response, 201, comment);
      return true;
    }
    if (update && request.method === 'PATCH') {
      const [, repository, id] = update as unknown as [string, string, string];
      if (!authorised(state, request, response, repository, 'write')) return true;
      const comment = findComment(state, repository, Number(id));
      if (!comment) {
        sendGithubError(response, 404, 'Not Found');
        return true;
      }
      const body = commentBody(request, response);
      if (body === undefined) return true;
      comment.body = body;
      comment.updated_at = new Date().toISOString();
      sendJson(response, 200, comment);
      return true;
    }
    return false;
  };
}

function authorised(
  state: GithubState,
  request: RecordedRequest,
  response: ServerResponse,
  repository: string,
  level: 'read' | 'write',
): boolean {
  const { grant, refusal } = tokenFor(state, request, repository);
  if (refusal) sendGithubError(response, ...refusal);
  else if (!allows(grant!, SCOPES, level)) sendGithubError(response, 403, NOT_ACCESSIBLE);
  return !refusal && allows(grant!, SCOPES, level);
}

function commentBody(request: RecordedRequest, response: ServerResponse): string | undefined {
  try {
    const { body } = JSON.parse(request.body) as { body?: unknown };
    if (typeof body === 'string' && body.length > 0 && body.length <= 65_536) return body;
  } catch {
    // answered below
  }
  sendGithubError(response, 422, 'Validation Failed: body is missing or longer than 65536 characters');
  return undefined;
}

function listComments(
  state: GithubState,
  response: ServerResponse,
  key: string,
  url: URL,
  base: string,
): void {
  const all = state.comments.get(key) ?? [];
  const perPage = Math.min(Number(url.searchParams.get('per_page') ?? 30) || 30, 100);
  const page = Math.max(Number(url.searchParams.get('page') ?? 1) || 1, 1);
  const headers: Record<string, string> = {};
  if (page * perPage < all.length) {
    const next = new URL(url.pathname, base);
    next.searchParams.set('per_page', String(perPage));
    next.searchParams.set('page', String(page + 1));
    headers.link = `<${next.href}>; rel="next"`;
  }
  sendJson(response, 200, all.slice((page - 1) * perPage, page * perPage), headers);
}

function newComment(
  state: GithubState,
  repository: string,
  number: number,
  body: string,
  base: string,
): IssueComment {
  const id = state.nextId++;
  const now = new Date().toISOString();
  return {
    id,
    node_id: `IC_${id}`,
    url: `${base}/repos/${repository}/issues/comments/${id}`,
    html_url: `https://github.com/${repository}/pull/${number}#issuecomment-${id}`,
    body,
    user: { login: 'github-actions[bot]', type: 'Bot' },
    created_at: now,
    updated_at: now,
  };
}

function findComment(state: GithubState, repository: string, id: number): IssueComment | undefined {
  for (const [key, comments] of state.comments)
    if (key.startsWith(`${repository}#`)) {
      const found = comments.find((comment) => comment.id === id);
      if (found) return found;
    }
  return undefined;
}
