import { githubFailure } from '../../kit/github-rest.js';
import {
  ownComment,
  pullRequestOfCommit,
  refusalNote,
  type CommentOutcome,
  type CommentTarget,
} from './comment-plan.js';

/** The few GitHub REST calls the report makes, so the orchestration is tested without a server. */
export interface CommentApi {
  listComments(number: number): Promise<Array<{ id: number; body?: string | null }>>;
  createComment(number: number, body: string): Promise<{ html_url: string }>;
  updateComment(id: number, body: string): Promise<{ html_url: string }>;
  pullsOfCommit(sha: string): Promise<Array<{ number: number; state: string; merged_at?: string | null }>>;
}

/**
 * Posts the report on the pull request, or updates the one this workflow posted before (found by its marker),
 * so re-runs do not stack comments. Every refusal or failure becomes a note: a report never fails the run.
 */
export async function postReportComment(
  api: CommentApi,
  target: Exclude<CommentTarget, { kind: 'none' }>,
  marker: string,
  body: string,
): Promise<CommentOutcome> {
  let number = target.kind === 'pull-request' ? target.number : 0;
  try {
    if (target.kind === 'commit') {
      const found = pullRequestOfCommit(await api.pullsOfCommit(target.sha));
      if (!found)
        return {
          kind: 'skipped',
          note: `No pull request holds ${target.sha.slice(0, 12)}: the report is here only.`,
        };
      number = found;
    }
    const earlier = ownComment(await api.listComments(number), marker);
    if (earlier)
      return { kind: 'updated', number, url: (await api.updateComment(earlier.id, body)).html_url };
    return { kind: 'created', number, url: (await api.createComment(number, body)).html_url };
  } catch (error) {
    const { status, message } = githubFailure(error, 200);
    if (!number)
      return {
        kind: 'skipped',
        note: `Not posted: the pull request of the commit could not be looked up (${status ?? ''} ${message}).`,
      };
    return { kind: 'skipped', note: refusalNote(number, status, message) };
  }
}
