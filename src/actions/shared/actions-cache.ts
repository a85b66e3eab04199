import * as core from '@actions/core';
import type { DirectoryCache } from '../../azure/ml/cli-extension.js';

/** GitHub's cache service through @actions/cache, or undefined where the runner offers none. */
export async function actionsCache(): Promise<DirectoryCache | undefined> {
  const cache = await import('@actions/cache');
  if (!cache.isFeatureAvailable()) return undefined;
  return {
    restore: async (paths, key, restoreKeys) => {
      try {
        return await cache.restoreCache(paths, key, restoreKeys);
      } catch (error) {
        core.warning(`Cache restore failed, continuing without it: ${(error as Error).message}`);
        return undefined;
      }
    },
    save: async (paths, key) => {
      try {
        await cache.saveCache(paths, key);
      } catch (error) {
        core.warning(`Cache save failed, continuing: ${(error as Error).message}`);
      }
    },
  };
}
