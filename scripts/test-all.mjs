// Runs every suite, Jest (the actions, the emulator, the workflow) then pytest (the Azure ML Python),
// and ends with one line of totals: `N passed, N failed`. Exit 1 when anything failed or nothing ran.
// TEST_TOTALS_FILE, when set, receives that line too (for .ci/run to print last).
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

const root = resolve(import.meta.dirname, '..');
const scratch = mkdtempSync(join(tmpdir(), 'test-all-'));
const totals = { passed: 0, failed: 0, skipped: 0 };
let broken = false;

const jestReport = join(scratch, 'jest.json');
const jest = spawnSync(
  process.execPath,
  [join(root, 'scripts/run-jest.mjs'), '--json', `--outputFile=${jestReport}`],
  {
    cwd: root,
    stdio: 'inherit',
  },
);
if (existsSync(jestReport)) {
  const report = JSON.parse(readFileSync(jestReport, 'utf8'));
  totals.passed += report.numPassedTests;
  totals.failed += report.numFailedTests;
  totals.skipped += report.numPendingTests + report.numTodoTests;
  // A suite that fails to load has no failed tests, only a failed suite: count it as a failure.
  totals.failed += report.numRuntimeErrorTestSuites;
}
broken ||= jest.status !== 0;

const junit = join(scratch, 'pytest.xml');
const pytest = spawnSync('bash', [join(root, 'scripts/test-python.sh'), `--junitxml=${junit}`], {
  cwd: root,
  stdio: 'inherit',
});
if (existsSync(junit)) {
  const xml = readFileSync(junit, 'utf8');
  const suite = /<testsuite\b[^>]*>/.exec(xml)?.[0] ?? '';
  const count = (name) => Number(new RegExp(`\\b${name}="(\\d+)"`).exec(suite)?.[1] ?? 0);
  const failed = count('failures') + count('errors');
  totals.failed += failed;
  totals.skipped += count('skipped');
  totals.passed += count('tests') - failed - count('skipped');
}
broken ||= pytest.status !== 0;
rmSync(scratch, { recursive: true, force: true });

const line = `${totals.passed} passed, ${totals.failed} failed${totals.skipped ? `, ${totals.skipped} skipped` : ''}`;
if (process.env.TEST_TOTALS_FILE) writeFileSync(process.env.TEST_TOTALS_FILE, `${line}\n`);
console.log(line);
process.exit(broken || totals.failed > 0 || totals.passed === 0 ? 1 : 0);
