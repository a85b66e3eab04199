import * as core from '@actions/core';
import { systemClock, type Clock } from '../../kit/clock.js';
import { workflowLog, type Log } from '../../kit/log.js';
import type { AzureSession } from '../../azure/session.js';
import type { AzureTarget } from '../../azure/target.js';
import { setOutputs, writeSummary } from './outputs.js';
import { openRunnerSession } from './runtime.js';

/** What every action body takes from the runner, whatever else it needs: log, clock, outputs, summary, Azure, masking. */
export interface StepDeps {
  log: Log;
  clock: Clock;
  setOutputs(outputs: Record<string, string>): void;
  writeSummary(markdown: string): Promise<void>;
  openSession(target: AzureTarget): AzureSession;
  /** Masks a value in the workflow log from here on. */
  secret(value: string): void;
}

/** The step dependencies of a real run on a GitHub runner. */
export function runnerStepDeps(): StepDeps {
  return {
    log: workflowLog,
    clock: systemClock,
    setOutputs,
    writeSummary,
    openSession: openRunnerSession,
    secret: (value) => core.setSecret(value),
  };
}
