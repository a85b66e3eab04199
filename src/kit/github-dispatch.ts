import { githubFailure, ownerAndRepo, type GithubRest } from './github-rest.js';

/**
 * GitHub's "create a workflow dispatch event" (POST /repos/{owner}/{repo}/actions/workflows/{file}/dispatches):
 * needs `actions: write` (a GITHUB_TOKEN with that permission, a fine-grained token or an App with Actions
 * write). With `return_run_details` GitHub answers 200 with the new run's id and URL (changelog 2026-02-19);
 * without it, or on GitHub Enterprise Server, 204.
 */
export interface WorkflowDispatch {
  repository: string;
  workflow: string;
  ref: string;
  inputs: Record<string, string>;
}

/** The dispatch as the REST call's parameters. */
export function dispatchParams(dispatch: WorkflowDispatch) {
  return {
    ...ownerAndRepo(dispatch.repository),
    workflow_id: dispatch.workflow,
    ref: shortRef(dispatch.ref),
    inputs: dispatch.inputs,
    return_run_details: true,
  };
}

/** The dispatch API takes a branch or tag name: refs/heads/main → main. */
export function shortRef(ref: string): string {
  return ref.replace(/^refs\/(heads|tags)\//, '');
}

/** Dispatches the workflow; returns the new run's web address when GitHub gives it. */
export async function dispatchWorkflow(
  dispatch: WorkflowDispatch,
  github: GithubRest,
): Promise<string | undefined> {
  try {
    const response = await github.rest.actions.createWorkflowDispatch(dispatchParams(dispatch));
    // The client's types know only the 204 of a dispatch without run details.
    const details = response.data as unknown as { html_url?: string } | undefined;
    return details?.html_url;
  } catch (error) {
    const { status, message } = githubFailure(error);
    const hint = status === 403 || status === 404 ? ' The token needs actions: write on the repository.' : '';
    throw new Error(
      `GitHub refused to dispatch ${dispatch.workflow} of ${dispatch.repository} at ${dispatch.ref} (HTTP ${status ?? 'no answer'}): ${message.replace(/\.?$/, '.')}${hint}`,
      { cause: error },
    );
  }
}
