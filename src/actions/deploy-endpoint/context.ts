import type { MlEndpoints } from '../../azure/ml/endpoints.js';
import { workspacePath } from '../../azure/target.js';
import type { GithubRun } from '../../kit/github-run.js';
import type { StepDeps } from '../shared/step-deps.js';
import type { DeployEndpointInputs } from './inputs.js';
import { reportOutputs, reportSummary, type ModeReport } from './report.js';

/** What each mode works with: the inputs, the endpoint API, and the runner's log, outputs and summary. */
export interface DeployContext extends Omit<StepDeps, 'openSession'> {
  inputs: DeployEndpointInputs;
  endpoints: MlEndpoints;
  signal?: AbortSignal;
  /** Azure ML studio's address in this cloud. */
  studio: string;
  /** The workspace's region, read when first needed. */
  location: () => Promise<string>;
  run: GithubRun;
  random: () => number;
}

export function endpointUrl(context: DeployContext): string {
  const { target, endpoint } = context.inputs;
  return `${context.studio}/endpoints/realtime/${endpoint}/detail?wsid=${workspacePath(target)}`;
}

/** Sets the mode's outputs and writes its summary. */
export async function publish(
  context: DeployContext,
  report: Omit<ModeReport, 'endpointUrl'>,
): Promise<void> {
  const full = { ...report, endpointUrl: endpointUrl(context) };
  context.setOutputs(reportOutputs(full));
  await context.writeSummary(reportSummary(full));
}
