import { randomBytes } from 'node:crypto';
import type { ServerResponse } from 'node:http';
import { sendJson, type RecordedRequest } from '../support/loopback-server.js';

/**
 * A loopback stand-in of the GitHub REST API, as the runner exposes it to a job through GITHUB_API_URL and
 * `github.token`. Each route is a composable handler: it answers and returns true, or returns false and the
 * next route is asked, so other route sets (workflow dispatches) join the same server.
 */
export type GithubRoute = (request: RecordedRequest, response: ServerResponse) => boolean;

/** What a job's GITHUB_TOKEN may do: its repository and the `permissions:` it was given (scope → read|write). */
export interface TokenGrant {
  repository: string;
  permissions: Record<string, string>;
}

export interface IssueComment {
  id: number;
  node_id: string;
  url: string;
  html_url: string;
  body: string;
  user: { login: string; type: string };
  created_at: string;
  updated_at: string;
}

export interface PullRequest {
  number: number;
  state: 'open' | 'closed';
  merged_at: string | null;
  head: { sha: string; repo: { full_name: string } };
}

export interface GithubState {
  tokens: Map<string, TokenGrant>;
  /** Comments of each issue or pull request, by `owner/repo#number`. */
  comments: Map<string, IssueComment[]>;
  /** The pull requests a commit belongs to, by `owner/repo@sha`. */
  pullsByCommit: Map<string, PullRequest[]>;
  nextId: number;
}

export function githubState(): GithubState {
  return { tokens: new Map(), comments: new Map(), pullsByCommit: new Map(), nextId: 1000 };
}

/** A token for the grant, in the shape of an installation token (`ghs_…`), known to every route of the state. */
export function issueToken(state: GithubState, grant: TokenGrant): string {
  const token = `ghs_${randomBytes(18).toString('base64url')}`;
  state.tokens.set(token, grant);
  return token;
}

/** GitHub's error shape, with the documentation link its clients show. */
export function sendGithubError(response: ServerResponse, status: number, message: string): void {
  sendJson(response, status, {
    message,
    documentation_url: 'https://docs.github.com/rest',
    status: String(status),
  });
}

/** The token of a request, if GitHub would accept it for the repository (`Authorization: token|Bearer <t>`). */
export function tokenFor(
  state: GithubState,
  request: RecordedRequest,
  repository: string,
): { grant?: TokenGrant; refusal?: [number, string] } {
  const header = request.headers.authorization ?? '';
  const token = /^(?:token|bearer)\s+(\S+)$/i.exec(header)?.[1];
  const grant = token ? state.tokens.get(token) : undefined;
  if (!grant) return { refusal: [401, 'Bad credentials'] };
  if (grant.repository.toLowerCase() !== repository.toLowerCase()) return { refusal: [404, 'Not Found'] };
  return { grant };
}

/** Whether a grant reaches `level` on any of the scopes (write includes read). */
export function allows(grant: TokenGrant, scopes: string[], level: 'read' | 'write'): boolean {
  return scopes.some((scope) => {
    const given = grant.permissions[scope];
    return given === 'write' || (level === 'read' && given === 'read');
  });
}
