// Builds one ncc bundle per action entry. `node scripts/bundle.mjs [outDir]` (default: dist).
import { execFileSync } from 'node:child_process';
import { readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { minify } from 'terser';
import { join, resolve } from 'node:path';

export const ENTRIES = [
  ['submit-pipeline', 'src/actions/submit-pipeline/main.ts'],
  ['submit-pipeline/post', 'src/actions/submit-pipeline/post.ts'],
  ['register-model', 'src/actions/register-model/main.ts'],
  ['build-triton', 'src/actions/build-triton/main.ts'],
  ['deploy-endpoint', 'src/actions/deploy-endpoint/main.ts'],
  ['smoke-score', 'src/actions/smoke-score/main.ts'],
];

const root = resolve(import.meta.dirname, '..');
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
// Most chunks are shared by several actions: each distinct one is minified once.
const minified = new Map();
for (const [name] of ENTRIES) {
  const dir = join(outDir, name);
  for (const file of readdirSync(dir).filter((entry) => /^\d+\.index\.js$/.test(entry))) {
    const source = readFileSync(join(dir, file), 'utf8');
    if (!minified.has(source))
      minified.set(source, (await minify(source, { module: true, compress: true, mangle: true })).code);
    writeFileSync(join(dir, file), minified.get(source));
  }
}
console.log(`bundled ${ENTRIES.length} entries into ${outDir}`);
