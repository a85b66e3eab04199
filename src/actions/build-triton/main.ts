import { systemClock } from '../../kit/clock.js';
import { abortOnTermination } from '../../kit/cancellation.js';
import { githubRun } from '../../kit/github-run.js';
import { Inputs } from '../../kit/inputs.js';
import { workflowLog } from '../../kit/log.js';
import { runAction } from '../../kit/run-action.js';
import { inputsFromEnv } from '../../kit/runner-protocol.js';
import { workspaceRoot } from '../shared/files.js';
import { readBuildTritonInputs } from './inputs.js';

await runAction(async () => {
  const inputs = readBuildTritonInputs(new Inputs(inputsFromEnv()), process.env);
  // Loaded only once the inputs are valid: a bad input fails at the speed of a bare Node start.
  const { run } = await import('./build-triton.js');
  const { setOutputs, writeSummary } = await import('../shared/outputs.js');
  const { openRunnerSession } = await import('../shared/runtime.js');
  const termination = abortOnTermination();
  try {
    await run(inputs, {
      log: workflowLog,
      clock: systemClock,
      setOutputs,
      writeSummary,
      writeBuildLog: (text) => process.stdout.write(text),
      openSession: openRunnerSession,
      workspaceRoot: workspaceRoot(process.env),
      run: githubRun(),
      signal: termination.signal,
    });
  } finally {
    termination.dispose();
  }
});
