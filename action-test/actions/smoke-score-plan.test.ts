import { describe, expect, it } from '@jest/globals';
import {
  errorRate,
  smokeOutputs,
  smokeSummary,
  smokeVerdict,
  type ScoringResults,
} from '../../src/actions/smoke-score/plan.js';
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
