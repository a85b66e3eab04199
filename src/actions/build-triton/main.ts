import { withTermination } from '../../kit/cancellation.js';
import { githubRun } from '../../kit/github-run.js';
import { Inputs } from '../../kit/inputs.js';
import { runAction } from '../../kit/run-action.js';
import { inputsFromEnv } from '../../kit/runner-protocol.js';
import { workspaceRoot } from '../shared/files.js';
import { readBuildTritonInputs } from './inputs.js';

await runAction(async () => {
  const inputs = readBuildTritonInputs(new Inputs(inputsFromEnv()), process.env);
  // Loaded only once the inputs are valid: a bad input fails at the speed of a bare Node start.
  const [{ run }, { runnerStepDeps }] = await Promise.all([
    import('./build-triton.js'),
    import('../shared/step-deps.js'),
  ]);
  await withTermination((signal) =>
    run(inputs, {
      ...runnerStepDeps(),
      writeBuildLog: (text) => process.stdout.write(text),
      workspaceRoot: workspaceRoot(process.env),
      run: githubRun(),
      signal,
    }),
  );
});
