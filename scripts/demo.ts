// `npm run demo`: the whole chain against the offline emulator, as GitHub would run it: retrain.yml calls
// next-item.yml, whose jobs run the actions' bundles. Two runs on a team's data asset (NEXT_ITEM_DATA_ASSET): the
// first push trains on version 1 and deploys it; after version 2 is registered, the next run (what the nightly run
// does) retrains with the live model as the champion, and its report shows model, champion, transition and
// popularity side by side. Ends with the scoring URI, one recommendation and a Markdown file of every job's summary.
import { mkdirSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { RunningEmulator } from '../action-test/emulator/server.js';
import { localEmulator } from '../action-test/workflow-runner/local-run.js';
import { runWorkflow } from '../action-test/workflow-runner/runner.js';
import { callerSettings, pushWorld } from '../action-test/support/workflow-world.js';

const DETAIL =
  /^(status|started|ended|duration|run id|error):\s|^output |^Signing in to |^Azure CLI ml extension/;
const started = Date.now();
const running = await localEmulator();
console.log(
  `Emulated Azure on ${running.url}, clock ${running.config.speed}x: hours of training and provisioning pass in seconds.`,
);

/** A version of the team's interactions, as `az ml data create` registers it. */
function registerData(r: RunningEmulator, version: string): void {
  r.store.dataAssets.put({
    name: 'clicks',
    version,
    dataType: 'uri_folder',
    dataUri: `azureml://datastores/workspaceblobstore/paths/clicks/v${version}/`,
    tags: {},
    properties: {},
    createdAt: r.clock.now(),
  });
}

const retrainOnClicks = (runId: string) =>
  runWorkflow(
    pushWorld(running, {
      vars: { ...callerSettings(running).vars, NEXT_ITEM_DATA_ASSET: 'clicks' },
      runId,
      onLog: (line) => {
        const text = line.replace(/^\[[\w-]+\] /, '');
        if (!text.startsWith('  ') && !DETAIL.test(text)) console.log(line);
      },
    }),
    '.github/workflows/retrain.yml',
  );

registerData(running, '1');
console.log(
  'Run 1: retrain.yml on a push to main, NEXT_ITEM_DATA_ASSET=clicks (version 1); no endpoint yet...\n',
);
const first = await retrainOnClicks('9001');
let run = first;
if (first.result === 'success') {
  registerData(running, '2');
  console.log(
    '\nRun 2: version 2 of clicks is registered; the next run (as the nightly one) retrains against the live model...\n',
  );
  run = await retrainOnClicks('9002');
}
await running.close();

const out = resolve('.demo');
mkdirSync(out, { recursive: true });
const summaryFile = join(out, 'summary.md');
const firstReport = first.jobs.report?.summaries.join('\n') ?? '';
if (run !== first) writeFileSync(join(out, 'first-run.md'), firstReport);
// The run report (the last job) opens the file, its verdict on the first line, as a reader wants it.
const report = run.jobs.report?.summaries.join('\n') ?? '';
const sections = Object.values(run.jobs).map(
  (job) =>
    `# Job ${job.id}: ${job.result}\n\n${job.summaries.join('\n') || '_(no summary)_'}\n` +
    (job.environment ? `\nEnvironment **${job.environment.name}**: ${job.environment.url}\n` : ''),
);
writeFileSync(summaryFile, `${report || `# next-item run ${run.result}`}\n\n${sections.join('\n')}`);

console.log('');
if (report) console.log(report.split('\n')[0]);
console.log(
  `Jobs: ${Object.values(run.jobs)
    .map((job) => `${job.id} ${job.result}`)
    .join(', ')}`,
);
if (run.result !== 'success') {
  console.log(`The run failed: ${run.wiringErrors.join('; ') || 'see the log above'}`);
  console.log(`Summaries: ${summaryFile}`);
  process.exit(1);
}
const recommendations = JSON.parse(run.jobs.smoke!.outputs.recommendations || '[]') as {
  item: number;
  score: number;
}[];
console.log(`Scoring URI:     ${run.outputs['scoring-uri']}`);
console.log(`Model:           ${run.outputs['model-id']} from job ${run.outputs['model-job-name']}`);
console.log(`Deployment:      ${run.outputs.deployment} (traffic ${run.outputs.traffic})`);
console.log(
  `Recommendation:  for the first sample session, item ${recommendations[0]?.item} (score ${recommendations[0]?.score.toFixed(2)})`,
);
console.log(`Summaries:       ${summaryFile}`);
console.log(`Done in ${((Date.now() - started) / 1000).toFixed(1)} s.`);
process.exit(0);
