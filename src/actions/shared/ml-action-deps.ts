import * as core from '@actions/core';
import type { AzureSession } from '../../azure/session.js';
import type { AzureTarget } from '../../azure/target.js';
import { githubRun, type GithubRun } from '../../kit/github-run.js';
import { workflowLog, type Log } from '../../kit/log.js';
import { setOutputs, writeSummary } from './outputs.js';
import { openRunnerSession } from './runtime.js';

/**
 * What an Azure ML action's body needs from the runner, passed in by its main.ts (as actions/cache passes a
 * state provider to `restoreImpl`): the log, step outputs, saved state, the job summary, the workflow run
 * and the Azure session.
 */
export interface MlActionDeps {
  log: Log;
  setOutputs(outputs: Record<string, string>): void;
  saveState(name: string, value: string): void;
  writeSummary(markdown: string): Promise<void>;
  run: GithubRun;
  openSession(target: AzureTarget): AzureSession;
}

/** The dependencies of a real run on a GitHub runner. */
export function runnerDeps(): MlActionDeps {
  return {
    log: workflowLog,
    setOutputs,
    saveState: (name, value) => core.saveState(name, value),
    writeSummary,
    run: githubRun(),
    openSession: openRunnerSession,
  };
}
