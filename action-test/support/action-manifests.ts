// The actions' manifests (actions/<name>/action.yml) and the README tables rendered from them.
// `npm run docs` (scripts/action-docs.ts) rewrites the tables in README.md; the contract test keeps them identical.
import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { parse } from 'yaml';
import { ACTIONS } from '../../src/actions/shared/shared-names.js';

export { ACTIONS };

interface Manifest {
  name: string;
  description: string;
  inputs: Record<string, { description: string; required?: boolean; default?: string }>;
  outputs: Record<string, { description: string }>;
}

export const repoRoot = resolve(import.meta.dirname, '../..');

export function readManifest(action: string): Manifest {
  return parse(readFileSync(join(repoRoot, 'actions', action, 'action.yml'), 'utf8')) as Manifest;
}

const cell = (text: string) =>
  text
    .replace(/\|/g, '\\|')
    .replace(/\s*\n\s*/g, ' ')
    .trim();

export function renderTables(action: string): string {
  const manifest = readManifest(action);
  const inputs = Object.entries(manifest.inputs).map(
    ([name, spec]) =>
      `| \`${name}\` | ${spec.required ? 'yes' : 'no'} | ${spec.default !== undefined ? `\`${spec.default}\`` : ''} | ${cell(spec.description)} |`,
  );
  const outputs = Object.entries(manifest.outputs).map(
    ([name, spec]) => `| \`${name}\` | ${cell(spec.description)} |`,
  );
  return [
    `<!-- tables:${action} -->`,
    '| input | required | default | description |',
    '| --- | --- | --- | --- |',
    ...inputs,
    '',
    '| output | description |',
    '| --- | --- |',
    ...outputs,
    `<!-- /tables:${action} -->`,
  ].join('\n');
}

/** The README with every action's tables replaced by what the manifests say. */
export function readmeWithTables(readme: string): string {
  let result = readme;
  for (const action of ACTIONS) {
    const block = new RegExp(`<!-- tables:${action} -->[\\s\\S]*?<!-- /tables:${action} -->`);
    if (!block.test(result)) throw new Error(`README.md has no <!-- tables:${action} --> block`);
    result = result.replace(block, renderTables(action));
  }
  return result;
}
