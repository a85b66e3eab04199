// Prints each action bundle's size and its median cold start over 10 runs that fail on a missing input,
// beside the median of a bare `node -e ''`. Targets (issue #2): bundle <= 1.5 MB, cold start <= 2x bare node.
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';

const root = resolve(import.meta.dirname, '..');
const RUNS = 10;
// Every action this repository ships: a folder under actions/ with an action.yml.
const ACTIONS = readdirSync(join(root, 'actions')).filter((name) =>
  existsSync(join(root, 'actions', name, 'action.yml')),
);

function median(values) {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}

function timeRuns(args) {
  const times = [];
  for (let i = 0; i < RUNS; i++) {
    const start = process.hrtime.bigint();
    const result = spawnSync(process.execPath, args, {
      env: { PATH: process.env.PATH, HOME: process.env.HOME },
      stdio: 'pipe',
    });
    times.push(Number(process.hrtime.bigint() - start) / 1e6);
    if (args[0] !== '-e' && result.status !== 1)
      throw new Error(`${args[0]} did not fail on a missing input`);
  }
  return median(times);
}

function bundleBytes(action) {
  // The main bundle and the chunks it loads; the post entry (its own folder) is counted on its own line.
  const dir = join(root, 'dist', action);
  return readdirSync(dir, { withFileTypes: true })
    .filter((entry) => entry.isFile() && entry.name.endsWith('.js'))
    .reduce((sum, entry) => sum + statSync(join(dir, entry.name)).size, 0);
}

timeRuns(['-e', '']); // warm the file cache before measuring
const bare = timeRuns(['-e', '']);
console.log(`node ${process.version}, ${RUNS} runs each, medians`);
console.log(`bare node -e '': ${bare.toFixed(1)} ms`);
let ok = true;
for (const action of ACTIONS) {
  const bytes = bundleBytes(action);
  const ms = timeRuns([join(root, 'dist', action, 'index.js')]);
  const verdict = bytes <= 1.5e6 && ms <= 2 * bare ? 'ok' : 'OVER TARGET';
  ok &&= verdict === 'ok';
  console.log(
    `${action.padEnd(16)} bundle ${(bytes / 1024).toFixed(1).padStart(7)} KiB  cold start ${ms.toFixed(1).padStart(6)} ms (${(ms / bare).toFixed(2)}x bare)  ${verdict}`,
  );
}
process.exit(ok ? 0 : 1);
