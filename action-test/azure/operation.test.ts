import { describe, expect, it } from '@jest/globals';
import { ArmClient } from '../../src/azure/arm-client.js';
import { ArmError } from '../../src/azure/arm-error.js';
import {
  followOperation,
  type OperationPoller,
  type OperationProgress,
  type PolledAnswer,
} from '../../src/azure/operation.js';
import { pollDelay, POLLING, type PollingPolicy } from '../../src/azure/polling-policy.js';
import { VirtualClock } from '../support/virtual-clock.js';

const OPERATION = 'https://management.example/operations/op1?api-version=2025-12-01';
const PATH = '/subscriptions/s/resourceGroups/g/providers/Microsoft.MachineLearningServices/workspaces/w/x';

function answer(status: number, body: unknown, headers: Record<string, string> = {}): PolledAnswer {
  return { status, headers: new Headers(headers), body };
}

/** A poller over scripted answers, recording what it was asked and what it heard. */
function scripted(answers: PolledAnswer[], options: { timeoutMs?: number } = {}) {
  const clock = new VirtualClock();
  const asked: string[] = [];
  const progress: OperationProgress[] = [];
  const poller: OperationPoller = {
    clock,
    get: async (url) => {
      asked.push(url);
      const next = answers.shift();
      if (!next) throw new Error(`no answer scripted for ${url}`);
      return next;
    },
    deadline: clock.now() + (options.timeoutMs ?? 60_000),
    startedAt: clock.now(),
    pollMs: 5000,
    onProgress: (p) => progress.push(p),
  };
  return { clock, asked, progress, poller };
}

describe('followOperation', () => {
  it('follows Azure-AsyncOperation, waiting what Retry-After asks, and reports each status with the time since the write', async () => {
    const { clock, asked, progress, poller } = scripted([
      answer(200, { status: 'InProgress' }, { 'retry-after': '3' }),
      answer(200, { status: 'Succeeded' }),
      answer(200, { properties: { provisioningState: 'Succeeded' }, name: 'green' }),
    ]);
    const first = answer(
      201,
      { properties: { provisioningState: 'Creating' } },
      {
        'azure-asyncoperation': OPERATION,
        'retry-after': '1',
      },
    );
    await expect(followOperation('PUT', PATH, first, poller)).resolves.toMatchObject({ name: 'green' });
    expect(asked).toEqual([OPERATION, OPERATION, PATH]);
    expect(clock.sleeps).toEqual([1000, 3000]);
    expect(progress).toEqual([
      { status: 'InProgress', elapsedMs: 1000 },
      { status: 'Succeeded', elapsedMs: 4000 },
      { status: 'Succeeded', elapsedMs: 4000 },
    ]);
  });

  it("throws the operation's own code and message when it fails", async () => {
    const { poller } = scripted([
      answer(
        200,
        { status: 'Failed', error: { code: 'ImageNotFound', message: 'no such image' } },
        {
          'x-ms-request-id': 'req-9',
        },
      ),
    ]);
    const first = answer(202, undefined, { 'azure-asyncoperation': OPERATION });
    const failure = await followOperation('PUT', PATH, first, poller).catch((error: unknown) => error);
    expect(failure).toBeInstanceOf(ArmError);
    expect(failure).toMatchObject({ code: 'ImageNotFound', armMessage: 'no such image', requestId: 'req-9' });
  });

  it('polls the resource while its provisioningState is not final, at the poll interval', async () => {
    const { clock, progress, poller } = scripted([
      answer(200, { properties: { provisioningState: 'Updating' } }),
      answer(200, { properties: { provisioningState: 'Failed' } }),
    ]);
    const first = answer(200, { properties: { provisioningState: 'Updating' } });
    await expect(followOperation('PATCH', PATH, first, poller)).resolves.toEqual({
      properties: { provisioningState: 'Failed' },
    });
    expect(clock.sleeps).toEqual([5000]);
    expect(progress.map((p) => p.status)).toEqual(['Updating', 'Failed']);
  });

  it("returns a POST's result from its Location, and nothing for a DELETE", async () => {
    const location = 'https://management.example/results/r1';
    const post = scripted([answer(202, undefined), answer(200, { content: 'done' })]);
    await expect(
      followOperation('POST', `${PATH}/run`, answer(202, undefined, { location }), post.poller),
    ).resolves.toEqual({ content: 'done' });
    expect(post.progress.map((p) => p.status)).toEqual(['InProgress', 'Succeeded']);

    const del = scripted([answer(200, { status: 'Succeeded' })]);
    await expect(
      followOperation(
        'DELETE',
        PATH,
        answer(202, undefined, { 'azure-asyncoperation': OPERATION }),
        del.poller,
      ),
    ).resolves.toBeUndefined();
  });

  it('stops with a Timeout error rather than sleep past the deadline', async () => {
    const { asked, poller } = scripted([answer(200, { status: 'InProgress' })], { timeoutMs: 8000 });
    const first = answer(201, {}, { 'azure-asyncoperation': OPERATION });
    await expect(followOperation('PUT', PATH, first, poller)).rejects.toMatchObject({
      code: 'Timeout',
      method: 'PUT',
    });
    expect(asked).toEqual([OPERATION]);
  });
});

describe('ArmClient.begin', () => {
  it('hands each poll of the operation to onProgress', async () => {
    const clock = new VirtualClock();
    const origin = 'https://management.example';
    const answers = [
      Response.json(
        { properties: { provisioningState: 'Creating' } },
        {
          status: 201,
          headers: { 'azure-asyncoperation': `${origin}/operations/op1` },
        },
      ),
      Response.json({ status: 'InProgress' }),
      Response.json({ status: 'Succeeded' }),
      Response.json({ name: 'green', properties: { provisioningState: 'Succeeded' } }),
    ];
    const arm = new ArmClient({
      baseUrl: origin,
      credential: { getToken: async () => ({ token: 't', expiresOnTimestamp: clock.now() + 3_600_000 }) },
      scope: `${origin}/.default`,
      clock,
      fetch: async () => answers.shift()!,
      lroPollMs: 2000,
    });
    const progress: OperationProgress[] = [];
    const resource = await arm.begin('PUT', PATH, { body: {}, onProgress: (p) => progress.push(p) });
    expect(resource).toMatchObject({ name: 'green' });
    expect(progress).toEqual([
      { status: 'InProgress', elapsedMs: 2000 },
      { status: 'Succeeded', elapsedMs: 4000 },
      { status: 'Succeeded', elapsedMs: 4000 },
    ]);
  });
});

describe('the polling policy', () => {
  it.each(Object.entries(POLLING) as Array<[string, PollingPolicy]>)(
    '%s: a floor under its cap, a share below one, a heartbeat slower than the slowest poll',
    (_, policy) => {
      expect(policy.minMs).toBeGreaterThan(0);
      expect(policy.minMs).toBeLessThanOrEqual(policy.maxMs);
      expect(policy.fraction).toBeGreaterThanOrEqual(0);
      expect(policy.fraction).toBeLessThan(1);
      if (policy.heartbeatMs !== undefined) expect(policy.heartbeatMs).toBeGreaterThan(policy.maxMs);
    },
  );

  it('notices a pipeline job change within max(2 s, 5% of the wait) and never more than 30 s late', () => {
    const delay = pollDelay('pipelineJob');
    for (let elapsed = 0; elapsed <= 6 * 3_600_000; elapsed += 7_000) {
      expect(delay(elapsed)).toBeLessThanOrEqual(Math.max(2000, 0.05 * elapsed));
      expect(delay(elapsed)).toBeLessThan(30_000);
    }
    // Through a long quiet training step: about two calls a minute.
    expect(60_000 / delay(3 * 3_600_000)).toBeLessThanOrEqual(2.1);
  });
});
