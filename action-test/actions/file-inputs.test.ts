import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { existingPath, jsonFileInput } from '../../src/actions/shared/files.js';
import { InputError } from '../../src/kit/errors.js';
import { Inputs } from '../../src/kit/inputs.js';

const inputs = (values: Record<string, string>) => new Inputs((name) => (values[name] ?? '').trim());
const failure = (fn: () => unknown): InputError => {
  try {
    fn();
  } catch (error) {
    if (error instanceof InputError) return error;
    throw error;
  }
  throw new Error('expected an InputError');
};

/** A checkout with symlinks that stay inside it, leave it, dangle and loop; and a folder outside it. */
let top: string;
let root: string;
let outside: string;
beforeAll(() => {
  top = mkdtempSync(join(tmpdir(), 'file-inputs-'));
  root = join(top, 'checkout');
  outside = join(top, 'outside');
  for (const dir of ['pipeline', 'inference/triton', 'links'])
    mkdirSync(join(root, dir), { recursive: true });
  mkdirSync(outside);
  writeFileSync(join(root, 'pipeline/pipeline.yml'), 'type: pipeline\n');
  writeFileSync(join(root, 'inference/triton/Dockerfile'), 'FROM scratch\n');
  writeFileSync(join(root, 'request.json'), '{"inputs":[]}');
  writeFileSync(join(root, 'broken.json'), `{${'x'.repeat(10_000)}`);
  writeFileSync(join(outside, 'secret.yml'), 'type: pipeline\n');
  symlinkSync('../pipeline/pipeline.yml', join(root, 'links/inside.yml'));
  symlinkSync('../pipeline', join(root, 'links/pipeline-dir'));
  symlinkSync(join(outside, 'secret.yml'), join(root, 'links/outside.yml'));
  symlinkSync(outside, join(root, 'links/outside-dir'));
  symlinkSync('nowhere.yml', join(root, 'links/dangling.yml'));
  symlinkSync('loop-b', join(root, 'links/loop-a'));
  symlinkSync('loop-a', join(root, 'links/loop-b'));
  symlinkSync('../../pipeline/pipeline.yml', join(root, 'inference/triton/Up.Dockerfile'));
  symlinkSync(root, join(top, 'checkout-link'));
});
afterAll(() => rmSync(top, { recursive: true, force: true }));

const file = (path: string, base = root) =>
  existingPath(inputs({ 'pipeline-file': path }), 'pipeline-file', 'x', 'file', base);

describe('existingPath', () => {
  it('accepts a symlink that stays inside the checkout, and answers the real place under the checkout', () => {
    expect(file('links/inside.yml')).toBe(join(root, 'pipeline/pipeline.yml'));
    expect(file('links/pipeline-dir/pipeline.yml')).toBe(join(root, 'pipeline/pipeline.yml'));
    expect(file('pipeline/pipeline.yml')).toBe(join(root, 'pipeline/pipeline.yml'));
  });

  it('keeps the checkout path as the runner gave it, even when that path is itself a symlink', () => {
    const given = join(top, 'checkout-link');
    expect(file('links/inside.yml', given)).toBe(join(given, 'pipeline/pipeline.yml'));
  });

  it('refuses a symlink that leads out of the checkout, by the input name', () => {
    for (const path of ['links/outside.yml', 'links/outside-dir/secret.yml']) {
      const error = failure(() => file(path));
      expect(error.input).toBe('pipeline-file');
      expect(error.message).toMatch(
        new RegExp(
          `^Input 'pipeline-file' names '${path}', which leads outside the checkout through a symlink`,
        ),
      );
    }
  });

  it('holds a path to the folder the input documents, such as the Dockerfile to its build context', () => {
    const context = join(root, 'inference/triton');
    const dockerfile = (path: string) =>
      existingPath(
        inputs({ dockerfile: path }),
        'dockerfile',
        'Dockerfile',
        'file',
        context,
        'the build context',
      );
    expect(dockerfile('Dockerfile')).toBe(join(context, 'Dockerfile'));
    expect(failure(() => dockerfile('Up.Dockerfile')).message).toMatch(
      /^Input 'dockerfile' names 'Up.Dockerfile', which leads outside the build context through a symlink/,
    );
  });

  it('names a dangling symlink, a loop and a missing file apart', () => {
    expect(failure(() => file('links/dangling.yml')).message).toMatch(
      /a symlink to something that does not exist/,
    );
    expect(failure(() => file('links/loop-a')).message).toMatch(/cannot be read \(ELOOP\)/);
    expect(failure(() => file('pipeline/missing.yml')).message).toMatch(/does not exist in the checkout/);
    expect(failure(() => file('pipeline/pipeline.yml/x')).message).toMatch(/does not exist in the checkout/);
  });

  it('answers a long path that does not exist briefly, naming the input', () => {
    const path = Array.from({ length: 16 }, () => 'd'.repeat(255)).join('/');
    const error = failure(() => file(path));
    expect(error.message).toMatch(
      /^Input 'pipeline-file' names 'd{48}…' \(4095 characters\), which does not exist/,
    );
    expect(error.message.length).toBeLessThan(300);
  });

  it('checks the kind', () => {
    expect(failure(() => file('pipeline')).message).toMatch(/names 'pipeline', which is not a file/);
  });
});

describe('jsonFileInput', () => {
  it('parses the file, and says briefly why a broken one is not JSON', () => {
    const read = (path: string) => jsonFileInput(inputs({ 'request-file': path }), 'request-file', 'x', root);
    expect(read('request.json')).toEqual({ path: join(root, 'request.json'), content: { inputs: [] } });
    const message = failure(() => read('broken.json')).message;
    expect(message).toMatch(/^Input 'request-file' names a file that is not valid JSON/);
    expect(message).not.toMatch(/x{121}/);
  });
});
