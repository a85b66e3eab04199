import { MlJobs } from '../../azure/ml/jobs.js';
import { dataPlaneHost, getWorkspace } from '../../azure/ml/workspace.js';
import type { AzureSession } from '../../azure/session.js';

/** Jobs of the session's workspace; the data-plane host is discovered on first use. */
export function mlJobs(session: AzureSession, signal?: AbortSignal): MlJobs {
  let dataPlane: Promise<ReturnType<AzureSession['clientFor']>> | undefined;
  return new MlJobs(
    session.arm,
    session.target,
    () =>
      (dataPlane ??= getWorkspace(session.arm, session.target, signal)
        .then((workspace) => dataPlaneHost(workspace, session.clientFor, signal))
        .then(session.clientFor)),
  );
}
