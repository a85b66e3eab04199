import { Inputs } from '../../kit/inputs.js';
import { runAction } from '../../kit/run-action.js';
import { inputsFromEnv } from '../../kit/runner-protocol.js';
import { readPlanRolloutInputs } from './inputs.js';
import { readOrRefuse, run } from './plan-rollout.js';

await runAction(async () => {
  const read = readOrRefuse(() => readPlanRolloutInputs(new Inputs(inputsFromEnv()), process.env));
  const [{ setOutputs, writeSummary }, { workflowLog }] = await Promise.all([
    import('../shared/outputs.js'),
    import('../../kit/log.js'),
  ]);
  await run(read, { log: workflowLog, setOutputs, writeSummary });
});
