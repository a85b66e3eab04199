import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative, sep } from 'node:path';
import { FINAL_STATUSES, jobOutputUri } from '../../azure/ml/jobs.js';
import { MlModels, nextVersion } from '../../azure/ml/models.js';
import { abortOnTermination } from '../../kit/cancellation.js';
import { ActionError } from '../../kit/errors.js';
import { githubRun } from '../../kit/github-run.js';
import { workflowLog } from '../../kit/log.js';
import { markdownLink, markdownTable } from '../../kit/markdown.js';
import { checkTritonRepository, type RepositoryFiles } from '../../triton/repository-check.js';
import { setOutputs, writeSummary } from '../shared/outputs.js';
import { prepareMlCli } from '../shared/ml-cli.js';
import { openRunnerSession } from '../shared/runtime.js';
import { mlJobs } from '../shared/ml-clients.js';
import type { RegisterModelInputs } from './inputs.js';
import { championGate, splitLoggedMetrics } from './champion-gate.js';
import { gateTable, qualityGate } from './quality-gate.js';

export const JOB_TAG = 'next_item_job';

export async function registerModel(inputs: RegisterModelInputs): Promise<void> {
  const log = workflowLog;
  const { target } = inputs;
  const termination = abortOnTermination();
  const { signal } = termination;
  const session = openRunnerSession(target);
  const jobs = mlJobs(session, signal);
  const models = new MlModels(session.arm, target);
  const studio = (name: string, version: string) =>
    `${session.cloud.studio}/model/${name}:${version}/details?wsid=/subscriptions/${target.subscriptionId}/resourceGroups/${target.resourceGroup}/providers/Microsoft.MachineLearningServices/workspaces/${target.workspace}`;

  const job = await jobs.get(inputs.jobName, signal);
  if (job.status !== 'Completed') {
    throw new ActionError(
      `Job ${inputs.jobName} is ${job.status}: only a Completed job's output can be registered.`,
      FINAL_STATUSES.has(job.status)
        ? `Studio: ${job.studioUrl ?? ''}`
        : 'Register it once it completes (submit-pipeline with wait: true waits for that).',
    );
  }
  const existing = await models.versions(inputs.modelName, [JOB_TAG, inputs.jobName], signal);
  if (existing.length) {
    const version = existing[0]!;
    log.info(
      `Job ${inputs.jobName} is already registered as ${inputs.modelName}:${version.version}; nothing new is registered.`,
    );
    setOutputs(outputsFor(inputs.modelName, version.version, version.id, true));
    await writeSummary(
      `## Model ${markdownLink(`${inputs.modelName}:${version.version}`, studio(inputs.modelName, version.version))}\n\nAlready registered from job ${inputs.jobName}: reused.\n`,
    );
    return;
  }

  const steps = await jobs.steps(inputs.jobName, signal);
  const train = steps.find((step) => step.name === 'train');
  const logged = train ? await jobs.metrics(train.runId, signal) : {};
  const split = splitLoggedMetrics(logged);
  const { model: metrics, baseline } = split;
  const gate = [
    ...qualityGate(metrics, baseline, inputs.minMetrics, inputs.beatBaseline),
    ...championGate(split, inputs.beatChampion),
  ];
  if (gate.some((row) => !row.passed)) {
    const table = gateTable(gate);
    await writeSummary(`## Model not registered: below the quality bar\n\nJob ${inputs.jobName}\n\n${table}`);
    log.info(table);
    const failed = gate
      .filter((row) => !row.passed)
      .map((row) => `${row.metric} ${row.value ?? 'not logged'} (needs ${row.bar})`);
    throw new ActionError(
      `Job ${inputs.jobName} is below the quality bar, so nothing was registered: ${failed.join('; ')}.`,
    );
  }

  if (inputs.validate) {
    await prepareMlCli(session, undefined, signal);
    const files = await log.group(
      `Checking the Triton repository of job ${inputs.jobName} (output ${inputs.outputName})`,
      async () => downloadRepository(session, inputs, signal),
    );
    const findings = checkTritonRepository(files);
    if (findings.length) {
      const table = markdownTable(
        ['path', 'problem', 'fix'],
        findings.map((finding) => [finding.path, finding.problem, finding.fix]),
      );
      await writeSummary(
        `## Model not registered: the Triton repository is broken\n\nJob ${inputs.jobName}, output ${inputs.outputName}\n\n${table}`,
      );
      throw new ActionError(
        `The Triton repository of job ${inputs.jobName} is broken, so nothing was registered: ${findings.map((f) => `${f.path} ${f.problem}: ${f.fix}`).join('; ')}.`,
      );
    }
    log.info(
      `The repository passes Triton's layout rules and the Merlin export layout (${files.size} files).`,
    );
  }

  await models.ensureContainer(inputs.modelName, inputs.description, signal);
  const version =
    inputs.modelVersion ?? nextVersion(await models.versions(inputs.modelName, undefined, signal));
  const run = githubRun();
  const tags: Record<string, string> = Object.fromEntries(
    Object.entries({
      [JOB_TAG]: inputs.jobName,
      github_sha: run.sha,
      github_run_url: run.runUrl,
      ...stringify(metrics),
    }).filter(([, value]) => value),
  );
  const created = await models.create(
    inputs.modelName,
    version,
    {
      modelType: 'triton_model',
      modelUri: jobOutputUri(inputs.jobName, inputs.outputName),
      jobName: inputs.jobName,
      description: inputs.description ?? `Merlin next-item model trained by job ${inputs.jobName}`,
      tags,
      properties: stringify(
        Object.fromEntries(Object.entries(baseline).map(([key, value]) => [`baseline_${key}`, value])),
      ),
    },
    signal,
  );
  log.info(
    `Registered ${inputs.modelName}:${version} from ${jobOutputUri(inputs.jobName, inputs.outputName)}.`,
  );
  setOutputs(outputsFor(inputs.modelName, version, created.id, false));
  await writeSummary(
    `## Model ${markdownLink(`${inputs.modelName}:${version}`, studio(inputs.modelName, version))} registered\n\nFrom job ${inputs.jobName}, output ${inputs.outputName}.\n\n` +
      (gate.length ? gateTable(gate) : ''),
  );
  termination.dispose();
}

function outputsFor(name: string, version: string, armId: string, reused: boolean): Record<string, string> {
  return {
    'model-name': name,
    'model-version': version,
    'model-id': `azureml:${name}:${version}`,
    'model-arm-id': armId,
    reused: String(reused),
  };
}

function stringify(values: Record<string, number>): Record<string, string> {
  return Object.fromEntries(Object.entries(values).map(([key, value]) => [key, String(value)]));
}

/**
 * The job output through `az ml job download`: one process that handles the datastore's auth. A Merlin
 * repository is tens of megabytes; listing blobs instead would need a storage role and a second token
 * audience to save seconds.
 */
async function downloadRepository(
  session: ReturnType<typeof openRunnerSession>,
  inputs: RegisterModelInputs,
  signal: AbortSignal,
): Promise<RepositoryFiles> {
  const folder = mkdtempSync(join(process.env.RUNNER_TEMP || tmpdir(), 'triton-repository-'));
  try {
    const { target } = inputs;
    await session.az.run(
      [
        'ml',
        'job',
        'download',
        '--name',
        inputs.jobName,
        '--output-name',
        inputs.outputName,
        '--download-path',
        folder,
        '--resource-group',
        target.resourceGroup,
        '--workspace-name',
        target.workspace,
        '--subscription',
        target.subscriptionId,
        '--only-show-errors',
      ],
      { signal },
    );
    const root = join(folder, 'named-outputs', inputs.outputName);
    const files: RepositoryFiles = new Map();
    if (!existsSync(root)) return files;
    for (const entry of readdirSync(root, { recursive: true, withFileTypes: true })) {
      if (!entry.isFile()) continue;
      const path = relative(root, join(entry.parentPath, entry.name)).split(sep).join('/');
      files.set(
        path,
        entry.name === 'config.pbtxt' ? readFileSync(join(entry.parentPath, entry.name), 'utf8') : null,
      );
    }
    return files;
  } finally {
    rmSync(folder, { recursive: true, force: true });
  }
}
