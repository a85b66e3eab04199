import type { Log } from '../../kit/log.js';
import {
  commentBody,
  commentMarker,
  commentNote,
  commentTarget,
  type CommentContext,
  type CommentOutcome,
} from './comment-plan.js';
import { postReportComment, type CommentApi } from './pr-comment.js';
import { runReport, type RunFacts } from './report.js';
import { runVerdict } from './verdict.js';

export interface RunReportDeps {
  log: Log;
  setOutputs(outputs: Record<string, string>): void;
  writeSummary(markdown: string): Promise<void>;
  /** The GitHub REST calls, opened only when there is a pull request to post on. */
  commentApi(token: string): Promise<CommentApi>;
}

/** Posts the report where the plan says, or says why not; undefined when nothing was to be posted. */
async function postComment(
  facts: RunFacts,
  context: CommentContext,
  report: string,
  deps: RunReportDeps,
): Promise<CommentOutcome | undefined> {
  const target = commentTarget(context);
  if (target.kind === 'none') return target.note ? { kind: 'skipped', note: target.note } : undefined;
  const marker = commentMarker(context.workflowRef, context.endpoint);
  const api = await deps.commentApi(context.token);
  return postReportComment(api, target, marker, commentBody(marker, report, facts.commit.runUrl));
}

/** The run report: the verdict, the summary, and the same report on the pull request when the token may write. */
export async function run(facts: RunFacts, comment: CommentContext, deps: RunReportDeps): Promise<void> {
  const verdict = runVerdict(facts);
  const report = runReport(facts, verdict);
  const outcome = await postComment(facts, comment, report, deps);
  const note = outcome ? commentNote(outcome) : '';
  if (note) deps.log.info(note.replace(/^> /, ''));
  await deps.writeSummary(note ? `${report}\n${note}\n` : report);
  deps.setOutputs({
    verdict: verdict.kind,
    'verdict-line': verdict.line,
    'comment-url': outcome && outcome.kind !== 'skipped' ? outcome.url : '',
  });
}
