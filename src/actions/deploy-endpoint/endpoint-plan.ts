import { ActionError } from '../../kit/errors.js';

/** What deploy mode does with the endpoint before it deploys: use it, create it, or stop. */
export type EndpointStep = { kind: 'use'; warning?: string } | { kind: 'create'; message: string };

export interface EndpointWanted {
  name: string;
  /** The auth mode as ARM names it (AMLToken, Key, AADToken). */
  authMode: string;
  createEndpoint: boolean;
  location: string;
}

/**
 * Creating an endpoint starts a GPU bill, so it happens only when asked: a missing endpoint without
 * `create-endpoint: true` is almost always a typo or the wrong workspace, and stops the deploy.
 */
export function planEndpoint(
  existing: { authMode: string } | undefined,
  wanted: EndpointWanted,
): EndpointStep {
  if (existing)
    return existing.authMode === wanted.authMode
      ? { kind: 'use' }
      : {
          kind: 'use',
          warning: `Endpoint ${wanted.name} uses ${existing.authMode} auth; auth-mode only applies when the endpoint is created.`,
        };
  if (!wanted.createEndpoint)
    throw new ActionError(
      `Endpoint '${wanted.name}' does not exist in this workspace, and create-endpoint is false.`,
      `Check the endpoint name and the workspace; to create it (first deployment only), set create-endpoint: true.`,
    );
  return {
    kind: 'create',
    message: `Creating endpoint ${wanted.name} (${wanted.authMode} auth) in ${wanted.location}: create-endpoint is true.`,
  };
}
