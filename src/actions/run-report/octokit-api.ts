import { githubRest, ownerAndRepo } from '../../kit/github-rest.js';
import type { CommentApi } from './pr-comment.js';

/** The comment calls through the actions' one GitHub REST client (github-rest.ts). */
export async function octokitCommentApi(
  token: string,
  repository: string,
  apiUrl: string,
): Promise<CommentApi> {
  const octokit = await githubRest(token, apiUrl);
  const { owner, repo } = ownerAndRepo(repository);
  return {
    listComments: (number) =>
      octokit.paginate(octokit.rest.issues.listComments, {
        owner,
        repo,
        issue_number: number,
        per_page: 100,
      }),
    createComment: async (number, body) =>
      (await octokit.rest.issues.createComment({ owner, repo, issue_number: number, body })).data,
    updateComment: async (id, body) =>
      (await octokit.rest.issues.updateComment({ owner, repo, comment_id: id, body })).data,
    pullsOfCommit: async (sha) =>
      (await octokit.rest.repos.listPullRequestsAssociatedWithCommit({ owner, repo, commit_sha: sha })).data,
  };
}
