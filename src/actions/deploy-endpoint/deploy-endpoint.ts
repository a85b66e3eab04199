import { MlEndpoints } from '../../azure/ml/endpoints.js';
import { getWorkspace } from '../../azure/ml/workspace.js';
import type { GithubRun } from '../../kit/github-run.js';
import type { StepDeps } from '../shared/step-deps.js';
import type { DeployContext } from './context.js';
import { deploy } from './deploy.js';
import type { DeployEndpointInputs } from './inputs.js';
import { promote } from './promote.js';
import { rollback } from './rollback.js';

/** What the body needs from the runner: passed in, so tests give their own. */
export interface DeployEndpointDeps extends StepDeps {
  /** The run a deployment comes from: its lineage tags and its fresh names. */
  run: GithubRun;
  signal?: AbortSignal;
  random?: () => number;
}

const MODES = { deploy, promote, rollback } as const;

export async function run(inputs: DeployEndpointInputs, deps: DeployEndpointDeps): Promise<void> {
  const { openSession, ...rest } = deps;
  const session = openSession(inputs.target);
  let location: Promise<string> | undefined;
  const context: DeployContext = {
    ...rest,
    inputs,
    endpoints: new MlEndpoints(session.arm, inputs.target),
    studio: session.cloud.studio,
    location: () =>
      (location ??= getWorkspace(session.arm, inputs.target, deps.signal).then((w) => w.location)),
    random: deps.random ?? Math.random,
  };
  await MODES[inputs.mode](context);
}
