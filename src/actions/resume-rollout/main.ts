import { systemClock } from '../../kit/clock.js';
import { Inputs } from '../../kit/inputs.js';
import { runAction } from '../../kit/run-action.js';
import { inputsFromEnv } from '../../kit/runner-protocol.js';
import { readResumeRolloutInputs } from './inputs.js';

await runAction(async () => {
  const inputs = readResumeRolloutInputs(new Inputs(inputsFromEnv()), process.env);
  const [{ resumeRollout }, { runnerDeps }, core] = await Promise.all([
    import('./resume-rollout.js'),
    import('../shared/ml-action-deps.js'),
    import('@actions/core'),
  ]);
  await resumeRollout(inputs, {
    ...runnerDeps(),
    clock: systemClock,
    fetch,
    secret: (value) => core.setSecret(value),
  });
});
