import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { MlModels, nextVersion } from '../../azure/ml/models.js';
import type { Job, MlJobs } from '../../azure/ml/jobs.js';
import type { AzureSession } from '../../azure/session.js';
import { workspacePath } from '../../azure/target.js';
import { ActionError } from '../../kit/errors.js';
import { checkTritonRepository, type RepositoryFiles } from '../../triton/repository-check.js';
import type { MlActionDeps } from '../shared/ml-action-deps.js';
import { mlJobs } from '../shared/ml-clients.js';
import { prepareMlCli } from '../shared/ml-cli.js';
import { TAGS } from '../shared/shared-names.js';
import { MODEL_CARD_FILE, parseModelCard, type ModelCard } from '../shared/model-card.js';
import {
  downloadMetricsOutput,
  listFiles,
  TRITON_FOLDER,
  withJobOutput,
  type TrainingMetrics,
} from '../shared/ml-outputs.js';
import type { RegisterModelInputs } from './inputs.js';
import { championGate } from './champion-gate.js';
import { qualityGate } from './quality-gate.js';
import { missingCardNote, withJobData } from './card-plan.js';
import {
  belowBar,
  brokenRepository,
  cardLine,
  metricsSource,
  modelOutputs,
  notRegistrable,
  registeredSummary,
  registrationRequest,
  reusedSummary,
  studioModelUrl,
} from './register-plan.js';

interface Context {
  inputs: RegisterModelInputs;
  deps: MlActionDeps;
  session: AzureSession;
  jobs: MlJobs;
  models: MlModels;
  signal: AbortSignal;
  link: (version: string) => string;
}

/** Registers a Completed job's Triton repository as a model version, once its metrics pass the bars. */
export async function registerModel(inputs: RegisterModelInputs, deps: MlActionDeps): Promise<void> {
  const context = openContext(inputs, deps);
  const job = await context.jobs.get(inputs.jobName, context.signal);
  const refused = notRegistrable(job);
  if (refused) throw refused;
  if (await reuseEarlierVersion(context)) return;
  await prepareMlCli(context.session, undefined, context.signal);
  const { metrics, card, cardNote } = await readMetrics(context, job);
  const gate = [
    ...qualityGate(metrics.model, metrics.baseline, inputs.minMetrics, inputs.beatBaseline),
    ...championGate(metrics.references, inputs.beatChampion),
  ];
  if (gate.some((row) => !row.passed)) {
    const { summary, error } = belowBar(inputs.jobName, gate);
    await deps.writeSummary(summary);
    throw error;
  }
  if (inputs.validate) await validateRepository(context);
  const version = await register(context, metrics, card);
  await deps.writeSummary(
    registeredSummary(
      context.link(version),
      inputs.modelName,
      version,
      inputs,
      gate,
      cardLine(card, cardNote),
    ),
  );
}

function openContext(inputs: RegisterModelInputs, deps: MlActionDeps): Context {
  const { signal } = deps;
  const session = deps.openSession(inputs.target);
  const workspaceId = workspacePath(inputs.target);
  return {
    inputs,
    deps,
    session,
    signal,
    jobs: mlJobs(session, signal),
    models: new MlModels(session.arm, inputs.target),
    link: (version) => studioModelUrl(session.cloud.studio, workspaceId, inputs.modelName, version),
  };
}

/** A version registered from this job before is the answer again: registering is idempotent per job. */
async function reuseEarlierVersion(context: Context): Promise<boolean> {
  const { inputs, deps } = context;
  const [earlier] = await context.models.versions(
    inputs.modelName,
    [TAGS.job, inputs.jobName],
    context.signal,
  );
  if (!earlier) return false;
  deps.log.info(
    `Job ${inputs.jobName} is already registered as ${inputs.modelName}:${earlier.version}; nothing new is registered.`,
  );
  deps.setOutputs(modelOutputs(inputs.modelName, earlier.version, earlier.id, true, earlier.tags));
  await deps.writeSummary(
    reusedSummary(context.link(earlier.version), inputs.modelName, earlier.version, inputs.jobName),
  );
  return true;
}

interface TrainingOutput {
  metrics: TrainingMetrics;
  card?: ModelCard;
  /** Why there is no card, when there is none. */
  cardNote?: string;
}

/** The metrics.json (and model_card.json) the train step wrote to the pipeline's `metrics` output. */
async function readMetrics(context: Context, job: Job): Promise<TrainingOutput> {
  if (metricsSource(job, context.inputs) === 'none') {
    context.deps.log.warning(
      `Job ${job.name} has no metrics output: the model is registered without metrics.`,
    );
    return { metrics: { model: {}, baseline: {}, references: {} } };
  }
  const { session, inputs, deps } = context;
  return deps.log.group(`Reading the metrics of job ${job.name}`, async () => {
    const output = await downloadMetricsOutput(session.az, inputs.target, job.name, context.signal);
    const { metrics } = output;
    deps.log.info(
      `model ${JSON.stringify(metrics.model)}, popularity baseline ${JSON.stringify(metrics.baseline)}`,
    );
    const read = readCard(output.cardText, job);
    if (read.cardNote) deps.log.notice(read.cardNote);
    return { metrics, ...read };
  });
}

/** The card, or why there is none: a pipeline without one, or a file that is not a card, is a notice. */
function readCard(text: string | undefined, job: Job): Omit<TrainingOutput, 'metrics'> {
  if (text === undefined) return { cardNote: missingCardNote(job.name) };
  try {
    return { card: withJobData(parseModelCard(text, `${MODEL_CARD_FILE} of job ${job.name}`), job.inputs) };
  } catch (error) {
    return { cardNote: missingCardNote(job.name, (error as Error).message) };
  }
}

async function validateRepository(context: Context): Promise<void> {
  const { inputs, deps } = context;
  const files = await deps.log.group(
    `Checking the Triton repository of job ${inputs.jobName} (output ${inputs.outputName}, folder ${TRITON_FOLDER}/)`,
    () =>
      withJobOutput(
        context.session.az,
        inputs.target,
        inputs.jobName,
        inputs.outputName,
        (root) => repositoryFiles(root, inputs),
        context.signal,
      ),
  );
  const findings = checkTritonRepository(files);
  if (findings.length) {
    const { summary, error } = brokenRepository(inputs.jobName, inputs.outputName, findings);
    await deps.writeSummary(summary);
    throw error;
  }
  deps.log.info(
    `The repository passes Triton's layout rules and the Merlin export layout (${files.size} files).`,
  );
}

/** The Triton repository's files under the output's triton/ folder; config.pbtxt files with their text. */
function repositoryFiles(root: string, inputs: RegisterModelInputs): RepositoryFiles {
  const repository = join(root, TRITON_FOLDER);
  if (!existsSync(repository))
    throw new ActionError(
      `Output ${inputs.outputName} of job ${inputs.jobName} has no ${TRITON_FOLDER}/ folder (it has: ${listFiles(root).slice(0, 10).join(', ') || 'nothing'}).`,
      `The train step writes the Triton repository to <model output>/${TRITON_FOLDER}/ (pipeline/components/train/src/train.py); a job trained before that change must be retrained.`,
    );
  return new Map(
    listFiles(repository).map((path) => [
      path,
      path.endsWith('/config.pbtxt') || path === 'config.pbtxt'
        ? readFileSync(join(repository, path), 'utf8')
        : null,
    ]),
  );
}

async function register(context: Context, metrics: TrainingMetrics, card?: ModelCard): Promise<string> {
  const { inputs, deps, models, signal } = context;
  await models.ensureContainer(inputs.modelName, inputs.description, signal);
  const version =
    inputs.modelVersion ?? nextVersion(await models.versions(inputs.modelName, undefined, signal));
  const { request, tagWarnings } = registrationRequest(inputs, metrics, deps.run, card);
  for (const warning of tagWarnings) deps.log.warning(warning);
  const created = await models.create(inputs.modelName, version, request, signal);
  deps.log.info(`Registered ${inputs.modelName}:${version} from ${request.modelUri}.`);
  deps.setOutputs(modelOutputs(inputs.modelName, version, created.id, false, created.tags));
  return version;
}
