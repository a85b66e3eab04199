import { lstatSync, readFileSync, realpathSync, statSync } from 'node:fs';
import { isAbsolute, relative, resolve, sep } from 'node:path';
import { InputError } from '../../kit/errors.js';
import type { Inputs } from '../../kit/inputs.js';
import { quote } from '../../kit/quote.js';

/** The folder relative input paths are read from: the checkout, as the runner gives it. */
export function workspaceRoot(env: NodeJS.ProcessEnv): string {
  return env.GITHUB_WORKSPACE || process.cwd();
}

/**
 * A path input, relative to `base` (the checkout by default), that must name an existing file or folder
 * whose real path, every symlink followed, stays inside `base`: a link to /etc is the same escape as `../`.
 *
 * The answer is `base` joined to the real path's place inside it, so later reads go through no symlink
 * the check did not see (only `base`'s own, which the runner chose). A link swapped in between the check
 * and the read would need someone writing into the checkout while the step runs, who can already run
 * code in the job; the check is for links committed to the repository.
 */
export function existingPath(
  inputs: Inputs,
  name: string,
  defaultValue: string,
  kind: 'file' | 'folder',
  base: string,
  baseName = 'the checkout',
): string {
  const relativePath = inputs.relativePath(name, defaultValue);
  const missing = () =>
    new InputError(
      name,
      `names ${quote(relativePath)}, which does not exist in ${baseName}`,
      `a ${kind} in ${baseName} (did the job run actions/checkout?)`,
    );
  const realBase = realPath(base);
  if (typeof realBase !== 'string') throw missing();
  const real = realPath(resolve(base, relativePath));
  if (typeof real !== 'string') {
    if (real.code === 'ENOENT' || real.code === 'ENOTDIR') {
      if (!isSymlink(resolve(base, relativePath))) throw missing();
      throw new InputError(
        name,
        `names ${quote(relativePath)}, a symlink to something that does not exist`,
        `a ${kind} in ${baseName}`,
      );
    }
    throw new InputError(
      name,
      `names ${quote(relativePath)}, which cannot be read (${real.code})`,
      `a ${kind} in ${baseName}`,
    );
  }
  const inside = relative(realBase, real);
  if (inside === '..' || inside.startsWith(`..${sep}`) || isAbsolute(inside)) {
    throw new InputError(
      name,
      `names ${quote(relativePath)}, which leads outside ${baseName} through a symlink (to ${quote(real)})`,
      `a ${kind} inside ${baseName}, not a link out of it`,
    );
  }
  const stat = statSync(real);
  if (kind === 'file' ? !stat.isFile() : !stat.isDirectory()) {
    throw new InputError(
      name,
      `names ${quote(relativePath)}, which is not a ${kind}`,
      `a ${kind} in ${baseName}`,
    );
  }
  return inside === '' ? base : resolve(base, inside);
}

function isSymlink(path: string): boolean {
  try {
    return lstatSync(path).isSymbolicLink();
  } catch {
    return false;
  }
}

/** The real path, or the error code that stopped it (ENOENT, ENAMETOOLONG, ELOOP, EACCES, ...). */
function realPath(path: string): string | { code: string } {
  try {
    return realpathSync(path);
  } catch (error) {
    return { code: (error as NodeJS.ErrnoException).code ?? 'unknown error' };
  }
}

/** A path input naming a JSON file; returns the parsed content, so a broken file fails as a bad input. */
export function jsonFileInput(
  inputs: Inputs,
  name: string,
  defaultValue: string,
  base: string,
): { path: string; content: unknown } {
  const path = existingPath(inputs, name, defaultValue, 'file', base);
  try {
    return { path, content: JSON.parse(readFileSync(path, 'utf8')) };
  } catch (error) {
    throw new InputError(
      name,
      `names a file that is not valid JSON (${quote((error as Error).message, 120)})`,
      'a JSON file of inference requests',
    );
  }
}
