/** The workflow run an action belongs to, from the runner's environment (empty outside a runner). */
export interface GithubRun {
  repository: string;
  sha: string;
  ref: string;
  runId: string;
  attempt: string;
  runUrl: string;
  /** The workflow file at its ref (`owner/repo/.github/workflows/x.yml@refs/heads/main`), the caller's in a reusable workflow. */
  workflow: string;
  /** The repository's web address, as OCI's image.source wants it. */
  sourceUrl: string;
}

export function githubRun(env: NodeJS.ProcessEnv = process.env): GithubRun {
  const server = env.GITHUB_SERVER_URL || 'https://github.com';
  const repository = env.GITHUB_REPOSITORY ?? '';
  const runId = env.GITHUB_RUN_ID ?? '';
  return {
    repository,
    sha: env.GITHUB_SHA ?? '',
    ref: env.GITHUB_REF ?? '',
    runId,
    attempt: env.GITHUB_RUN_ATTEMPT ?? '1',
    runUrl: repository && runId ? `${server}/${repository}/actions/runs/${runId}` : '',
    workflow: env.GITHUB_WORKFLOW_REF || env.GITHUB_WORKFLOW || '',
    sourceUrl: repository ? `${server}/${repository}` : '',
  };
}
