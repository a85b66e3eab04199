import type { ArmClient } from './arm-client.js';
import { AzCliError, type AzCli } from './az-cli.js';
import { ArmError } from './arm-error.js';
import { ActionError } from '../kit/errors.js';
import type { Clock } from '../kit/clock.js';
import { waitFor } from '../kit/waiter.js';
import { ACR_RUN_GRACE_MS, pollDelay } from './polling-policy.js';

const ACR_API_VERSION = '2023-07-01';

/** A registry and where it lives: every `az acr` call names its subscription, not the CLI's default one. */
export interface Registry {
  id: string;
  name: string;
  loginServer: string;
  subscriptionId: string;
  resourceGroup: string;
}

export function registryPath(
  target: { subscriptionId: string; resourceGroup: string },
  name: string,
): string {
  return `/subscriptions/${encodeURIComponent(target.subscriptionId)}/resourceGroups/${encodeURIComponent(target.resourceGroup)}/providers/Microsoft.ContainerRegistry/registries/${encodeURIComponent(name)}`;
}

/** The subscription and resource group of an ARM id (`/subscriptions/S/resourceGroups/G/...`). */
export function armScope(id: string): { subscriptionId: string; resourceGroup: string } {
  const match = /^\/subscriptions\/([^/]+)\/resourceGroups\/([^/]+)\//i.exec(id);
  if (!match) throw new Error(`Not an ARM resource id: ${id}`);
  return { subscriptionId: decodeURIComponent(match[1]!), resourceGroup: decodeURIComponent(match[2]!) };
}

/** The registry at an ARM id (the workspace's containerRegistry) or by name in the workspace's resource group. */
export async function getRegistry(arm: ArmClient, idOrPath: string, signal?: AbortSignal): Promise<Registry> {
  try {
    const body = await arm.get<{ id: string; name: string; properties: { loginServer: string } }>(idOrPath, {
      apiVersion: ACR_API_VERSION,
      signal,
    });
    return { id: body.id, name: body.name, loginServer: body.properties.loginServer, ...armScope(body.id) };
  } catch (error) {
    if (error instanceof ArmError && error.status === 404) {
      throw new ActionError(
        `Container registry ${idOrPath.split('/').pop()} was not found (${idOrPath}).`,
        "Give registry the name of an ACR in the workspace's resource group, or leave it empty to use the workspace's own registry.",
      );
    }
    throw error;
  }
}

/** `--subscription` for every `az acr` command; `--resource-group` where the command takes it (ARM ones). */
function scopeArgs(registry: Registry, withGroup: boolean): string[] {
  return [
    ...(withGroup ? ['--resource-group', registry.resourceGroup] : []),
    '--subscription',
    registry.subscriptionId,
  ];
}

export interface TagDetail {
  name: string;
  digest: string;
}

/**
 * Whether `repository:tag` exists, decided from structured answers only: the repository's tag list when
 * it can be read, else the registry's catalog (a repository missing from it has no tags).
 */
export function decideTag(
  tag: string,
  tags: TagDetail[] | undefined,
  repositories: string[] | undefined,
  repository: string,
): { found: true; digest: string } | { found: false } | { found: 'unknown' } {
  if (tags) {
    const match = tags.find((candidate) => candidate.name === tag);
    return match ? { found: true, digest: match.digest } : { found: false };
  }
  if (repositories && !repositories.includes(repository)) return { found: false };
  return { found: 'unknown' };
}

/** The digest of `repository:tag` in the registry, or undefined when no such tag exists. */
export async function tagDigest(
  az: AzCli,
  registry: Registry,
  image: string,
  signal?: AbortSignal,
): Promise<string | undefined> {
  const [repository, tag = 'latest'] = image.split(':') as [string, string?];
  const dataPlane = ['--name', registry.name, ...scopeArgs(registry, false)];
  let tags: TagDetail[] | undefined;
  let listError: AzCliError | undefined;
  try {
    tags = await az.json<TagDetail[]>(
      ['acr', 'repository', 'show-tags', ...dataPlane, '--repository', repository, '--detail'],
      { signal },
    );
  } catch (error) {
    if (!(error instanceof AzCliError)) throw error;
    listError = error;
  }
  let repositories: string[] | undefined;
  if (!tags) {
    try {
      repositories = await az.json<string[]>(['acr', 'repository', 'list', ...dataPlane], { signal });
    } catch (error) {
      if (!(error instanceof AzCliError)) throw error;
    }
  }
  const decision = decideTag(tag, tags, repositories, repository);
  if (decision.found === 'unknown')
    throw new ActionError(
      `Could not read the tags of ${repository} in ${registry.name}: ${listError?.message}`,
      'The identity needs to read repository metadata and list the catalog of the registry.',
    );
  return decision.found ? decision.digest : undefined;
}

export interface AcrBuildRequest {
  registry: Registry;
  image: string;
  /** Absolute paths: `az acr build` resolves --file against its working directory, not the context. */
  context: string;
  dockerfile: string;
  platform: string;
  buildArgs: Array<[string, string]>;
  timeoutSeconds: number;
}

/** An ACR Tasks run as az prints it (camelCase). */
export interface AcrRun {
  runId: string;
  status: string;
  outputImages?: Array<{ repository?: string; tag?: string; digest?: string }> | null;
  runErrorMessage?: string | null;
}

/** ACR RunStatus values after which a run changes no more. */
export const FINAL_RUN_STATUSES = ['Succeeded', 'Failed', 'Canceled', 'Error', 'Timeout'];

export function buildArgs(request: AcrBuildRequest): string[] {
  return [
    'acr',
    'build',
    '--registry',
    request.registry.name,
    ...scopeArgs(request.registry, true),
    '--image',
    request.image,
    '--file',
    request.dockerfile,
    '--platform',
    request.platform,
    '--timeout',
    String(request.timeoutSeconds),
    ...request.buildArgs.flatMap(([key, value]) => ['--build-arg', `${key}=${value}`]),
    '--no-wait',
    '--output',
    'json',
    request.context,
  ];
}

/** What a finished run means for the action: the digest it pushed, or why it failed. */
export function runOutcome(run: AcrRun, image: string): { digest?: string } | { failure: string } {
  if (run.status !== 'Succeeded')
    return {
      failure: `run ${run.runId} ended ${run.status}${run.runErrorMessage ? `: ${run.runErrorMessage}` : ''}`,
    };
  const [repository, tag = 'latest'] = image.split(':');
  const pushed = (run.outputImages ?? []).find((out) => out.repository === repository && out.tag === tag);
  return { digest: pushed?.digest ?? run.outputImages?.[0]?.digest };
}

export interface AcrBuildOptions {
  clock: Clock;
  onLog: (text: string) => void;
  onNotice?: (line: string) => void;
  signal?: AbortSignal;
  delay?: (elapsedMs: number) => number;
}

/**
 * A remote build with ACR Tasks, followed by its run id: queued with `--no-wait` (the run comes back as
 * JSON), its log streamed with `az acr task logs`, and its end read with `az acr task show-run`, because the
 * log stream can give up (30 minutes without new bytes) and return before the run ends. Returns the digest
 * pushed (undefined when the run reports none); a failed run throws with the tail of its log.
 */
export async function acrBuild(
  az: AzCli,
  request: AcrBuildRequest,
  options: AcrBuildOptions,
): Promise<string | undefined> {
  const { registry } = request;
  const byRun = (id: string) => ['--registry', registry.name, '--run-id', id, ...scopeArgs(registry, true)];
  let log = '';
  const queued = await queueAcrBuild(az, request, options.signal);
  options.onNotice?.(`Queued ACR run ${queued.runId}.`);
  try {
    ({ stdout: log } = await az.run(['acr', 'task', 'logs', ...byRun(queued.runId)], {
      signal: options.signal,
      onOutput: (chunk) => options.onLog(chunk),
    }));
  } catch (error) {
    if (!(error instanceof AzCliError)) throw error;
    options.onNotice?.(
      `The log of run ${queued.runId} could not be streamed (${error.message}); following its status.`,
    );
  }
  const final = await waitFor({
    clock: options.clock,
    what: `ACR run ${queued.runId} to end`,
    timeoutMs: request.timeoutSeconds * 1000 + ACR_RUN_GRACE_MS,
    signal: options.signal,
    delay: options.delay ?? pollDelay('acrRun'),
    poll: async () => {
      const run = await az.json<AcrRun>(['acr', 'task', 'show-run', ...byRun(queued.runId)], {
        signal: options.signal,
      });
      return FINAL_RUN_STATUSES.includes(run.status) ? run : undefined;
    },
  });
  const outcome = runOutcome(final, request.image);
  if ('failure' in outcome) throw new AcrBuildFailed(request.image, registry.name, outcome.failure, log);
  return outcome.digest;
}

/** Queues an ACR Tasks build (`--no-wait`) and returns the queued run, without following it. */
export async function queueAcrBuild(
  az: AzCli,
  request: AcrBuildRequest,
  signal?: AbortSignal,
): Promise<AcrRun> {
  // The source location stays the last argument, as people write it; --output comes before it.
  return parseRun((await az.run(buildArgs(request), { signal })).stdout);
}

/** A build that ran and failed, with its whole log, so the caller can find the cause in it. */
export class AcrBuildFailed extends ActionError {
  constructor(
    readonly image: string,
    readonly registry: string,
    /** How the run ended, as ACR reports it. */
    readonly failure: string,
    readonly log: string,
  ) {
    super(
      `ACR build of ${image} in ${registry} failed: ${failure}\nLast lines of the build log:\n${logTail(log)}`,
    );
    this.name = 'AcrBuildFailed';
  }
}

export function logTail(log: string, lines = 25): string {
  return log.trim().split(/\r?\n/).slice(-lines).join('\n');
}

function parseRun(stdout: string): AcrRun {
  try {
    return JSON.parse(stdout) as AcrRun;
  } catch {
    throw new ActionError(
      `az acr build --no-wait printed something that is not a run: ${stdout.slice(0, 200)}`,
    );
  }
}
