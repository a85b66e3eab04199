import type { getOctokit } from '@actions/github';

/**
 * The one GitHub REST client of the actions: Octokit as `@actions/github` sets it up (the token as its auth,
 * the runner's proxy settings, a GitHub Enterprise base URL, errors carrying the HTTP status). It is loaded
 * only when an action calls GitHub, so every other path starts without it.
 */
export type GithubRest = ReturnType<typeof getOctokit>;

export async function githubRest(token: string, apiUrl: string): Promise<GithubRest> {
  const github = await import('@actions/github');
  return github.getOctokit(token, { baseUrl: apiUrl.replace(/\/+$/, '') });
}

/** `owner/repo` as the REST parameters take it. */
export function ownerAndRepo(repository: string): { owner: string; repo: string } {
  const [owner = '', repo = ''] = repository.split('/');
  return { owner, repo };
}

/** A refusal as Octokit throws it (RequestError carries the status), in one short line. */
export function githubFailure(error: unknown, maxLength = 300): { status?: number; message: string } {
  const { status, message } = error as { status?: unknown; message?: unknown };
  return {
    status: typeof status === 'number' ? status : undefined,
    // Octokit appends " - <documentation_url>" to GitHub's message.
    message: String(message ?? error)
      .split('\n')[0]!
      .replace(/ - https:\/\/\S+$/, '')
      .slice(0, maxLength),
  };
}
