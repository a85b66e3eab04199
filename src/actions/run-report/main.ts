import { githubRun } from '../../kit/github-run.js';
import { Inputs } from '../../kit/inputs.js';
import { runAction } from '../../kit/run-action.js';
import { inputsFromEnv } from '../../kit/runner-protocol.js';
import { readRunFacts } from './inputs.js';
import { runReport } from './report.js';
import { runVerdict } from './verdict.js';

await runAction(async () => {
  const facts = readRunFacts(new Inputs(inputsFromEnv()), process.env, githubRun());
  const verdict = runVerdict(facts);
  const { setOutputs, writeSummary } = await import('../shared/outputs.js');
  await writeSummary(runReport(facts, verdict));
  setOutputs({ verdict: verdict.kind, 'verdict-line': verdict.line });
});
