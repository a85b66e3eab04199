import { readFileSync, statSync } from 'node:fs';
import { resolve } from 'node:path';
import { InputError } from '../../kit/errors.js';
import type { Inputs } from '../../kit/inputs.js';

/** The folder relative input paths are read from: the checkout, as the runner gives it. */
export function workspaceRoot(env: NodeJS.ProcessEnv): string {
  return env.GITHUB_WORKSPACE || process.cwd();
}

/** A path input, relative to `base` (the checkout by default), that must name an existing file or folder. */
export function existingPath(
  inputs: Inputs,
  name: string,
  defaultValue: string,
  kind: 'file' | 'folder',
  base: string,
): string {
  const relativePath = inputs.relativePath(name, defaultValue);
  const absolute = resolve(base, relativePath);
  const stat = statSync(absolute, { throwIfNoEntry: false });
  if (!stat) {
    throw new InputError(
      name,
      `names '${relativePath}', which does not exist in the checkout`,
      `a ${kind} in the repository (did the job run actions/checkout?)`,
    );
  }
  if (kind === 'file' ? !stat.isFile() : !stat.isDirectory()) {
    throw new InputError(
      name,
      `names '${relativePath}', which is not a ${kind}`,
      `a ${kind} in the repository`,
    );
  }
  return absolute;
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
      `names a file that is not valid JSON (${(error as Error).message})`,
      'a JSON file of inference requests',
    );
  }
}
