import { Inputs } from '../../kit/inputs.js';
import { runAction } from '../../kit/run-action.js';
import { inputsFromEnv } from '../../kit/runner-protocol.js';
import { readBuildTritonInputs } from './inputs.js';

await runAction(async () => {
  const inputs = readBuildTritonInputs(new Inputs(inputsFromEnv()), process.env);
  // Loaded only once the inputs are valid: a bad input fails at the speed of a bare Node start.
  const { buildTriton } = await import('./build-triton.js');
  await buildTriton(inputs);
});
