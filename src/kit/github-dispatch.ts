/**
 * GitHub's "create a workflow dispatch event" (POST /repos/{owner}/{repo}/actions/workflows/{file}/dispatches):
 * needs `actions: write` (a GITHUB_TOKEN with that permission, a fine-grained token or an App with Actions
 * write). With `return_run_details` GitHub answers 200 with the new run's id and URL (changelog 2026-02-19);
 * without it, or on GitHub Enterprise Server, 204.
 */
export interface WorkflowDispatch {
  apiUrl: string;
  repository: string;
  workflow: string;
  ref: string;
  inputs: Record<string, string>;
}

export function dispatchRequest(
  dispatch: WorkflowDispatch,
  token: string,
): { url: string; init: RequestInit } {
  const [owner, repo] = dispatch.repository.split('/');
  const url = `${dispatch.apiUrl.replace(/\/+$/, '')}/repos/${encodeURIComponent(owner!)}/${encodeURIComponent(repo!)}/actions/workflows/${encodeURIComponent(dispatch.workflow)}/dispatches`;
  return {
    url,
    init: {
      method: 'POST',
      headers: {
        accept: 'application/vnd.github+json',
        authorization: `Bearer ${token}`,
        'content-type': 'application/json',
        'x-github-api-version': '2022-11-28',
        'user-agent': 'next-item-actions',
      },
      body: JSON.stringify({
        ref: shortRef(dispatch.ref),
        inputs: dispatch.inputs,
        return_run_details: true,
      }),
    },
  };
}

/** The dispatch API takes a branch or tag name: refs/heads/main → main. */
export function shortRef(ref: string): string {
  return ref.replace(/^refs\/(heads|tags)\//, '');
}

/** Dispatches the workflow; returns the new run's web address when GitHub gives it. */
export async function dispatchWorkflow(
  dispatch: WorkflowDispatch,
  token: string,
  fetchImpl: typeof fetch = fetch,
  signal?: AbortSignal,
): Promise<string | undefined> {
  const { url, init } = dispatchRequest(dispatch, token);
  const response = await fetchImpl(url, { ...init, signal });
  const text = await response.text();
  if (response.status !== 200 && response.status !== 204) {
    const message = (() => {
      try {
        return (JSON.parse(text) as { message?: string }).message ?? text;
      } catch {
        return text;
      }
    })();
    throw new Error(
      `GitHub refused to dispatch ${dispatch.workflow} of ${dispatch.repository} at ${dispatch.ref} (HTTP ${response.status}): ${message.slice(0, 300)}${response.status === 403 || response.status === 404 ? ' The token needs actions: write on the repository.' : ''}`,
    );
  }
  if (response.status === 204 || !text) return undefined;
  return (JSON.parse(text) as { html_url?: string }).html_url;
}
