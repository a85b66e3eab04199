// Writes action-test/support/test-durations.json (the order a run without Jest's cache starts its files in,
// action-test/support/test-sequencer.mjs) from the durations Jest's cache recorded on the latest `npm test`.
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';

const root = resolve(import.meta.dirname, '..');
const cacheDir = join(root, 'node_modules/.cache/jest');
const durations = {};
for (const name of readdirSync(cacheDir).filter((file) => file.startsWith('perf-cache-'))) {
  const cache = JSON.parse(readFileSync(join(cacheDir, name), 'utf8'));
  for (const [path, [, ms]] of Object.entries(cache))
    if (path.startsWith(root + '/')) durations[relative(root, path)] = ms;
}
const sorted = Object.fromEntries(Object.entries(durations).sort(([, a], [, b]) => b - a));
writeFileSync(join(root, 'action-test/support/test-durations.json'), `${JSON.stringify(sorted, null, 2)}\n`);
console.log(`${Object.keys(sorted).length} files' durations written`);
