import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';
import type { AzCli } from '../az-cli.js';

/** The part of `@actions/cache` the extension install uses; absent where the runner has no cache service. */
export interface DirectoryCache {
  restore(paths: string[], key: string, restoreKeys: string[]): Promise<string | undefined>;
  save(paths: string[], key: string): Promise<void>;
}

export function extensionDirectory(env: NodeJS.ProcessEnv): string {
  return (
    env.AZURE_EXTENSION_DIR ||
    join(env.AZURE_CONFIG_DIR || join(env.HOME || homedir(), '.azure'), 'cliextensions')
  );
}

/** The installed `ml` extension's version, read from its wheel metadata on disk: no `az` process needed. */
export function installedMlVersion(directory: string): string | undefined {
  const folder = join(directory, 'ml');
  if (!existsSync(folder)) return undefined;
  const distInfo = readdirSync(folder).find((name) => /^ml-[\w.]+\.dist-info$/.test(name));
  if (!distInfo) return undefined;
  const metadata = join(folder, distInfo, 'METADATA');
  const version = existsSync(metadata)
    ? /^Version:\s*(\S+)/m.exec(readFileSync(metadata, 'utf8'))?.[1]
    : undefined;
  return version ?? /^ml-([\w.]+)\.dist-info$/.exec(distInfo)?.[1];
}

export interface ExtensionResult {
  version: string;
  source: 'already installed' | 'restored from cache' | 'installed';
}

/**
 * Makes sure the CLI has the `ml` extension (at `version` when pinned). Installing takes 30-60 s on a hosted
 * runner, so the extension folder is cached, keyed on the version, and restored before installing.
 */
export async function ensureMlExtension(options: {
  az: AzCli;
  directory: string;
  version?: string;
  cache?: DirectoryCache;
  platform?: string;
  signal?: AbortSignal;
}): Promise<ExtensionResult> {
  const { az, directory, version, cache } = options;
  const wanted = (found: string | undefined) => found !== undefined && (!version || found === version);
  if (wanted(installedMlVersion(directory)))
    return { version: installedMlVersion(directory)!, source: 'already installed' };

  const prefix = `az-ml-extension-${options.platform ?? `${process.platform}-${process.arch}`}-`;
  if (cache) {
    await cache.restore([directory], `${prefix}${version ?? 'latest'}`, version ? [] : [prefix]);
    if (wanted(installedMlVersion(directory)))
      return { version: installedMlVersion(directory)!, source: 'restored from cache' };
  }
  await az.run(
    [
      'extension',
      'add',
      '--name',
      'ml',
      '--yes',
      ...(version ? ['--version', version, '--upgrade'] : []),
      '--only-show-errors',
    ],
    { signal: options.signal },
  );
  const installed = installedMlVersion(directory);
  if (!installed)
    throw new Error(`az extension add reported success, but no ml extension is in ${directory}.`);
  if (cache) await cache.save([directory], `${prefix}${installed}`);
  return { version: installed, source: 'installed' };
}
