// Builds one ncc bundle per action entry. `node scripts/bundle.mjs [outDir]` (default: dist).
import { execFileSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createHash } from 'node:crypto';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { parse } from 'yaml';

const root = resolve(import.meta.dirname, '..');

/**
 * One bundle per script an action.yml runs: `runs.main` and `runs.post` name `../../dist/<out>/index.js`,
 * built from `src/actions/<action>/main.ts` or `post.ts`. The manifests are the list; nothing here repeats it.
 */
export const ENTRIES = readdirSync(join(root, 'actions'))
  .filter((action) => existsSync(join(root, 'actions', action, 'action.yml')))
  .sort()
  .flatMap((action) => {
    const { runs } = parse(readFileSync(join(root, 'actions', action, 'action.yml'), 'utf8'));
    return ['main', 'post']
      .filter((kind) => runs[kind])
      .map((kind) => [
        /^\.\.\/\.\.\/dist\/(.+)\/index\.js$/.exec(runs[kind])[1],
        `src/actions/${action}/${kind}.ts`,
      ]);
  });

const outDir = resolve(root, process.argv[2] ?? 'dist');
rmSync(outDir, { recursive: true, force: true });
for (const [name, entry] of ENTRIES) {
  execFileSync(
    join(root, 'node_modules/.bin/ncc'),
    [
      'build',
      entry,
      '--out',
      join(outDir, name),
      '--minify',
      '--license',
      'licenses.txt',
      '--quiet',
      '--target',
      'es2023',
    ],
    { cwd: root, stdio: 'inherit' },
  );
}
// ncc minifies the entry file only: the chunks of lazily loaded modules (the Azure SDK, the cache client)
// would ship as written, several megabytes of them.
// Most chunks are shared by several actions: each distinct one is minified once, each in a fresh terser
// process (in one long-lived process terser's output was seen to depend on what it minified before).
const minified = new Map();
for (const [name] of ENTRIES) {
  const dir = join(outDir, name);
  for (const file of readdirSync(dir).filter((entry) => /^\d+\.index\.js$/.test(entry))) {
    const path = join(dir, file);
    const key = createHash('sha256').update(readFileSync(path)).digest('hex');
    if (!minified.has(key)) {
      const out = join(tmpdir(), `chunk-${key}.js`);
      execFileSync(
        join(root, 'node_modules/.bin/terser'),
        [path, '--module', '--compress', '--mangle', '--output', out],
        {
          cwd: root,
          stdio: 'inherit',
        },
      );
      minified.set(key, readFileSync(out));
      rmSync(out);
    }
    writeFileSync(path, minified.get(key));
  }
}
console.log(`bundled ${ENTRIES.length} entries into ${outDir}`);
