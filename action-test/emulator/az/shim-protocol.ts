import type { AzInvocation, AzResult } from './az-emulator.js';

/**
 * The wire format of `action-test/bin/az` (bash and curl, so no JSON): the request is NUL-terminated fields,
 * `name=value` facts of the calling process (`cwd`, and HOME, AZURE_CONFIG_DIR, AZURE_EXTENSION_DIR when set),
 * then `--`, then the arguments as given.
 */
export function parseShimRequest(body: string): AzInvocation {
  const fields = body.split('\0');
  if (fields.pop() !== '') throw new Error('The az request does not end with a NUL.');
  const split = fields.indexOf('--');
  if (split < 0) throw new Error('The az request has no -- between its facts and its arguments.');
  const facts = new Map(
    fields.slice(0, split).map((field) => {
      const at = field.indexOf('=');
      return [field.slice(0, at), field.slice(at + 1)] as const;
    }),
  );
  const cwd = facts.get('cwd');
  if (cwd === undefined) throw new Error('The az request does not name its working folder.');
  return {
    argv: fields.slice(split + 1),
    cwd,
    env: {
      HOME: facts.get('HOME'),
      AZURE_CONFIG_DIR: facts.get('AZURE_CONFIG_DIR'),
      AZURE_EXTENSION_DIR: facts.get('AZURE_EXTENSION_DIR'),
    },
  };
}

/** The answer: `<exit code> <stderr length in bytes>\n`, then stderr, then stdout, which the shim splits without JSON. */
export function shimAnswer(result: AzResult): string {
  return `${result.exitCode} ${Buffer.byteLength(result.stderr)}\n${result.stderr}${result.stdout}`;
}
