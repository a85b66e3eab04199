// Runs every suite, Jest (the actions, the Azure plumbing, the emulator) beside pytest (the Azure ML Python),
// and ends with one line of totals: `N passed, N failed`. Exits 1 when anything failed or nothing ran.
// The two run at once (pytest mostly waits on its subprocesses, and yields the CPU to Jest); pytest's output is
// shown after Jest's.
// TEST_TOTALS_FILE, when set, receives that line too (for .ci/run to print last).
import { Buffer } from 'node:buffer';
import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

const root = resolve(import.meta.dirname, '..');
const scratch = mkdtempSync(join(tmpdir(), 'test-all-'));

/**
 * Runs one suite; a runner that fails without naming a failed test (a crash, a collection error) counts as one
 * failure. With `quiet`, its output is kept (as `output`) for the caller to print, so two suites' lines do not interleave.
 */
async function suite(command, args, readReport, { env = process.env, quiet = false } = {}) {
  const child = spawn(command, args, {
    cwd: root,
    stdio: ['ignore', quiet ? 'pipe' : 'inherit', quiet ? 'pipe' : 'inherit'],
    env,
  });
  const output = [];
  if (quiet)
    for (const stream of [child.stdout, child.stderr]) stream.on('data', (chunk) => output.push(chunk));
  const status = await new Promise((done) => child.on('close', (code) => done(code ?? 1)));
  const counts = readReport() ?? { passed: 0, failed: 0, skipped: 0 };
  if (status !== 0 && counts.failed === 0) counts.failed = 1;
  return { ...counts, output: Buffer.concat(output) };
}

const jestReport = join(scratch, 'jest.json');
const jestRun = suite(
  process.execPath,
  [join(root, 'scripts/run-jest.mjs'), '--json', `--outputFile=${jestReport}`],
  () => {
    if (!existsSync(jestReport)) return undefined;
    const report = JSON.parse(readFileSync(jestReport, 'utf8'));
    return {
      passed: report.numPassedTests,
      // A suite that fails to load has no failed test, only a failed suite: it counts as a failure.
      failed: report.numFailedTests + report.numRuntimeErrorTestSuites,
      skipped: report.numPendingTests + report.numTodoTests,
    };
  },
);

const junit = join(scratch, 'pytest.xml');
// pytest's tmp_path folders (and anything else Python makes) land in the scratch folder, removed below.
const pytestTmp = join(scratch, 'tmp');
mkdirSync(pytestTmp);
const pytestEnv = { ...process.env, TMPDIR: pytestTmp };
// At a lower CPU priority (nice 10): Jest's end-to-end tests run on an accelerated clock where a few real seconds
// of starvation expire a token, while pytest only takes longer. Its 10 CPU seconds still fit beside Jest.
const pytestRun = suite(
  'nice',
  ['-n', '10', 'bash', join(root, 'scripts/test-python.sh'), `--junitxml=${junit}`],
  () => {
    if (!existsSync(junit)) return undefined;
    const tag = /<testsuite\b[^>]*>/.exec(readFileSync(junit, 'utf8'))?.[0] ?? '';
    const count = (name) => Number(new RegExp(`\\b${name}="(\\d+)"`).exec(tag)?.[1] ?? 0);
    const failed = count('failures') + count('errors');
    return { passed: count('tests') - failed - count('skipped'), failed, skipped: count('skipped') };
  },
  { env: pytestEnv, quiet: true },
);
const jest = await jestRun;
const pytest = await pytestRun;
process.stdout.write(pytest.output);
rmSync(scratch, { recursive: true, force: true });

const totals = {
  passed: jest.passed + pytest.passed,
  failed: jest.failed + pytest.failed,
  skipped: jest.skipped + pytest.skipped,
};
console.log(
  `jest: ${jest.passed} passed, ${jest.failed} failed; pytest: ${pytest.passed} passed, ${pytest.failed} failed`,
);
const line = `${totals.passed} passed, ${totals.failed} failed${totals.skipped ? `, ${totals.skipped} skipped` : ''}`;
if (process.env.TEST_TOTALS_FILE) writeFileSync(process.env.TEST_TOTALS_FILE, `${line}\n`);
console.log(line);
process.exit(totals.failed > 0 || totals.passed === 0 ? 1 : 0);
