import { randomBytes } from 'node:crypto';
import type { ServerResponse } from 'node:http';
import { sendJson, type RecordedRequest } from '../support/loopback-server.js';

/**
 * GitHub REST's workflow dispatch (POST /repos/{owner}/{repo}/actions/workflows/{workflow_id}/dispatches), as a
 * composable handler for startLoopbackServer: it answers the requests it knows and returns true, otherwise
 * false, so other route sets (issue comments) can sit beside it. It checks what GitHub checks: the token
 * (401 Bad credentials), its `actions: write` (403 Resource not accessible by integration), the workflow file
 * (404), its workflow_dispatch trigger and declared inputs (422), and answers 204, or with
 * `return_run_details` 200 and the new run's id and addresses (changelog 2026-02-19).
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
  issueToken(grant: { repository: string; permissions: Record<string, string> }): string;
  readonly dispatched: WorkflowDispatchEvent[];
}

const DISPATCH = /^\/repos\/([^/]+)\/([^/]+)\/actions\/workflows\/([^/]+)\/dispatches$/;

export function dispatchRoutes(options: DispatchRoutesOptions): DispatchRoutes {
  const tokens = new Map<string, { repository: string; permissions: Record<string, string> }>();
  const dispatched: WorkflowDispatchEvent[] = [];
  let runs = 70_000;
  const handle = (request: RecordedRequest, response: ServerResponse): boolean => {
    const match = DISPATCH.exec(request.url.split('?')[0]!);
    if (request.method !== 'POST' || !match) return false;
    const repository = `${decodeURIComponent(match[1]!)}/${decodeURIComponent(match[2]!)}`;
    const workflow = decodeURIComponent(match[3]!);
    const token = /^Bearer (.+)$/i.exec(String(request.headers.authorization ?? ''))?.[1];
    const grant = token ? tokens.get(token) : undefined;
    if (!grant) {
      sendJson(response, 401, { message: 'Bad credentials', status: '401' });
      return true;
    }
    if (
      grant.repository.toLowerCase() !== repository.toLowerCase() ||
      grant.permissions.actions !== 'write'
    ) {
      sendJson(response, 403, { message: 'Resource not accessible by integration', status: '403' });
      return true;
    }
    const declared = options.workflowInputs(repository, workflow);
    if (declared === null) {
      sendJson(response, 404, { message: 'Not Found', status: '404' });
      return true;
    }
    const body = JSON.parse(request.body || '{}') as {
      ref?: string;
      inputs?: Record<string, unknown>;
      return_run_details?: boolean;
    };
    const inputs = Object.fromEntries(Object.entries(body.inputs ?? {}).map(([k, v]) => [k, String(v)]));
    const unexpected = Object.keys(inputs).filter((name) => !declared?.includes(name));
    if (declared === undefined || !body.ref || unexpected.length) {
      const message =
        declared === undefined
          ? "Workflow does not have 'workflow_dispatch' trigger"
          : !body.ref
            ? 'Invalid request.\n\n"ref" wasn\'t supplied.'
            : `Unexpected inputs provided: ${JSON.stringify(unexpected)}`;
      sendJson(response, 422, { message, status: '422' });
      return true;
    }
    const runId = String(++runs);
    const event = { repository, workflow, ref: body.ref, inputs, runId };
    dispatched.push(event);
    options.onDispatch(event);
    if (!body.return_run_details) {
      response.writeHead(204).end();
      return true;
    }
    sendJson(response, 200, {
      workflow_run_id: Number(runId),
      run_url: `https://api.github.com/repos/${repository}/actions/runs/${runId}`,
      html_url: `https://github.com/${repository}/actions/runs/${runId}`,
    });
    return true;
  };
  return {
    handle,
    dispatched,
    issueToken({ repository, permissions }) {
      const token = `ghs_${randomBytes(18).toString('base64url')}`;
      tokens.set(token, { repository, permissions });
      return token;
    },
  };
}
