import { describe, expect, it } from '@jest/globals';
import { InputError } from '../../src/kit/errors.js';
import { Inputs } from '../../src/kit/inputs.js';
import { NAME_RULES } from '../../src/kit/names.js';

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

describe('Inputs', () => {
  it('reads a valid name and rejects a bad one with the input name and the rule', () => {
    expect(inputs({ endpoint: 'next-item' }).name('endpoint', NAME_RULES.endpoint, { required: true })).toBe(
      'next-item',
    );
    for (const bad of ['ab', 'a'.repeat(33), '1abc', 'abc-', 'ab_c', 'a$(id)b', 'a;b']) {
      const error = failure(() => inputs({ endpoint: bad }).name('endpoint', NAME_RULES.endpoint));
      expect(error.input).toBe('endpoint');
      expect(error.message).toContain("Input 'endpoint'");
      expect(error.message).toContain('3-32 letters');
    }
  });

  it('names a required input that is empty', () => {
    expect(
      failure(() => inputs({}).name('workspace', NAME_RULES.workspace, { required: true })).message,
    ).toMatch(/^Input 'workspace' is required but empty: expected 3-33/);
  });

  it('uses the fallback only when the input is empty', () => {
    const guid = '00000000-0000-0000-0000-000000000009';
    expect(inputs({}).name('client-id', NAME_RULES.guid, { fallback: guid })).toBe(guid);
    expect(
      failure(() => inputs({ 'client-id': 'nope' }).name('client-id', NAME_RULES.guid, { fallback: guid }))
        .input,
    ).toBe('client-id');
  });

  it('rejects a newline smuggled into a single-line input', () => {
    expect(
      failure(() => inputs({ workspace: 'ws\nrm -rf /' }).name('workspace', NAME_RULES.workspace)).message,
    ).toMatch(/newline/);
  });

  it('follows Azure naming rules for resource groups, ACR names, image tags and repositories', () => {
    expect(NAME_RULES.resourceGroup.pattern.test('rg_ml.prod(1)')).toBe(true);
    expect(NAME_RULES.resourceGroup.pattern.test('rg.')).toBe(false);
    expect(NAME_RULES.acr.pattern.test('myregistry01')).toBe(true);
    expect(NAME_RULES.acr.pattern.test('my-registry')).toBe(false);
    expect(NAME_RULES.imageTag.pattern.test('v1:latest')).toBe(false);
    expect(NAME_RULES.imageTag.pattern.test('with space')).toBe(false);
    expect(NAME_RULES.imageRepository.pattern.test('merlin/next-item-triton')).toBe(true);
    expect(NAME_RULES.imageRepository.pattern.test('Merlin')).toBe(false);
  });

  it('reads booleans in the forms YAML users write', () => {
    expect(inputs({ wait: 'false' }).boolean('wait', true)).toBe(false);
    expect(inputs({ wait: 'YES' }).boolean('wait', false)).toBe(true);
    expect(inputs({}).boolean('wait', true)).toBe(true);
    expect(failure(() => inputs({ wait: 'maybe' }).boolean('wait', true)).message).toBe(
      "Input 'wait' is 'maybe': expected true or false.",
    );
  });

  it('reads durations and rejects zero, negative and unitless ones', () => {
    expect(inputs({ timeout: '90m' }).duration('timeout', '6h')).toBe(90 * 60_000);
    expect(inputs({ timeout: '1h30m' }).duration('timeout', '6h')).toBe(90 * 60_000);
    expect(inputs({}).duration('timeout', '6h')).toBe(6 * 3_600_000);
    for (const bad of ['0m', '-1h', 'abc', '10', '5 h']) {
      expect(failure(() => inputs({ timeout: bad }).duration('timeout', '6h')).input).toBe('timeout');
    }
    expect(
      failure(() => inputs({ timeout: '200h' }).duration('timeout', '6h', { maxMs: 120 * 3_600_000 }))
        .message,
    ).toMatch(/at most 120h/);
  });

  it('reads integers within bounds, percentages and decimals', () => {
    expect(inputs({ n: '7' }).integer('n', { min: 1, max: 10 })).toBe(7);
    expect(failure(() => inputs({ n: '11' }).integer('n', { min: 1, max: 10 })).message).toMatch(
      /from 1 to 10/,
    );
    expect(failure(() => inputs({ n: '1.5' }).integer('n', { min: 1, max: 10 })).input).toBe('n');
    expect(inputs({ p: '100' }).percent('p', 0)).toBe(100);
    expect(failure(() => inputs({ p: '101' }).percent('p', 0)).input).toBe('p');
    expect(inputs({ ms: '250.5' }).number('ms', { min: 1, max: 1000 })).toBe(250.5);
    expect(failure(() => inputs({ ms: 'fast' }).number('ms', { min: 1, max: 1000 })).input).toBe('ms');
  });

  it('reads a choice', () => {
    expect(inputs({ mode: 'promote' }).choice('mode', ['deploy', 'promote'] as const, 'deploy')).toBe(
      'promote',
    );
    expect(
      failure(() => inputs({ mode: 'yolo' }).choice('mode', ['deploy', 'promote'] as const, 'deploy'))
        .message,
    ).toMatch(/one of deploy, promote/);
  });

  it('reads key=value lists, one per line or comma-separated, checking keys and values', () => {
    const rules = { key: /^[a-z_]+$/, value: /^[\w.]+$/, expected: 'name=value pairs' };
    expect(inputs({ hp: 'd_model=64\nepochs = 3, lr=0.001' }).keyValues('hp', rules)).toEqual([
      ['d_model', '64'],
      ['epochs', '3'],
      ['lr', '0.001'],
    ]);
    expect(failure(() => inputs({ hp: 'd_model=$(whoami)' }).keyValues('hp', rules)).message).toContain(
      "has 'd_model=$(whoami)'",
    );
    expect(failure(() => inputs({ hp: 'novalue' }).keyValues('hp', rules)).input).toBe('hp');
  });

  it('keeps paths inside the repository', () => {
    expect(inputs({}).relativePath('file', 'pipeline/pipeline.yml')).toBe('pipeline/pipeline.yml');
    expect(failure(() => inputs({ file: '../../etc/passwd' }).relativePath('file', 'x')).message).toMatch(
      /leaves the repository/,
    );
    expect(failure(() => inputs({ file: '/etc/passwd' }).relativePath('file', 'x')).message).toMatch(
      /absolute/,
    );
    expect(failure(() => inputs({ file: 'a;b.yml' }).relativePath('file', 'x')).input).toBe('file');
  });
});
