import { ActionError } from '../kit/errors.js';

/** An error from Azure Resource Manager, keeping ARM's code and message and the request id support asks for. */
export class ArmError extends ActionError {
  constructor(
    readonly status: number,
    readonly code: string,
    readonly armMessage: string,
    readonly method: string,
    readonly path: string,
    readonly requestId: string | undefined,
    /** How many times the request was sent, for an answer ARM gave (a network error says it in its message). */
    readonly attempts?: number,
  ) {
    super(
      `${method} ${path} failed${attempts ? ` after ${attempts} attempt(s)` : ''}: ${status ? `${status} ` : ''}${code}: ${armMessage}${requestId ? ` (x-ms-request-id ${requestId})` : ''}`,
      hintFor(status, code),
    );
    this.name = 'ArmError';
  }
}

function hintFor(status: number, code: string): string | undefined {
  if (status === 401) {
    return 'Azure rejected the credential: check client-id and tenant-id, and that the identity has a federated credential for this repository and ref.';
  }
  if (status === 403) {
    return 'The identity lacks a role here: the action named above is missing from its role, or the wrong identity ran this job (training: jobs, models, ACR builds; deployment: endpoints). See docs/azure-setup.md and docs/troubleshooting.md.';
  }
  if (status === 404 && /ResourceGroupNotFound|WorkspaceNotFound|ResourceNotFound/i.test(code)) {
    return 'Check subscription-id, resource-group and workspace.';
  }
  return undefined;
}
