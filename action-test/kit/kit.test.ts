import { afterEach, describe, expect, it } from '@jest/globals';
import { mkdtempSync, mkdirSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { abortOnTermination, CancelledError } from '../../src/kit/cancellation.js';
import { hashContent } from '../../src/kit/content-hash.js';
import { formatDuration, parseDuration } from '../../src/kit/duration.js';
import { ActionError, describeFailure } from '../../src/kit/errors.js';
import { markdownTable } from '../../src/kit/markdown.js';
import { inputsFromEnv, reportFailure } from '../../src/kit/runner-protocol.js';
import { adaptiveDelay, waitFor, WaitTimeoutError } from '../../src/kit/waiter.js';
import { VirtualClock } from '../support/virtual-clock.js';

const scratch: string[] = [];
afterEach(() => scratch.splice(0).forEach((dir) => rmSync(dir, { recursive: true, force: true })));

describe('durations', () => {
  it('parses and formats', () => {
    expect(parseDuration('45s')).toBe(45_000);
    expect(parseDuration('2d')).toBe(172_800_000);
    expect(parseDuration('6')).toBeUndefined();
    expect(formatDuration(5_400_000)).toBe('1h30m');
    expect(formatDuration(61_000)).toBe('1m1s');
    expect(formatDuration(250)).toBe('250ms');
  });
});

describe('waitFor', () => {
  it('polls with an adaptive delay until a result arrives', async () => {
    const clock = new VirtualClock();
    let polls = 0;
    const result = await waitFor({
      clock,
      what: 'the job',
      timeoutMs: 3_600_000,
      poll: async () => (++polls === 5 ? 'done' : undefined),
      delay: adaptiveDelay({ minMs: 2000, maxMs: 30_000, fraction: 0.05 }),
    });
    expect(result).toBe('done');
    expect(clock.sleeps).toEqual([2000, 2000, 2000, 2000]);
  });

  it('grows the delay with the time waited, up to the cap', () => {
    const delay = adaptiveDelay({ minMs: 2000, maxMs: 30_000, fraction: 0.05 });
    expect(delay(0)).toBe(2000);
    expect(delay(200_000)).toBe(10_000);
    expect(delay(3_600_000)).toBe(30_000);
  });

  it('times out at the deadline without sleeping past it', async () => {
    const clock = new VirtualClock();
    const error = await waitFor({
      clock,
      what: 'the job',
      timeoutMs: 5000,
      poll: async () => undefined,
      delay: () => 2000,
    }).catch((e) => e);
    expect(error).toBeInstanceOf(WaitTimeoutError);
    expect((error as Error).message).toBe('Timed out after 5s waiting for the job.');
    expect(clock.sleeps).toEqual([2000, 2000, 1000]);
  });

  it('stops when aborted', async () => {
    const controller = new AbortController();
    const clock = new VirtualClock();
    const wait = waitFor({
      clock,
      what: 'x',
      timeoutMs: 60_000,
      signal: controller.signal,
      poll: async () => {
        controller.abort(new CancelledError('SIGINT'));
        return undefined;
      },
      delay: () => 1000,
    });
    await expect(wait).rejects.toBeInstanceOf(CancelledError);
  });
});

describe('cancellation', () => {
  it('aborts on SIGINT and SIGTERM, and lets go of its handlers', () => {
    const before = process.listenerCount('SIGINT');
    const { signal, dispose } = abortOnTermination();
    expect(process.listenerCount('SIGINT')).toBe(before + 1);
    process.emit('SIGTERM', 'SIGTERM');
    expect(signal.aborted).toBe(true);
    expect((signal.reason as Error).message).toBe('Cancelled by SIGTERM.');
    dispose();
    expect(process.listenerCount('SIGINT')).toBe(before);
  });
});

describe('content hash', () => {
  const folder = () => {
    const dir = mkdtempSync(join(tmpdir(), 'hash-'));
    scratch.push(dir);
    mkdirSync(join(dir, 'sub'));
    writeFileSync(join(dir, 'a.txt'), 'alpha');
    writeFileSync(join(dir, 'sub', 'b.txt'), 'beta');
    return dir;
  };

  it('depends on paths, bytes and extra values, not on timestamps or __pycache__', async () => {
    const one = folder();
    const two = folder();
    utimesSync(join(two, 'a.txt'), new Date(0), new Date(0));
    mkdirSync(join(two, '__pycache__'));
    writeFileSync(join(two, '__pycache__', 'x.pyc'), 'bytecode');
    const base = await hashContent([one], { compute: 'gpu' });
    expect(await hashContent([two], { compute: 'gpu' })).toBe(base);
    expect(await hashContent([two], { compute: 'cpu' })).not.toBe(base);
    writeFileSync(join(two, 'sub', 'b.txt'), 'beta!');
    expect(await hashContent([two], { compute: 'gpu' })).not.toBe(base);
  });
});

describe('runner protocol and errors', () => {
  it('reads inputs the way the runner names them', () => {
    expect(inputsFromEnv({ 'INPUT_RESOURCE-GROUP': ' rg ', INPUT_MY_INPUT: 'x' })('resource-group')).toBe(
      'rg',
    );
    expect(inputsFromEnv({ INPUT_MY_INPUT: 'x' })('my input')).toBe('x');
  });

  it('writes one ::error:: line however many lines the message has', () => {
    const lines: string[] = [];
    const exitCode = process.exitCode;
    reportFailure('first\nsecond 100%', (line) => lines.push(line));
    process.exitCode = exitCode;
    expect(lines).toEqual(['::error::first%0Asecond 100%25\n']);
  });

  it('adds the hint to the message', () => {
    expect(describeFailure(new ActionError('It broke.', 'Do this.'))).toBe('It broke. Do this.');
    expect(describeFailure('plain')).toBe('plain');
  });

  it('escapes table cells', () => {
    expect(markdownTable(['a', 'b'], [['x|y', 'line\nbreak']])).toBe(
      '| a | b |\n| --- | --- |\n| x\\|y | line break |\n',
    );
  });
});
