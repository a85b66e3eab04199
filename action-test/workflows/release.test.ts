import { describe, expect, it } from '@jest/globals';
import { execFileSync, spawnSync } from 'node:child_process';
import { chmodSync, copyFileSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse } from 'yaml';
import { repoRoot } from '../support/action-manifests.js';

interface Step {
  name?: string;
  run?: string;
}
const workflow = parse(readFileSync(join(repoRoot, '.github/workflows/release.yml'), 'utf8')) as {
  jobs: Record<string, { steps: Step[] }>;
};
const script = (job: string, name: string) => workflow.jobs[job]!.steps.find((s) => s.name === name)!.run!;

/** Runs a step's script as the runner does (bash -eo pipefail), in `cwd`, with GITHUB_OUTPUT. */
function runStep(body: string, cwd: string, env: Record<string, string>) {
  const dir = mkdtempSync(join(tmpdir(), 'release-step-'));
  const output = join(dir, 'output');
  writeFileSync(output, '');
  writeFileSync(join(dir, 'step.sh'), body);
  const run = spawnSync('bash', ['--noprofile', '--norc', '-eo', 'pipefail', join(dir, 'step.sh')], {
    cwd,
    encoding: 'utf8',
    env: { PATH: process.env.PATH, HOME: dir, GITHUB_OUTPUT: output, ...env },
  });
  const result = { ...run, output: readFileSync(output, 'utf8'), dir };
  return result;
}

describe('release.yml', () => {
  it('run by hand, names v1.0.0 from package.json and finds its CHANGELOG section; a tag that disagrees fails', () => {
    const named = runStep(script('check', 'Name the release'), repoRoot, { PUSHED_TAG: '' });
    expect(named.status).toBe(0);
    expect(named.output).toBe('tag=v1.0.0\n');
    const wrong = runStep(script('check', 'Name the release'), repoRoot, { PUSHED_TAG: 'v1.0.1' });
    expect(wrong.status).toBe(1);
    expect(wrong.stdout).toContain('::error::Tag v1.0.1 does not match package.json version 1.0.0');
  });

  it('tags v1.0.0, moves v1 to it and publishes the CHANGELOG section as the notes', () => {
    const dir = mkdtempSync(join(tmpdir(), 'release-repo-'));
    try {
      const git = (...args: string[]) =>
        execFileSync('git', args, { cwd: join(dir, 'clone'), encoding: 'utf8' }).trim();
      execFileSync('git', ['init', '-q', '--bare', join(dir, 'origin.git')]);
      execFileSync('git', ['clone', '-q', join(dir, 'origin.git'), join(dir, 'clone')], { stdio: 'ignore' });
      copyFileSync(join(repoRoot, 'CHANGELOG.md'), join(dir, 'clone/CHANGELOG.md'));
      git('-c', 'user.name=t', '-c', 'user.email=t@e', 'commit', '-q', '--allow-empty', '-m', 'old');
      git('tag', 'v1', 'HEAD');
      git('add', 'CHANGELOG.md');
      git('-c', 'user.name=t', '-c', 'user.email=t@e', 'commit', '-q', '-m', 'release');
      git('push', '-q', 'origin', 'HEAD', 'refs/tags/v1');
      const sha = git('rev-parse', 'HEAD');
      // gh, as the runner has it: `release view` finds nothing, `release create` records its arguments and notes.
      const gh = join(dir, 'gh');
      writeFileSync(
        gh,
        `#!/bin/bash\nif [[ $2 == view ]]; then exit 1; fi\necho "$@" > ${dir}/gh-args\nwhile (($#)); do if [[ $1 == --notes-file ]]; then cp "$2" ${dir}/notes; fi; shift; done\n`,
      );
      chmodSync(gh, 0o755);
      const run = runStep(
        script('release', 'Tag, publish the release and move the major tag'),
        join(dir, 'clone'),
        {
          TAG: 'v1.0.0',
          GH_TOKEN: 'x',
          GITHUB_SHA: sha,
          PATH: `${dir}:${process.env.PATH}`,
        },
      );
      expect(run.stderr).not.toContain('error');
      expect(run.status).toBe(0);
      const remote = (ref: string) =>
        execFileSync('git', ['rev-parse', `${ref}^{commit}`], {
          cwd: join(dir, 'origin.git'),
          encoding: 'utf8',
        }).trim();
      expect(remote('v1.0.0')).toBe(sha);
      expect(remote('v1')).toBe(sha);
      expect(readFileSync(join(dir, 'gh-args'), 'utf8')).toContain('release create v1.0.0 --verify-tag');
      const notes = readFileSync(join(dir, 'notes'), 'utf8');
      expect(notes).toContain('First release a team can pin');
      expect(notes).toContain('### Added');
      expect(notes).not.toMatch(/^## /m);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
