import { existsSync, readFileSync } from 'node:fs';
import { githubRun } from '../../kit/github-run.js';
import { Inputs } from '../../kit/inputs.js';
import { runAction } from '../../kit/run-action.js';
import { inputsFromEnv } from '../../kit/runner-protocol.js';
import { readCommentContext, readRunFacts } from './inputs.js';

await runAction(async () => {
  const inputs = new Inputs(inputsFromEnv());
  const run = githubRun();
  const facts = readRunFacts(inputs, process.env, run);
  const eventPath = process.env.GITHUB_EVENT_PATH;
  const payload = eventPath && existsSync(eventPath) ? readFileSync(eventPath, 'utf8') : '';
  const comment = readCommentContext(inputs, process.env, run, payload, facts.endpoint);
  const [body, outputs, { workflowLog }, { octokitCommentApi }, core] = await Promise.all([
    import('./run-report.js'),
    import('../shared/outputs.js'),
    import('../../kit/log.js'),
    import('./octokit-api.js'),
    import('@actions/core'),
  ]);
  if (comment.token) core.setSecret(comment.token);
  const apiUrl = process.env.GITHUB_API_URL || 'https://api.github.com';
  await body.run(facts, comment, {
    log: workflowLog,
    setOutputs: outputs.setOutputs,
    writeSummary: outputs.writeSummary,
    commentApi: (token) => octokitCommentApi(token, run.repository, apiUrl),
  });
});
