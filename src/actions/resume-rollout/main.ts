import { withTermination } from '../../kit/cancellation.js';
import { Inputs } from '../../kit/inputs.js';
import { runAction } from '../../kit/run-action.js';
import { inputsFromEnv } from '../../kit/runner-protocol.js';
import { readResumeRolloutInputs } from './inputs.js';

await runAction(async () => {
  const inputs = readResumeRolloutInputs(new Inputs(inputsFromEnv()), process.env);
  // Loaded only once the inputs are valid: a bad input fails at the speed of a bare Node start.
  const [{ resumeRollout }, { runnerDeps }, { githubRest }] = await Promise.all([
    import('./resume-rollout.js'),
    import('../shared/ml-action-deps.js'),
    import('../../kit/github-rest.js'),
  ]);
  await withTermination((signal) => resumeRollout(inputs, { ...runnerDeps(signal), github: githubRest }));
});
