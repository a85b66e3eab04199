import { createHash } from 'node:crypto';
import { readdir, readFile } from 'node:fs/promises';
import { join, relative, sep } from 'node:path';

/**
 * A hash of a folder's files (paths and bytes, in a stable order) and of extra values such as the
 * effective inputs: equal hashes mean an equal build or run, whatever the checkout's timestamps.
 */
export async function hashContent(folders: string[], extra: Record<string, string> = {}): Promise<string> {
  const hash = createHash('sha256');
  for (const folder of folders) {
    for (const file of await listFiles(folder)) {
      const name = relative(folder, file).split(sep).join('/');
      hash.update(`file\0${name}\0`);
      hash.update(await readFile(file));
      hash.update('\0');
    }
  }
  for (const key of Object.keys(extra).sort()) hash.update(`extra\0${key}\0${extra[key]}\0`);
  return hash.digest('hex');
}

async function listFiles(folder: string): Promise<string[]> {
  const entries = await readdir(folder, { withFileTypes: true, recursive: true });
  return entries
    .filter((entry) => entry.isFile() && !entry.parentPath.split(sep).includes('__pycache__'))
    .map((entry) => join(entry.parentPath, entry.name))
    .sort();
}
