import { ensureMlExtension, extensionDirectory, installedMlVersion } from '../../azure/ml/cli-extension.js';
import type { AzureSession } from '../../azure/session.js';
import { workflowLog } from '../../kit/log.js';
import { actionsCache } from './actions-cache.js';

/** The CLI's ml extension, installed when missing (restored from GitHub's cache first, kept there after). */
export async function prepareMlCli(
  session: AzureSession,
  version: string | undefined,
  signal: AbortSignal,
): Promise<void> {
  const directory = extensionDirectory(process.env);
  // @actions/cache is large: it is only loaded when the extension is not there already.
  const cache = installedMlVersion(directory) ? undefined : await actionsCache();
  const extension = await ensureMlExtension({ az: session.az, directory, version, cache, signal });
  workflowLog.info(`Azure CLI ml extension ${extension.version} (${extension.source}).`);
}
