import type { ArmClient } from './arm-client.js';
import { AzCliError, type AzCli } from './az-cli.js';
import { ArmError } from './arm-error.js';
import type { AzureTarget } from './target.js';
import { ActionError } from '../kit/errors.js';

const ACR_API_VERSION = '2023-07-01';

export interface Registry {
  id: string;
  name: string;
  loginServer: string;
}

export function registryPath(target: AzureTarget, name: string): string {
  return `/subscriptions/${encodeURIComponent(target.subscriptionId)}/resourceGroups/${encodeURIComponent(target.resourceGroup)}/providers/Microsoft.ContainerRegistry/registries/${encodeURIComponent(name)}`;
}

/** The registry at an ARM id (the workspace's containerRegistry) or by name in the workspace's resource group. */
export async function getRegistry(arm: ArmClient, idOrPath: string, signal?: AbortSignal): Promise<Registry> {
  try {
    const body = await arm.get<{ id: string; name: string; properties: { loginServer: string } }>(idOrPath, {
      apiVersion: ACR_API_VERSION,
      signal,
    });
    return { id: body.id, name: body.name, loginServer: body.properties.loginServer };
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

/** The digest of `repository:tag` in the registry, or undefined when no such tag exists. */
export async function tagDigest(
  az: AzCli,
  registry: string,
  image: string,
  signal?: AbortSignal,
): Promise<string | undefined> {
  try {
    const shown = await az.json<{ digest?: string }>(
      ['acr', 'repository', 'show', '--name', registry, '--image', image],
      { signal },
    );
    return shown.digest;
  } catch (error) {
    if (
      error instanceof AzCliError &&
      /manifest unknown|not found|MANIFEST_UNKNOWN|NAME_UNKNOWN/i.test(error.cliMessage)
    )
      return undefined;
    throw error;
  }
}

export interface AcrBuildRequest {
  registry: string;
  image: string;
  context: string;
  dockerfile: string;
  platform: string;
  buildArgs: Array<[string, string]>;
  timeoutSeconds: number;
}

/**
 * A remote build with ACR Tasks, its log streamed as it comes. Returns the digest of the image built.
 * On failure the error carries the tail of the run's log.
 */
export async function acrBuild(
  az: AzCli,
  request: AcrBuildRequest,
  onLog: (text: string) => void,
  signal?: AbortSignal,
): Promise<string | undefined> {
  let output = '';
  const args = [
    'acr',
    'build',
    '--registry',
    request.registry,
    '--image',
    request.image,
    '--file',
    request.dockerfile,
    '--platform',
    request.platform,
    '--timeout',
    String(request.timeoutSeconds),
    ...request.buildArgs.flatMap(([key, value]) => ['--build-arg', `${key}=${value}`]),
    '--output',
    'json',
    request.context,
  ];
  try {
    const { stdout } = await az.run(args, {
      signal,
      onOutput: (chunk) => {
        output += chunk;
        onLog(chunk);
      },
    });
    return trailingJson<{
      output_images?: Array<{ digest?: string }>;
      outputImages?: Array<{ digest?: string }>;
    }>(stdout)?.output_images?.[0]?.digest;
  } catch (error) {
    if (error instanceof AzCliError) {
      const tail = output.trim().split(/\r?\n/).slice(-25).join('\n');
      throw new ActionError(
        `ACR build of ${request.image} in ${request.registry} failed: ${error.cliMessage.split('\n').slice(-1)[0]}\nLast lines of the build log:\n${tail}`,
      );
    }
    throw error;
  }
}

/** `az acr build` prints the log, then the run as JSON: the last top-level `{ ... }` block. */
function trailingJson<T>(stdout: string): T | undefined {
  const start = stdout.lastIndexOf('\n{');
  const text = start >= 0 ? stdout.slice(start + 1) : stdout.trimStart().startsWith('{') ? stdout : '';
  try {
    return text ? (JSON.parse(text) as T) : undefined;
  } catch {
    return undefined;
  }
}
