// Builds one ncc bundle per action entry. `node scripts/bundle.mjs [outDir]` (default: dist).
import { execFileSync } from 'node:child_process';
import { readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createHash } from 'node:crypto';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

export const ENTRIES = [
  ['submit-pipeline', 'src/actions/submit-pipeline/main.ts'],
  ['submit-pipeline/post', 'src/actions/submit-pipeline/post.ts'],
  ['register-model', 'src/actions/register-model/main.ts'],
  ['build-triton', 'src/actions/build-triton/main.ts'],
  ['deploy-endpoint', 'src/actions/deploy-endpoint/main.ts'],
  ['smoke-score', 'src/actions/smoke-score/main.ts'],
  ['run-report', 'src/actions/run-report/main.ts'],
  ['resume-rollout', 'src/actions/resume-rollout/main.ts'],
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
