import { ActionError, describeFailure, InputError } from '../../kit/errors.js';
import type { Log } from '../../kit/log.js';
import type { PlanRolloutInputs } from './inputs.js';
import { failureSummary, planLine, planOutputs, planRollout, refusalOutputs } from './plan.js';

export interface PlanRolloutDeps {
  log: Log;
  setOutputs(outputs: Record<string, string>): void;
  writeSummary(markdown: string): Promise<void>;
}

/** The inputs as read, or the first input that was refused. */
export type ReadInputs = { inputs: PlanRolloutInputs } | { refused: InputError };

/** Reads the inputs, keeping a refusal as the plan's cause rather than throwing it past the summary. */
export function readOrRefuse(read: () => PlanRolloutInputs): ReadInputs {
  try {
    return { inputs: read() };
  } catch (error) {
    if (error instanceof InputError) return { refused: error };
    throw error;
  }
}

/** Chooses the workflow's jobs, or refuses with one cause. */
export async function run(read: ReadInputs, deps: PlanRolloutDeps): Promise<void> {
  if ('refused' in read) return refuse(describeFailure(read.refused), deps);
  const outcome = planRollout(read.inputs);
  if (!outcome.ok) return refuse(outcome.cause, deps);
  deps.setOutputs(planOutputs(outcome.plan));
  deps.log.info(planLine(outcome.plan, read.inputs.projectPath));
}

/**
 * The cause as the summary's first line and as the `error` output (which the run report quotes), then the
 * step fails with the same line.
 */
async function refuse(cause: string, deps: PlanRolloutDeps): Promise<never> {
  deps.setOutputs(refusalOutputs(cause));
  await deps.writeSummary(failureSummary(cause));
  throw new ActionError(cause);
}
