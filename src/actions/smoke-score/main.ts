import { withTermination } from '../../kit/cancellation.js';
import { Inputs } from '../../kit/inputs.js';
import { runAction } from '../../kit/run-action.js';
import { inputsFromEnv } from '../../kit/runner-protocol.js';
import { readSmokeScoreInputs } from './inputs.js';

await runAction(async () => {
  const inputs = readSmokeScoreInputs(new Inputs(inputsFromEnv()), process.env);
  // Loaded only once the inputs are valid: a bad input fails at the speed of a bare Node start.
  const [{ run }, { runnerStepDeps }] = await Promise.all([
    import('./smoke-score.js'),
    import('../shared/step-deps.js'),
  ]);
  await withTermination((signal) => run(inputs, { ...runnerStepDeps(), signal }));
});
