import { relative } from 'node:path';
import {
  AcrBuildFailed,
  acrBuild,
  queueAcrBuild,
  type AcrBuildRequest,
  getRegistry,
  registryPath,
  tagDigest,
  type Registry,
} from '../../azure/acr.js';
import type { ArmClient } from '../../azure/arm-client.js';
import type { AzCli } from '../../azure/az-cli.js';
import { getWorkspace } from '../../azure/ml/workspace.js';
import type { AzureTarget } from '../../azure/target.js';
import type { GithubRun } from '../../kit/github-run.js';
import { hashContent } from '../../kit/content-hash.js';
import { ActionError } from '../../kit/errors.js';
import type { StepDeps } from '../shared/step-deps.js';
import { buildFailureMessage, buildFailureSummary } from './failure-summary.js';
import type { BuildTritonInputs } from './inputs.js';
import {
  acrBuildArgs,
  buildOutputs,
  buildSummary,
  contentTag,
  decideBuild,
  tagHashInputs,
  type BuildResult,
} from './plan.js';

/** What the body needs from the runner: passed in, so tests give their own. */
export interface BuildTritonDeps extends Omit<StepDeps, 'openSession'> {
  /** Where the ACR run's log goes as it streams. */
  writeBuildLog: (text: string) => void;
  openSession: (target: AzureTarget) => { arm: ArmClient; az: AzCli };
  workspaceRoot: string;
  /** The run the image comes from: its commit and repository become the image's OCI labels. */
  run: GithubRun;
  signal?: AbortSignal;
}

export async function run(inputs: BuildTritonInputs, deps: BuildTritonDeps): Promise<void> {
  const { log, signal } = deps;
  const buildArgs: Array<[string, string]> = [['BASE_IMAGE', inputs.baseImage], ...inputs.buildArgs];
  const tag = inputs.tag ?? contentTag(await hashTagInputs(inputs, buildArgs));
  const session = deps.openSession(inputs.target);
  const registry = await findRegistry(session.arm, inputs, signal);
  const repositoryTag = `${inputs.repository}:${tag}`;
  const image = `${registry.loginServer}/${repositoryTag}`;
  log.info(
    `Image ${image} (${inputs.tag ? 'tag given' : `tag from the content of ${relative(deps.workspaceRoot, inputs.context) || '.'}, the base image and the build arguments`}).`,
  );

  const decision = decideBuild(await tagDigest(session.az, registry, repositoryTag, signal));
  if (decision.build && !inputs.wait) {
    const queued = await queueAcrBuild(
      session.az,
      buildRequest(inputs, deps, registry, repositoryTag, buildArgs),
      signal,
    );
    log.info(`Queued ACR run ${queued.runId} for ${repositoryTag}; not waiting for it (wait: false).`);
    return report(deps, {
      image,
      digest: undefined,
      built: 'queued',
      runId: queued.runId,
      registry,
      baseImage: inputs.baseImage,
    });
  }
  let digest: string | undefined;
  if (decision.build) {
    digest = await log.group(`ACR build of ${repositoryTag} in ${registry.name}`, () =>
      buildWithCauseFirst(deps, () =>
        acrBuild(session.az, buildRequest(inputs, deps, registry, repositoryTag, buildArgs), {
          clock: deps.clock,
          onLog: deps.writeBuildLog,
          onNotice: (line) => log.info(line),
          signal,
        }),
      ),
    );
    digest ??= await tagDigest(session.az, registry, repositoryTag, signal);
  } else {
    digest = decision.digest;
    log.info(`${repositoryTag} is already in ${registry.name} (${digest}): nothing to build.`);
  }
  await report(deps, { image, digest, built: decision.build, registry, baseImage: inputs.baseImage });
}

async function report(deps: BuildTritonDeps, result: BuildResult): Promise<void> {
  deps.setOutputs(buildOutputs(result));
  await deps.writeSummary(buildSummary(result));
}

function buildRequest(
  inputs: BuildTritonInputs,
  deps: BuildTritonDeps,
  registry: Registry,
  image: string,
  buildArgs: Array<[string, string]>,
): AcrBuildRequest {
  return {
    registry,
    image,
    context: inputs.context,
    dockerfile: inputs.dockerfile,
    platform: inputs.platform,
    buildArgs: acrBuildArgs(buildArgs, deps.run),
    timeoutSeconds: Math.round(inputs.timeoutMs / 1000),
  };
}

/** A failed build's summary and error both start with the failing Dockerfile step and the line saying why. */
async function buildWithCauseFirst<T>(deps: BuildTritonDeps, build: () => Promise<T>): Promise<T> {
  try {
    return await build();
  } catch (error) {
    if (!(error instanceof AcrBuildFailed)) throw error;
    await deps.writeSummary(buildFailureSummary(error.image, error.registry, error.log));
    throw new ActionError(buildFailureMessage(error.image, error.registry, error.failure, error.log));
  }
}

async function hashTagInputs(inputs: BuildTritonInputs, buildArgs: Array<[string, string]>): Promise<string> {
  const plan = tagHashInputs({ ...inputs, buildArgs });
  return hashContent(plan.folders, plan.extra);
}

/** The registry given by name (in the workspace's resource group), else the workspace's own. */
async function findRegistry(
  arm: ArmClient,
  inputs: BuildTritonInputs,
  signal?: AbortSignal,
): Promise<Registry> {
  if (inputs.registry) return getRegistry(arm, registryPath(inputs.target, inputs.registry), signal);
  const workspace = await getWorkspace(arm, inputs.target, signal);
  if (!workspace.containerRegistry) {
    throw new ActionError(
      `Workspace ${inputs.target.workspace} has no container registry yet.`,
      'Give the registry input, or attach a registry to the workspace.',
    );
  }
  return getRegistry(arm, workspace.containerRegistry, signal);
}
