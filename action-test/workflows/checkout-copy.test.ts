import { afterAll, describe, expect, it } from '@jest/globals';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { copyRepository } from '../workflow-runner/stand-ins.js';

const scratch = mkdtempSync(join(tmpdir(), 'checkout-copy-'));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

/** A repository folder: a workflow, a pipeline file and two bundles, one in a chunk folder. */
function repository(): string {
  const dir = join(scratch, 'repository');
  mkdirSync(join(dir, '.github/workflows'), { recursive: true });
  mkdirSync(join(dir, 'pipeline'));
  mkdirSync(join(dir, 'dist/deploy-endpoint/post'), { recursive: true });
  writeFileSync(join(dir, 'README.md'), 'readme');
  writeFileSync(join(dir, '.github/workflows/next-item.yml'), 'on: workflow_call');
  writeFileSync(join(dir, 'pipeline/pipeline.yml'), 'jobs: {}');
  writeFileSync(join(dir, 'dist/deploy-endpoint/index.js'), 'main()');
  writeFileSync(join(dir, 'dist/deploy-endpoint/post/index.js'), 'post()');
  return dir;
}

describe("the checkout stand-in's copy of a repository", () => {
  const from = repository();
  const to = join(scratch, 'workspace');
  mkdirSync(to);
  copyRepository(from, to);
  const files = [
    'README.md',
    '.github/workflows/next-item.yml',
    'pipeline/pipeline.yml',
    'dist/deploy-endpoint/index.js',
    'dist/deploy-endpoint/post/index.js',
  ];

  it('has every file with its content', () => {
    for (const file of files)
      expect(readFileSync(join(to, file), 'utf8')).toBe(readFileSync(join(from, file), 'utf8'));
  });

  it("shares only the bundles with the repository: a step's edit of any other file stays in its workspace", () => {
    const shared = files.filter((file) => statSync(join(to, file)).ino === statSync(join(from, file)).ino);
    expect(shared).toEqual(['dist/deploy-endpoint/index.js', 'dist/deploy-endpoint/post/index.js']);
    writeFileSync(join(to, 'pipeline/pipeline.yml'), 'edited');
    expect(readFileSync(join(from, 'pipeline/pipeline.yml'), 'utf8')).toBe('jobs: {}');
  });
});
