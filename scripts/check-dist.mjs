// Rebuilds the bundles into a scratch folder and fails when they differ from the committed dist/.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative, resolve } from 'node:path';

const root = resolve(import.meta.dirname, '..');
const scratch = mkdtempSync(join(tmpdir(), 'dist-check-'));
try {
  execFileSync(process.execPath, [join(root, 'scripts/bundle.mjs'), scratch], {
    cwd: root,
    stdio: 'inherit',
  });
  const list = (dir) =>
    readdirSync(dir, { recursive: true, withFileTypes: true })
      .filter((entry) => entry.isFile())
      .map((entry) => relative(dir, join(entry.parentPath, entry.name)))
      .sort();
  const built = list(scratch);
  const committed = list(join(root, 'dist'));
  const problems = [
    ...built.filter((file) => !committed.includes(file)).map((file) => `missing from dist/: ${file}`),
    ...committed.filter((file) => !built.includes(file)).map((file) => `stale in dist/: ${file}`),
    ...built
      .filter((file) => committed.includes(file))
      .filter((file) => !readFileSync(join(scratch, file)).equals(readFileSync(join(root, 'dist', file))))
      .map((file) => `out of date: dist/${file}`),
  ];
  if (problems.length) {
    console.error(
      `dist/ is not what src/ builds (run npm run bundle and commit dist/):\n  ${problems.join('\n  ')}`,
    );
    process.exit(1);
  }
  console.log(`dist/ is fresh (${built.length} files)`);
} finally {
  rmSync(scratch, { recursive: true, force: true });
}
