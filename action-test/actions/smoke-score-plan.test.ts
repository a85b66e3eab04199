import { describe, expect, it } from '@jest/globals';
import {
  errorRate,
  smokeOutputs,
  smokeSummary,
  smokeVerdict,
  type ScoringResults,
} from '../../src/actions/smoke-score/plan.js';
import { failureLine, groupFailures } from '../../src/actions/smoke-score/failure-groups.js';
import { latencyHistogram, parseHistogram } from '../../src/kit/latency-histogram.js';
import {
  connectionFailure,
  describeOutcome,
  sendScoringRequest,
} from '../../src/actions/smoke-score/scoring-request.js';
import { VirtualClock } from '../support/virtual-clock.js';

/** What undici's fetch throws when the connection is reset. */
function resetError(): TypeError {
  return new TypeError('fetch failed', {
    cause: Object.assign(new Error('read ECONNRESET'), { code: 'ECONNRESET' }),
  });
}

function script(steps: Array<Response | (() => never)>) {
  let calls = 0;
  return {
    get calls() {
      return calls;
    },
    send: async () => {
      const step = steps[Math.min(calls++, steps.length - 1)]!;
      if (typeof step === 'function') step();
      return (step as Response).clone();
    },
  };
}
const fail = () => {
  throw resetError();
};
const policy = (clock: VirtualClock) => ({
  clock,
  attempts: 4,
  baseDelayMs: 500,
  maxDelayMs: 10_000,
  random: () => 0.5,
});

describe('scoring requests with retries', () => {
  it('retries a reset and a 503, honouring Retry-After, and returns the 200', async () => {
    const clock = new VirtualClock();
    const s = script([
      fail,
      new Response('busy', { status: 503, headers: { 'retry-after': '2' } }),
      new Response('{}'),
    ]);
    const outcome = await sendScoringRequest(s.send, policy(clock));
    expect(outcome).toEqual({ ok: true, status: 200, text: '{}', attempts: 3 });
    expect(clock.sleeps).toEqual([250, 2000]);
  });

  it('stops after the bounded attempts and says what failed, why and how often it was tried', async () => {
    const clock = new VirtualClock();
    const s = script([fail]);
    const outcome = await sendScoringRequest(s.send, policy(clock));
    expect(s.calls).toBe(4);
    expect(describeOutcome('POST v2/models/executor_model/infer (request 3)', outcome)).toBe(
      'POST v2/models/executor_model/infer (request 3): connection failed (ECONNRESET) after 4 attempt(s)',
    );
  });

  it('does not retry a 400 or a 200', async () => {
    const clock = new VirtualClock();
    const s = script([new Response('bad input', { status: 400 })]);
    const outcome = await sendScoringRequest(s.send, policy(clock));
    expect(s.calls).toBe(1);
    expect(describeOutcome('POST x', outcome)).toBe('POST x: HTTP 400 bad input after 1 attempt(s)');
  });

  it('caps a long Retry-After at the policy maximum', async () => {
    const clock = new VirtualClock();
    const s = script([
      new Response('', { status: 429, headers: { 'retry-after': '600' } }),
      new Response('{}'),
    ]);
    await sendScoringRequest(s.send, policy(clock));
    expect(clock.sleeps).toEqual([10_000]);
  });

  it('names the cause of a connection failure and leaves other errors alone', () => {
    expect(connectionFailure(resetError())).toBe('ECONNRESET');
    expect(connectionFailure(new SyntaxError('Unexpected token'))).toBeUndefined();
  });
});

function results(overrides: Partial<ScoringResults>): ScoringResults {
  return {
    requests: 20,
    concurrency: 4,
    latencies: Array.from({ length: 20 }, (_, i) => 10 + i),
    wallMs: 1000,
    checkFailures: [],
    errors: [],
    retries: 0,
    recommendations: [],
    ...overrides,
  };
}

describe('smoke verdict', () => {
  const limits = { maxErrorRate: 0, maxP95Ms: 2000 };
  it('passes with no errors and reports a zero error rate', () => {
    const r = results({ retries: 3 });
    expect(smokeVerdict(r, limits, 'deployment v1')).toBeUndefined();
    expect(smokeOutputs(r)['error-rate']).toBe('0.0000');
    expect(smokeSummary(r, 'deployment v1', undefined)).toMatch(/\| 0 \| 0\.0% \| 3 \|/);
  });

  it('fails above max-error-rate, giving the rate, the limit and the first failure', () => {
    const r = results({
      errors: ['POST infer (request 2): connection failed (ECONNRESET) after 4 attempt(s)'],
    });
    expect(errorRate(r)).toBe(0.05);
    expect(smokeVerdict(r, limits, 'deployment v1')).toBe(
      '1 of 20 scoring request(s) to deployment v1 failed after retries (error rate 5.0%, max-error-rate 0.0%); first: POST infer (request 2): connection failed (ECONNRESET) after 4 attempt(s)',
    );
    expect(smokeVerdict(r, { ...limits, maxErrorRate: 0.05 }, 'deployment v1')).toBeUndefined();
  });

  it('fails on a wrong answer whatever the error rate allows', () => {
    const r = results({ checkFailures: ['request 1: item_ids has shape [3,19], expected [3,20]'] });
    expect(smokeVerdict(r, { maxErrorRate: 1, maxP95Ms: 2000 }, 'deployment v1')).toMatch(
      /1 check\(s\) failed/,
    );
  });

  it('fails on p95 latency over the limit', () => {
    expect(smokeVerdict(results({}), { maxErrorRate: 0, maxP95Ms: 5 }, 'd')).toMatch(/p95 latency 28\.0 ms/);
  });
});

describe('smoke failures and latency, as a person reads them', () => {
  const limits = { maxErrorRate: 0, maxP95Ms: 2000 };
  it('20 identical wrong answers collapse into one line with a count and the requests they hit', () => {
    const wrong = Array.from(
      { length: 20 },
      (_, i) => `request ${i + 1}: item_ids has shape [3,19], expected [3,20]`,
    );
    const r = results({ checkFailures: wrong });
    const summary = smokeSummary(r, 'deployment v2', smokeVerdict(r, limits, 'deployment v2'));
    const failures = summary.split('### Failures\n\n')[1]!.split('\n\n')[0]!.trim().split('\n');
    expect(failures).toEqual([
      '- 20 of 20 requests (1, 2, 3, 4, 5, … 20): item_ids has shape [3,19], expected [3,20]',
    ]);
    expect(summary.split('\n')[0]).toBe(
      '## ❌ Smoke test failed: 20 check(s) failed against deployment v2; most often: 20 of 20 requests (1, 2, 3, 4, 5, … 20): item_ids has shape [3,19], expected [3,20]',
    );
  });

  it('keeps different failures apart, most frequent first, and a single one as written', () => {
    expect(
      groupFailures([
        'POST infer (request 2): 503 Service Unavailable after 4 attempt(s)',
        'request 1: item_ids has shape [3,19], expected [3,20]',
        'POST infer (request 5): 503 Service Unavailable after 4 attempt(s)',
        'POST infer (request 7): connection failed (ECONNRESET) after 4 attempt(s)',
      ]).map((group) => failureLine(group, 8)),
    ).toEqual([
      '2 of 8 requests (2, 5): POST infer: 503 Service Unavailable after 4 attempt(s)',
      'request 1: item_ids has shape [3,19], expected [3,20]',
      'POST infer (request 7): connection failed (ECONNRESET) after 4 attempt(s)',
    ]);
  });

  it('outputs a compact latency histogram and charts it as Mermaid bars', () => {
    const r = results({ latencies: [3, 4, 11, 12, 13, 27] });
    const output = smokeOutputs(r)['latency-histogram']!;
    expect(JSON.parse(output)).toEqual({ bin_ms: 5, counts: [2, 0, 3, 0, 0, 1] });
    expect(parseHistogram(output)).toEqual({ binMs: 5, counts: [2, 0, 3, 0, 0, 1] });
    expect(smokeSummary(r, 'deployment v1', undefined)).toContain(
      [
        '```mermaid',
        'xychart-beta',
        '  title "Smoke-test latency"',
        '  x-axis "latency (ms)" ["0-5", "5-10", "10-15", "15-20", "20-25", "25-30"]',
        '  y-axis "requests" 0 --> 3',
        '  bar [2, 0, 3, 0, 0, 1]',
        '```',
      ].join('\n'),
    );
    expect(latencyHistogram([0.4, 0.9]).binMs).toBe(0.1);
    expect(latencyHistogram([]).counts).toEqual([]);
    expect(parseHistogram('{"bin_ms":0,"counts":[1]}')).toBeUndefined();
    expect(parseHistogram('')).toBeUndefined();
  });
});
