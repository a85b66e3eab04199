import { notImplemented } from '../shared/not-implemented.js';
import type { DeployEndpointInputs } from './inputs.js';

export async function deployEndpoint(_inputs: DeployEndpointInputs): Promise<void> {
  notImplemented('deploy-endpoint', 6);
}
