// The actions as the tests run them: bundled from src/ once per Jest run, so a test asserts what the source
// does, not what was last committed to dist/ (`npm run check-dist` proves dist/ is the same source).
// esbuild rather than ncc: the same entries into the same layout (dist/<action>/index.js and
// dist/submit-pipeline/post/index.js) in about a second instead of a minute; ncc's minified build stays
// the shipped one.
import { readdirSync, existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { build } from 'esbuild';

/** Set by the global set-up for the test processes: the folder holding the bundles built from src/. */
export const BUNDLES_ENV = 'NEXT_ITEM_ACTION_BUNDLES';

const root = resolve(import.meta.dirname, '../..');

/** Every action entry of src/: `<action>/main.ts`, and `<action>/post.ts` where the action has a post step. */
export function actionEntries() {
  const actions = join(root, 'src/actions');
  return readdirSync(actions, { withFileTypes: true })
    .filter((entry) => entry.isDirectory() && existsSync(join(actions, entry.name, 'main.ts')))
    .flatMap(({ name }) => [
      { out: `${name}/index`, in: join(actions, name, 'main.ts') },
      ...(existsSync(join(actions, name, 'post.ts'))
        ? [{ out: `${name}/post/index`, in: join(actions, name, 'post.ts') }]
        : []),
    ]);
}

/** Bundles every action entry of src/ into `outDir`, laid out as dist/ is. */
export async function bundleActions(outDir) {
  await build({
    entryPoints: actionEntries(),
    outdir: outDir,
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: 'node24',
    splitting: true,
    chunkNames: 'chunks/[name]-[hash]',
    logLevel: 'error',
    // CommonJS dependencies bundled into an ES module still call require() for Node's built-ins.
    banner: {
      js: "import { createRequire as __bundleRequire } from 'node:module'; const require = __bundleRequire(import.meta.url);",
    },
  });
}

/** Jest global set-up: builds the bundles once for the whole run and tells every test process where they are. */
export default async function buildActionsFromSource() {
  const outDir = mkdtempSync(join(tmpdir(), 'action-bundles-'));
  await bundleActions(outDir);
  process.env[BUNDLES_ENV] = outDir;
}

/** Jest global tear-down: removes the bundles. */
export async function removeBundles() {
  const dir = process.env[BUNDLES_ENV];
  if (dir) rmSync(dir, { recursive: true, force: true });
}
