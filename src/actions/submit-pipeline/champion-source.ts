import { ArmError } from '../../azure/arm-error.js';
import { liveDeployment, MlEndpoints } from '../../azure/ml/endpoints.js';
import type { MlJobs } from '../../azure/ml/jobs.js';
import { MlModels } from '../../azure/ml/models.js';
import type { AzureSession } from '../../azure/session.js';
import { workspacePath } from '../../azure/target.js';
import { ActionError } from '../../kit/errors.js';
import type { Log } from '../../kit/log.js';
import {
  formatModel,
  modelOfDeployment,
  planChampion,
  type LiveModelFacts,
  type ModelRef,
} from './champion-plan.js';

export type ChampionSource = { model: ModelRef } | { endpoint: string };

/**
 * The live model by ARM reads: the given model, or the model of the endpoint's deployment with the most
 * traffic. Undefined (with the reason in `none`) when the endpoint does not exist yet or serves nothing.
 */
export async function readLiveModel(
  session: AzureSession,
  jobs: MlJobs,
  source: ChampionSource,
  signal?: AbortSignal,
): Promise<{ live?: LiveModelFacts; none: string }> {
  const found = 'model' in source ? { model: source.model, source: 'input champion-model' } : undefined;
  const served = found ?? (await servedModel(session, source as { endpoint: string }, signal));
  if ('none' in served) return { none: served.none };
  const version = await new MlModels(session.arm, session.target).version(
    served.model.name,
    served.model.version,
    signal,
  );
  if (!version) {
    throw new ActionError(
      `The champion ${formatModel(served.model)} (${served.source}) is not a model version of workspace ${session.target.workspace}.`,
      'Give champion-model as azureml:<name>:<version> of a registered model (az ml model list), or leave it empty.',
    );
  }
  const trainedBy = version.jobName ? await jobTags(jobs, version.jobName, signal) : undefined;
  return { live: { ...served, trainedBy }, none: '' };
}

async function servedModel(
  session: AzureSession,
  { endpoint }: { endpoint: string },
  signal?: AbortSignal,
): Promise<{ model: ModelRef; source: string } | { none: string }> {
  const endpoints = new MlEndpoints(session.arm, session.target);
  const found = await endpoints.get(endpoint, signal);
  if (!found) return { none: `Champion: endpoint ${endpoint} does not exist yet, so there is none.` };
  const live = liveDeployment(found.traffic);
  if (!live) return { none: `Champion: endpoint ${endpoint} sends no traffic anywhere, so there is none.` };
  const deployment = await endpoints.deployment(endpoint, live, signal);
  const model = modelOfDeployment(deployment?.model, workspacePath(session.target));
  if (!model) {
    return {
      none: `Champion: deployment ${live} of endpoint ${endpoint} serves ${deployment?.model ?? 'no model'}, not a model version of this workspace, so it cannot be scored as the champion.`,
    };
  }
  return {
    model,
    source: `live deployment ${live} of endpoint ${endpoint}, ${found.traffic[live]}% of traffic`,
  };
}

/** The training job's tags; a job that is gone (retention) leaves the model without its provenance. */
async function jobTags(
  jobs: MlJobs,
  name: string,
  signal?: AbortSignal,
): Promise<LiveModelFacts['trainedBy'] | undefined> {
  try {
    return { name, tags: (await jobs.get(name, signal)).tags };
  } catch (error) {
    if (error instanceof ArmError && error.status === 404) return undefined;
    throw error;
  }
}

export interface ChampionRequest {
  session: AzureSession;
  jobs: MlJobs;
  source?: ChampionSource;
  log: Log;
  signal?: AbortSignal;
}

export interface HashedOverrides {
  overrides: string[];
  /** The content hash the run is keyed on (reuse, tags). */
  hash: string;
  /** The hash without the champion, kept as a tag so a later run can tell its own model when it is live. */
  baseHash: string;
}

/** The run's overrides and content hash once the champion is known: see planChampion. */
export async function applyChampion(
  request: ChampionRequest,
  base: string[],
  hashOf: (overrides: string[]) => Promise<string>,
): Promise<HashedOverrides> {
  const baseHash = await hashOf(base);
  if (!request.source) return { overrides: base, hash: baseHash, baseHash };
  const { live, none } = await readLiveModel(request.session, request.jobs, request.source, request.signal);
  const plan = planChampion(live, baseHash, none);
  request.log.info(plan.note);
  if (plan.kind === 'champion') {
    const overrides = [...base, ...plan.sets];
    return { overrides, hash: await hashOf(overrides), baseHash };
  }
  return { overrides: base, hash: plan.kind === 'live-is-ours' ? plan.hash : baseHash, baseHash };
}
