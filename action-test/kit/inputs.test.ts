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

  it('bounds each naming rule where its pattern ends: the longest valid name passes, one more is refused by length', () => {
    const longest: Record<keyof typeof NAME_RULES, string> = {
      resourceGroup: 'r'.repeat(90),
      workspace: 'w'.repeat(33),
      endpoint: 'e'.repeat(32),
      deployment: 'd'.repeat(32),
      asset: 'm'.repeat(255),
      assetVersion: '1'.repeat(50),
      job: 'j'.repeat(255),
      experiment: 'x'.repeat(255),
      compute: `azureml:${'c'.repeat(16)}`,
      acr: 'a'.repeat(50),
      imageRepository: 'r'.repeat(193),
      imageTag: 't'.repeat(128),
      guid: '00000000-0000-0000-0000-000000000000',
    };
    for (const [key, value] of Object.entries(longest)) {
      const rule = NAME_RULES[key as keyof typeof NAME_RULES];
      expect([key, value.length]).toEqual([key, rule.maxLength]);
      expect(inputs({ n: value }).name('n', rule)).toBe(value);
      expect(failure(() => inputs({ n: `${value}0` }).name('n', rule)).message).toContain(
        `expected at most ${rule.maxLength} characters`,
      );
    }
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
    const rules = {
      key: /^[a-z_]+$/,
      value: /^[\w.]+$/,
      expected: 'name=value pairs',
      maxItems: 3,
      maxItemLength: 20,
    };
    expect(inputs({ hp: 'd_model=64\nepochs = 3, lr=0.001' }).keyValues('hp', rules)).toEqual([
      ['d_model', '64'],
      ['epochs', '3'],
      ['lr', '0.001'],
    ]);
    expect(failure(() => inputs({ hp: 'd_model=$(whoami)' }).keyValues('hp', rules)).message).toContain(
      "has 'd_model=$(whoami)'",
    );
    expect(failure(() => inputs({ hp: 'novalue' }).keyValues('hp', rules)).input).toBe('hp');
    expect(failure(() => inputs({ hp: 'a=1,b=2,a=3' }).keyValues('hp', rules)).message).toBe(
      "Input 'hp' sets 'a' twice: expected name=value pairs.",
    );
  });

  it('bounds a list by its whole length first, then by its number of items, then by each item', () => {
    const limits = { maxItems: 3, maxItemLength: 10 };
    expect(inputs({ l: 'a, b\nc' }).list('l', limits)).toEqual(['a', 'b', 'c']);
    expect(failure(() => inputs({ l: 'x'.repeat(37) }).list('l', limits)).message).toMatch(
      /^Input 'l' is 37 characters long \('x{37}'\): expected at most 36 characters/,
    );
    expect(failure(() => inputs({ l: 'a,b,c,d' }).list('l', limits)).message).toMatch(
      /^Input 'l' has 4 items: expected at most 3/,
    );
    expect(failure(() => inputs({ l: 'a,bbbbbbbbbbb' }).list('l', limits)).message).toMatch(
      /^Input 'l' has an item 11 characters long \('bbbbbbbbbbb'\): expected items of at most 10 characters/,
    );
  });

  it('checks the length of every input before anything else, and names the limit', () => {
    const huge = 'a'.repeat(100_000);
    const rule = { pattern: /^[a-z]+$/, expected: 'lower-case letters', maxLength: 8 };
    expect(inputs({ n: 'abcdefgh' }).name('n', rule)).toBe('abcdefgh');
    expect(failure(() => inputs({ n: 'abcdefghi' }).name('n', rule)).message).toBe(
      "Input 'n' is 9 characters long ('abcdefghi'): expected at most 8 characters: lower-case letters.",
    );
    // Over the limit and with a newline: the length is what is reported, since it is checked first.
    expect(failure(() => inputs({ n: `a\n${huge}` }).name('n', rule)).message).toMatch(
      /is 100002 characters long/,
    );
    // A fallback from the environment is held to the same bound.
    expect(failure(() => inputs({}).name('n', rule, { fallback: huge })).message).toMatch(/at most 8/);
    for (const read of [
      (i: Inputs) => i.boolean('n', true),
      (i: Inputs) => i.choice('n', ['a', 'b'] as const, 'a'),
      (i: Inputs) => i.integer('n', { min: 1, max: 9 }),
      (i: Inputs) => i.number('n', { min: 1, max: 9 }),
      (i: Inputs) => i.duration('n', '1h'),
      (i: Inputs) => i.text('n'),
      (i: Inputs) => i.relativePath('n', 'x'),
    ]) {
      const message = failure(() => read(inputs({ n: huge }))).message;
      expect(message).toMatch(
        /^Input 'n' is 100000 characters long \('a{48}…'\): expected at most \d+ characters/,
      );
      expect(message.length).toBeLessThan(300);
    }
  });

  it('quotes at most a short prefix of a bad value in every message', () => {
    const long = `${'b'.repeat(60)}$(id)`;
    for (const message of [
      failure(() => inputs({ n: long }).name('n', NAME_RULES.asset)).message,
      failure(() => inputs({ n: long }).boolean('n', true)).message,
      failure(() => inputs({ n: long }).choice('n', ['a'] as const, 'a')).message,
      failure(() => inputs({ n: long }).duration('n', '1h')).message,
      failure(() => inputs({ n: `${long}` }).relativePath('n', 'x')).message,
    ]) {
      expect(message).toContain(`'${'b'.repeat(48)}…'`);
      expect(message).not.toContain('$(id)');
    }
  });

  it('refuses a number that is not finite', () => {
    expect(failure(() => inputs({ ms: '9'.repeat(400) }).number('ms', { min: 1, max: 1000 })).input).toBe(
      'ms',
    );
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

  it('holds paths to PATH_MAX and NAME_MAX', () => {
    const segment = 'd'.repeat(255);
    const longest = Array.from({ length: 16 }, () => segment).join('/'); // 16 × 256 − 1 = 4095
    expect(inputs({ file: longest }).relativePath('file', 'x')).toBe(longest);
    expect(failure(() => inputs({ file: `${longest}x` }).relativePath('file', 'x')).message).toMatch(
      /is 4096 characters long .*at most 4095 characters/,
    );
    expect(failure(() => inputs({ file: `a/${segment}d/b` }).relativePath('file', 'x')).message).toMatch(
      /has a name 256 characters long .*at most 255 characters \(NAME_MAX\)/,
    );
  });
});
