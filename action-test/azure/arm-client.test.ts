import { afterEach, describe, expect, it } from '@jest/globals';
import { ArmClient } from '../../src/azure/arm-client.js';
import { ArmError } from '../../src/azure/arm-error.js';
import type { AccessToken } from '../../src/azure/token-source.js';
import {
  sendJson,
  startLoopbackServer,
  type Handler,
  type LoopbackServer,
} from '../support/loopback-server.js';
import { VirtualClock } from '../support/virtual-clock.js';

const WORKSPACE =
  '/subscriptions/00000000-0000-0000-0000-000000000001/resourceGroups/rg/providers/Microsoft.MachineLearningServices/workspaces/ws';

let server: LoopbackServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

function fixedCredential(clock: VirtualClock, lifetimeMs = 60 * 60_000) {
  const issued: string[] = [];
  return {
    issued,
    getToken: async (): Promise<AccessToken> => {
      const token = `token-${issued.length + 1}`;
      issued.push(token);
      return { token, expiresOnTimestamp: clock.now() + lifetimeMs };
    },
  };
}

async function client(
  handler: Handler,
  options: { https?: boolean; maxRetries?: number; requestTimeoutMs?: number } = {},
) {
  server = await startLoopbackServer(handler, { https: options.https });
  const clock = new VirtualClock();
  const credential = fixedCredential(clock);
  const arm = new ArmClient({
    baseUrl: server.url,
    credential,
    scope: `${server.url}/.default`,
    clock,
    random: () => 0.5,
    maxRetries: options.maxRetries ?? 4,
    requestTimeoutMs: options.requestTimeoutMs,
  });
  return { arm, clock, credential, server };
}

describe('ArmClient against a loopback server', () => {
  it('sends a bearer token and the api-version, and parses the JSON answer (over HTTPS)', async () => {
    const { arm, server } = await client((_req, res) => sendJson(res, 200, { name: 'ws' }), { https: true });
    await expect(arm.get(WORKSPACE)).resolves.toEqual({ name: 'ws' });
    expect(server.requests[0]!.headers.authorization).toBe('Bearer token-1');
    expect(server.requests[0]!.url).toBe(`${WORKSPACE}?api-version=2025-12-01`);
  });

  it('retries a 429 after the Retry-After seconds, on the injected clock', async () => {
    let calls = 0;
    const { arm, clock } = await client((_req, res) =>
      ++calls === 1
        ? sendJson(
            res,
            429,
            { error: { code: 'TooManyRequests', message: 'slow down' } },
            { 'retry-after': '2' },
          )
        : sendJson(res, 200, { ok: true }),
    );
    await expect(arm.get(WORKSPACE)).resolves.toEqual({ ok: true });
    expect(calls).toBe(2);
    expect(clock.sleeps).toEqual([2000]);
  });

  it('backs off with full jitter when a 503 gives no Retry-After', async () => {
    let calls = 0;
    const { arm, clock } = await client((_req, res) =>
      ++calls <= 3
        ? sendJson(res, 503, { error: { code: 'ServiceUnavailable', message: 'busy' } })
        : sendJson(res, 200, {}),
    );
    await arm.get(WORKSPACE);
    // random() = 0.5 of a ceiling that doubles from 1 s: 500, 1000, 2000 ms.
    expect(clock.sleeps).toEqual([500, 1000, 2000]);
  });

  it("ends the retry budget with the last ARM error's code, message and request id", async () => {
    let calls = 0;
    const { arm } = await client(
      (_req, res) => {
        calls++;
        sendJson(
          res,
          503,
          { error: { code: 'ServerBusy', message: `attempt ${calls}` } },
          { 'x-ms-request-id': `req-${calls}` },
        );
      },
      { maxRetries: 2 },
    );
    const error = await arm.get(WORKSPACE).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ArmError);
    expect(error).toMatchObject({
      status: 503,
      code: 'ServerBusy',
      armMessage: 'attempt 3',
      requestId: 'req-3',
    });
    expect((error as Error).message).toMatch(
      /^GET \/subscriptions\/.*\/workspaces\/ws failed after 3 attempt\(s\): 503 ServerBusy: attempt 3 \(x-ms-request-id req-3\)$/,
    );
    expect(calls).toBe(3);
  });

  it('does not retry a 401, and says what to check', async () => {
    const { arm, server } = await client((_req, res) =>
      sendJson(res, 401, {
        error: { code: 'InvalidAuthenticationToken', message: 'The access token is invalid.' },
      }),
    );
    const error = (await arm.get(WORKSPACE).catch((e: unknown) => e)) as ArmError;
    expect(error.code).toBe('InvalidAuthenticationToken');
    expect(error.hint).toMatch(/client-id and tenant-id/);
    expect(server.requests).toHaveLength(1);
  });

  it('does not retry other 4xx such as 404', async () => {
    const { arm, server } = await client((_req, res) =>
      sendJson(res, 404, { error: { code: 'ResourceNotFound', message: 'no such job' } }),
    );
    await expect(arm.get(`${WORKSPACE}/jobs/x`)).rejects.toMatchObject({
      status: 404,
      code: 'ResourceNotFound',
      message: expect.stringMatching(
        /jobs\/x failed after 1 attempt\(s\): 404 ResourceNotFound: no such job/,
      ),
    });
    expect(server.requests).toHaveLength(1);
  });

  it("reports a credential's failure as itself, not as ARM giving no answer", async () => {
    server = await startLoopbackServer((_req, res) => sendJson(res, 200, {}));
    const refused = new Error(
      'Entra token request (scope s) failed after 1 attempt(s): 401 AADSTS70021: no match',
    );
    const arm = new ArmClient({
      baseUrl: server.url,
      credential: { getToken: () => Promise.reject(refused) },
      scope: 's',
      clock: new VirtualClock(),
    });
    await expect(arm.get(WORKSPACE)).rejects.toBe(refused);
    expect(server.requests).toHaveLength(0);
  });

  it('retries a connection reset', async () => {
    let calls = 0;
    const { arm } = await client((req, res) => {
      if (++calls === 1) {
        res.socket?.destroy();
        return;
      }
      sendJson(res, 200, { survived: true });
    });
    await expect(arm.get(WORKSPACE)).resolves.toEqual({ survived: true });
    expect(calls).toBe(2);
  });

  it('sends a GET and an idempotent PUT again when an attempt gets no answer within the request timeout', async () => {
    const calls: string[] = [];
    const { arm } = await client(
      (req, res) => {
        calls.push(req.method);
        if (calls.filter((m) => m === req.method).length === 1) return; // the first of each never answers
        sendJson(res, 200, { properties: { provisioningState: 'Succeeded' } });
      },
      { requestTimeoutMs: 150 },
    );
    await expect(arm.get(WORKSPACE)).resolves.toMatchObject({ properties: {} });
    await expect(arm.begin('PUT', `${WORKSPACE}/models/m`, { body: {} })).resolves.toMatchObject({
      properties: { provisioningState: 'Succeeded' },
    });
    expect(calls).toEqual(['GET', 'GET', 'PUT', 'PUT']);
  });

  it('does not send a POST again after a timeout, and says why, naming the request and the attempts', async () => {
    let calls = 0;
    const { arm } = await client(() => void calls++, { requestTimeoutMs: 150 });
    await expect(arm.post(`${WORKSPACE}/listKeys`)).rejects.toThrow(
      /POST .*listKeys.*no answer within 150 ms; POST is not idempotent, so it was not sent again\) after 1 attempt\(s\)/,
    );
    expect(calls).toBe(1);
  });

  it('gives up on a GET that never answers after the bounded retries, naming the attempts', async () => {
    let calls = 0;
    const { arm } = await client(() => void calls++, { requestTimeoutMs: 100, maxRetries: 2 });
    const error = await arm.get(WORKSPACE).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ArmError);
    expect((error as ArmError).code).toBe('Timeout');
    expect((error as Error).message).toMatch(/no answer within 100 ms\) after 3 attempt\(s\)/);
    expect(calls).toBe(3);
  });

  it('follows a long-running operation through Azure-AsyncOperation, then GETs the resource', async () => {
    let polls = 0;
    const { arm, clock } = await client((req, res) => {
      const path = req.url.split('?')[0]!;
      if (req.method === 'PUT') {
        return sendJson(
          res,
          201,
          { name: 'ep', properties: { provisioningState: 'Creating' } },
          {
            'azure-asyncoperation': `${server!.url}/operations/op1?api-version=2025-12-01`,
            'retry-after': '3',
          },
        );
      }
      if (path === '/operations/op1')
        return sendJson(
          res,
          200,
          { status: ++polls < 3 ? 'InProgress' : 'Succeeded' },
          { 'retry-after': '4' },
        );
      sendJson(res, 200, { name: 'ep', properties: { provisioningState: 'Succeeded' } });
    });
    const endpoint = await arm.begin<{ properties: { provisioningState: string } }>(
      'PUT',
      `${WORKSPACE}/onlineEndpoints/ep`,
      { body: {} },
    );
    expect(endpoint.properties.provisioningState).toBe('Succeeded');
    expect(polls).toBe(3);
    expect(clock.sleeps).toEqual([3000, 4000, 4000]);
  });

  it('turns a Failed operation into an ArmError with the operation error', async () => {
    const { arm } = await client((req, res) => {
      if (req.method === 'PUT')
        return sendJson(res, 202, {}, { 'azure-asyncoperation': `${server!.url}/operations/op2` });
      sendJson(res, 200, {
        status: 'Failed',
        error: { code: 'ResourceNotReady', message: 'Liveness probe failed' },
      });
    });
    await expect(
      arm.begin('PUT', `${WORKSPACE}/onlineEndpoints/ep/deployments/green`, { body: {} }),
    ).rejects.toMatchObject({
      code: 'ResourceNotReady',
      armMessage: 'Liveness probe failed',
    });
  });

  it('follows a Location header until it stops answering 202', async () => {
    let polls = 0;
    const { arm } = await client((req, res) => {
      if (req.method === 'DELETE')
        return sendJson(res, 202, undefined, { location: `${server!.url}/operationResults/d1` });
      sendJson(res, ++polls < 2 ? 202 : 200, undefined);
    });
    await expect(
      arm.begin('DELETE', `${WORKSPACE}/onlineEndpoints/ep/deployments/blue`),
    ).resolves.toBeUndefined();
    expect(polls).toBe(2);
  });

  it('pages through nextLink', async () => {
    const { arm } = await client((req, res) => {
      if (req.url.includes('page=2')) return sendJson(res, 200, { value: [{ name: 'c' }] });
      sendJson(res, 200, {
        value: [{ name: 'a' }, { name: 'b' }],
        nextLink: `${server!.url}${WORKSPACE}/jobs?api-version=2025-12-01&page=2`,
      });
    });
    const names: string[] = [];
    for await (const job of arm.list<{ name: string }>(`${WORKSPACE}/jobs`, { query: { tag: 'x' } }))
      names.push(job.name);
    expect(names).toEqual(['a', 'b', 'c']);
  });

  it('never sends the bearer token to another host named in a link', async () => {
    const { arm } = await client((_req, res) =>
      sendJson(res, 202, {}, { 'azure-asyncoperation': 'https://attacker.example/op' }),
    );
    await expect(arm.begin('PUT', `${WORKSPACE}/onlineEndpoints/ep`, { body: {} })).rejects.toMatchObject({
      code: 'UntrustedLink',
    });
  });

  it('reuses the access token until five minutes before it expires', async () => {
    const { arm, clock, credential } = await client((_req, res) => sendJson(res, 200, {}));
    await arm.get(WORKSPACE);
    clock.advance(50 * 60_000);
    await arm.get(WORKSPACE);
    expect(credential.issued).toHaveLength(1);
    clock.advance(6 * 60_000);
    await arm.get(WORKSPACE);
    expect(credential.issued).toHaveLength(2);
  });

  it('gives up when a retry would pass the deadline', async () => {
    const { arm, server } = await client((_req, res) =>
      sendJson(res, 429, { error: { code: 'TooManyRequests', message: 'wait' } }, { 'retry-after': '120' }),
    );
    await expect(arm.get(WORKSPACE, { timeoutMs: 60_000 })).rejects.toMatchObject({ status: 429 });
    expect(server.requests).toHaveLength(1);
  });

  it('stops when the abort signal fires', async () => {
    const controller = new AbortController();
    const { arm } = await client((_req, res) => {
      controller.abort(new Error('cancelled by test'));
      sendJson(res, 503, { error: { code: 'Busy', message: 'busy' } });
    });
    await expect(arm.get(WORKSPACE, { signal: controller.signal })).rejects.toThrow('cancelled by test');
  });

  it('sends no api-version when apiVersion is null (data-plane calls)', async () => {
    const { arm, server } = await client((_req, res) => sendJson(res, 200, {}));
    await arm.get(`/history/v1.0${WORKSPACE}/runs/j/children`, { apiVersion: null });
    expect(server.requests[0]!.url).toBe(`/history/v1.0${WORKSPACE}/runs/j/children`);
  });

  const CONFLICT = {
    error: {
      code: 'Conflict',
      message: 'Endpoint ep is Updating: an operation is already in progress.',
    },
  };

  it('retries a 409 Conflict on a PUT that opted in, with backoff of 15 s and up', async () => {
    let calls = 0;
    const { arm, clock } = await client((_req, res) =>
      ++calls <= 2 ? sendJson(res, 409, CONFLICT) : sendJson(res, 200, { name: 'ep' }),
    );
    const response = await arm.send('PUT', `${WORKSPACE}/onlineEndpoints/ep`, {
      body: { properties: {} },
      retryConflict: true,
    });
    expect(response.status).toBe(200);
    expect(calls).toBe(3);
    // random() = 0.5: half of 15 s, then half of 30 s.
    expect(clock.sleeps).toEqual([7500, 15_000]);
  });

  it('does not retry a 409 without the opt-in, nor on a GET', async () => {
    const { arm, server } = await client((_req, res) => sendJson(res, 409, CONFLICT));
    await expect(
      arm.send('PUT', `${WORKSPACE}/environments/e/versions/1`, { body: { properties: {} } }),
    ).rejects.toMatchObject({ status: 409, code: 'Conflict' });
    await expect(arm.get(`${WORKSPACE}/onlineEndpoints/ep`, { retryConflict: true })).rejects.toMatchObject({
      status: 409,
    });
    expect(server.requests).toHaveLength(2);
  });

  it('gives up on a conflict that never clears after the bounded number of retries', async () => {
    server = await startLoopbackServer((_req, res) => sendJson(res, 409, CONFLICT));
    const clock = new VirtualClock();
    const arm = new ArmClient({
      baseUrl: server.url,
      credential: fixedCredential(clock),
      scope: `${server.url}/.default`,
      clock,
      random: () => 0.5,
      maxConflictRetries: 3,
    });
    await expect(
      arm.send('DELETE', `${WORKSPACE}/onlineEndpoints/ep/deployments/d`, {
        retryConflict: true,
        timeoutMs: 60 * 60_000,
      }),
    ).rejects.toMatchObject({ status: 409, message: expect.stringContaining('Updating') });
    expect(server.requests).toHaveLength(4);
  });
});
