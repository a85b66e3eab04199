import type { ServerResponse } from 'node:http';
import { sendJson, type RecordedRequest } from '../support/loopback-server.js';
import {
  allows,
  githubState,
  issueToken,
  sendGithubError,
  tokenFor,
  type GithubState,
  type TokenGrant,
} from './state.js';

/**
 * GitHub REST's workflow dispatch (POST /repos/{owner}/{repo}/actions/workflows/{workflow_id}/dispatches), as a
 * composable handler for startLoopbackServer or startGithubApi: it answers the requests it knows and returns
 * true, otherwise false, so other route sets (issue comments) can sit beside it. It checks what GitHub checks:
 * the token (401 Bad credentials, 404 for another repository), its `actions: write` (403 Resource not
 * accessible by integration), the workflow file (404), its workflow_dispatch trigger and declared inputs
 * (422), and answers 204, or with `return_run_details` 200 and the new run's id and addresses (changelog
 * 2026-02-19).
 */
export interface WorkflowDispatchEvent {
  repository: string;
  workflow: string;
  ref: string;
  inputs: Record<string, string>;
  runId: string;
}

export interface DispatchRoutesOptions {
  /** The declared workflow_dispatch inputs of a repository's workflow file, undefined when it has no such trigger, null when there is no such file. */
  workflowInputs(repository: string, workflow: string): string[] | undefined | null;
  /** Starts the run the dispatch asks for. */
  onDispatch(event: WorkflowDispatchEvent): void;
}

export interface DispatchRoutes {
  handle(request: RecordedRequest, response: ServerResponse): boolean;
  /** A token for a repository with these permissions: a run's GITHUB_TOKEN, or a fine-grained token. */
  issueToken(grant: TokenGrant): string;
  readonly dispatched: WorkflowDispatchEvent[];
}

interface DispatchBody {
  ref?: string;
  inputs?: Record<string, unknown>;
  return_run_details?: boolean;
}

const DISPATCH = /^\/repos\/([^/]+\/[^/]+)\/actions\/workflows\/([^/]+)\/dispatches$/;

/** The dispatch routes; their tokens are the state's, so one token works here and on the other routes. */
export function dispatchRoutes(
  options: DispatchRoutesOptions,
  state: GithubState = githubState(),
): DispatchRoutes {
  const dispatched: WorkflowDispatchEvent[] = [];
  let runs = 70_000;
  const handle = (request: RecordedRequest, response: ServerResponse): boolean => {
    const match = DISPATCH.exec(request.url.split('?')[0]!);
    if (request.method !== 'POST' || !match) return false;
    const repository = decodeURIComponent(match[1]!);
    const workflow = decodeURIComponent(match[2]!);
    const { grant, refusal } = tokenFor(state, request, repository);
    if (refusal) sendGithubError(response, ...refusal);
    else if (!allows(grant!, ['actions'], 'write'))
      sendGithubError(response, 403, 'Resource not accessible by integration');
    else {
      const declared = options.workflowInputs(repository, workflow);
      const body = JSON.parse(request.body || '{}') as DispatchBody;
      const inputs = Object.fromEntries(Object.entries(body.inputs ?? {}).map(([k, v]) => [k, String(v)]));
      const refused = dispatchRefusal(declared, body.ref, inputs);
      if (refused) sendGithubError(response, ...refused);
      else {
        const event = { repository, workflow, ref: body.ref!, inputs, runId: String(++runs) };
        dispatched.push(event);
        options.onDispatch(event);
        answerDispatch(response, event, body.return_run_details);
      }
    }
    return true;
  };
  return { handle, dispatched, issueToken: (grant) => issueToken(state, grant) };
}

/** Why GitHub refuses a dispatch of a workflow file with these declared inputs, if it does. */
function dispatchRefusal(
  declared: string[] | undefined | null,
  ref: string | undefined,
  inputs: Record<string, string>,
): [number, string] | undefined {
  if (declared === null) return [404, 'Not Found'];
  if (declared === undefined) return [422, "Workflow does not have 'workflow_dispatch' trigger"];
  if (!ref) return [422, 'Invalid request.\n\n"ref" wasn\'t supplied.'];
  const unexpected = Object.keys(inputs).filter((name) => !declared.includes(name));
  if (unexpected.length) return [422, `Unexpected inputs provided: ${JSON.stringify(unexpected)}`];
  return undefined;
}

function answerDispatch(response: ServerResponse, event: WorkflowDispatchEvent, runDetails?: boolean): void {
  if (!runDetails) {
    response.writeHead(204).end();
    return;
  }
  sendJson(response, 200, {
    workflow_run_id: Number(event.runId),
    run_url: `https://api.github.com/repos/${event.repository}/actions/runs/${event.runId}`,
    html_url: `https://github.com/${event.repository}/actions/runs/${event.runId}`,
  });
}
