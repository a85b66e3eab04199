/** Where the run report goes besides the job summary, and what the summary says about it. Pure. */

export type CommentMode = 'auto' | 'never';

export interface CommentContext {
  mode: CommentMode;
  token: string;
  /** GITHUB_EVENT_NAME and the event payload (GITHUB_EVENT_PATH). */
  event: string;
  payload: EventPayload;
  repository: string;
  sha: string;
  /** The caller's workflow file at its ref; with the endpoint it names one report among several on a pull request. */
  workflowRef: string;
  endpoint: string;
}

export interface EventPayload {
  pull_request?: { number?: number; head?: { repo?: { full_name?: string } | null } };
}

export type CommentTarget =
  | { kind: 'pull-request'; number: number }
  /** A push: the pull request the commit belongs to, looked up by its SHA. */
  | { kind: 'commit'; sha: string }
  | { kind: 'none'; note: string };

/**
 * A pull_request run comments on its pull request; a push comments on the pull request its commit belongs
 * to (a commit comment would need `contents: write`, which would also let the token push). A fork's pull
 * request gets a read-only token, so it is not tried.
 */
export function commentTarget(context: CommentContext): CommentTarget {
  if (context.mode === 'never') return { kind: 'none', note: '' };
  if (!context.token)
    return { kind: 'none', note: 'Not posted on the pull request: the step has no `github-token`.' };
  const pull = context.payload.pull_request;
  if (context.event === 'pull_request' || context.event === 'pull_request_target') {
    if (!pull?.number) return { kind: 'none', note: 'Not posted: the event names no pull request.' };
    const head = pull.head?.repo?.full_name;
    if (context.event === 'pull_request' && head && head.toLowerCase() !== context.repository.toLowerCase())
      return {
        kind: 'none',
        note: `Not posted on #${pull.number}: it comes from the fork ${head}, and GitHub gives a fork's run a read-only token.`,
      };
    return { kind: 'pull-request', number: pull.number };
  }
  if (context.event === 'push' && context.sha) return { kind: 'commit', sha: context.sha };
  return { kind: 'none', note: '' };
}

/** The hidden line that finds this workflow's earlier report on the pull request, so a re-run updates it. */
export function commentMarker(workflowRef: string, endpoint: string): string {
  const workflow = workflowRef.replace(/@.*$/, '') || 'workflow';
  const clean = (text: string) => text.replace(/--/g, '-').replace(/[<>]/g, '');
  return `<!-- next-item-actions:run-report:${clean(workflow)}${endpoint ? `:${clean(endpoint)}` : ''} -->`;
}

/** GitHub refuses comments over 65,536 characters; the charts go first when a report is longer. */
export const MAX_COMMENT = 65_536;

export function commentBody(marker: string, report: string, runUrl: string): string {
  const footer = runUrl ? `\n\n<sub>From [this run](${runUrl}); updated in place on re-runs.</sub>` : '';
  const body = `${marker}\n${report.trimEnd()}${footer}`;
  if (body.length <= MAX_COMMENT) return body;
  const withoutCharts = report.replace(/```mermaid[\s\S]*?```\n*/g, '');
  return `${marker}\n${withoutCharts.trimEnd()}${footer}`.slice(0, MAX_COMMENT);
}

export function ownComment<T extends { id: number; body?: string | null }>(
  comments: T[],
  marker: string,
): T | undefined {
  return comments.find((comment) => comment.body?.includes(marker));
}

/** The pull request a pushed commit belongs to: an open one first, else the one it was merged by. */
export function pullRequestOfCommit(
  pulls: Array<{ number: number; state: string; merged_at?: string | null }>,
): number | undefined {
  return (pulls.find((pull) => pull.state === 'open') ?? pulls.find((pull) => pull.merged_at))?.number;
}

export type CommentOutcome =
  { kind: 'created' | 'updated'; number: number; url: string } | { kind: 'skipped'; note: string };

/** Why GitHub refused, in the words a person fixes it with. */
export function refusalNote(number: number, status: number | undefined, message: string): string {
  if (status === 403 || status === 404)
    return `Not posted on #${number}: GitHub answered ${status} (${message}). The token may not write there: grant \`pull-requests: write\` in the calling workflow (a reusable workflow cannot raise its caller's permissions), or set \`comment: never\`.`;
  return `Not posted on #${number}: ${status ? `GitHub answered ${status}` : 'GitHub could not be reached'} (${message}).`;
}

/** The summary's line about the comment: where it is, or why it is not there. */
export function commentNote(outcome: CommentOutcome): string {
  if (outcome.kind === 'skipped') return outcome.note ? `> ${outcome.note}` : '';
  return `> Report ${outcome.kind} on [#${outcome.number}](${outcome.url}).`;
}
