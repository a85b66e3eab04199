import * as core from '@actions/core';
import { githubRun, type GithubRun } from '../../kit/github-run.js';
import { runnerStepDeps, type StepDeps } from './step-deps.js';

/**
 * What an Azure ML action's body needs beyond every action's step dependencies, passed in by its main.ts (as
 * actions/cache passes a state provider to `restoreImpl`): saved state for the post step, the workflow run,
 * and the signal that fires when the runner cancels the step.
 */
export interface MlActionDeps extends StepDeps {
  saveState(name: string, value: string): void;
  run: GithubRun;
  signal: AbortSignal;
}

/** The dependencies of a real run on a GitHub runner; `signal` comes from `withTermination`. */
export function runnerDeps(signal: AbortSignal): MlActionDeps {
  return {
    ...runnerStepDeps(),
    saveState: (name, value) => core.saveState(name, value),
    run: githubRun(),
    signal,
  };
}
