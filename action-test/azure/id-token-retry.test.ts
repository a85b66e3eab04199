import { afterEach, beforeEach, describe, expect, it, jest } from '@jest/globals';
import * as core from '@actions/core';
import { isTransientIdTokenFailure, retryingIdToken } from '../../src/azure/id-token-retry.js';
import { armScope } from '../../src/azure/clouds.js';
import { openAzureSession } from '../../src/azure/session.js';
import { systemClock } from '../../src/kit/clock.js';
import { scriptedRunner } from '../support/scripted-runner.js';
import type { RunningEmulator } from '../emulator/server.js';
import { emulator } from '../support/emulator-harness.js';
import { VirtualClock } from '../support/virtual-clock.js';

/** What `core.getIDToken` throws for an HTTP failure and for a connection that died. */
const http500 = () =>
  new Error(
    'Error message: Failed to get ID Token. \n \n Error Code : 500\n \n Error Message: Internal Server Error',
  );
const reset = () =>
  new Error(
    'Error message: Failed to get ID Token. \n \n Error Code : undefined\n \n Error Message: read ECONNRESET',
  );
const denied = () =>
  new Error(
    'Error message: Failed to get ID Token. \n \n Error Code : 401\n \n Error Message: Bad credentials',
  );

function flaky(failures: Array<() => Error>) {
  let calls = 0;
  return {
    get calls() {
      return calls;
    },
    getIdToken: async (audience: string) => {
      const failure = failures[calls++];
      if (failure) throw failure();
      return `id-token-for-${audience}`;
    },
  };
}

describe('GitHub OIDC ID-token retries', () => {
  it('tells transient failures (5xx, resets) from ones that would not change (401)', () => {
    expect(isTransientIdTokenFailure(http500())).toBe(true);
    expect(isTransientIdTokenFailure(reset())).toBe(true);
    expect(isTransientIdTokenFailure(denied())).toBe(false);
    expect(
      isTransientIdTokenFailure(new Error('Unable to get ACTIONS_ID_TOKEN_REQUEST_URL env variable')),
    ).toBe(false);
  });

  it('retries 500s and resets with backoff and returns the token', async () => {
    const clock = new VirtualClock();
    const source = flaky([http500, reset, http500]);
    const getIdToken = retryingIdToken(source.getIdToken, { clock, random: () => 0.5 });
    await expect(getIdToken('api://AzureADTokenExchange')).resolves.toBe(
      'id-token-for-api://AzureADTokenExchange',
    );
    expect(source.calls).toBe(4);
    expect(clock.sleeps).toEqual([500, 1000, 2000]);
  });

  it('gives up after the bounded number of attempts, naming the request, the cause and the attempts', async () => {
    const clock = new VirtualClock();
    const source = flaky(Array.from({ length: 10 }, () => http500));
    const getIdToken = retryingIdToken(source.getIdToken, { clock, attempts: 4, random: () => 1 });
    await expect(getIdToken('api://AzureADTokenExchange')).rejects.toThrow(
      /GitHub OIDC ID-token request \(audience api:\/\/AzureADTokenExchange\) failed after 4 attempt\(s\): .*Error Code : 500/,
    );
    expect(source.calls).toBe(4);
  });

  it('stops retrying when the next wait would pass its time budget', async () => {
    const clock = new VirtualClock();
    const source = flaky(Array.from({ length: 10 }, () => reset));
    const getIdToken = retryingIdToken(source.getIdToken, {
      clock,
      budgetMs: 5_000,
      attempts: 10,
      random: () => 1,
    });
    await expect(getIdToken('aud')).rejects.toThrow(/failed after 3 attempt\(s\): .*ECONNRESET/);
    expect(clock.sleeps.reduce((a, b) => a + b, 0)).toBeLessThanOrEqual(5_000);
  });

  it('does not retry a refusal: one attempt, and the hint names the permission', async () => {
    const clock = new VirtualClock();
    const source = flaky([denied]);
    const getIdToken = retryingIdToken(source.getIdToken, { clock });
    await expect(getIdToken('aud')).rejects.toThrow(/failed after 1 attempt\(s\) \(not retried.*401/);
    expect(source.calls).toBe(1);
  });
});

describe("GitHub OIDC faults from the emulator's knob, through @actions/core", () => {
  let running: RunningEmulator | undefined;
  const saved = {
    url: process.env.ACTIONS_ID_TOKEN_REQUEST_URL,
    token: process.env.ACTIONS_ID_TOKEN_REQUEST_TOKEN,
  };
  // core.getIDToken prints ::add-mask:: and ::debug:: lines to stdout; the test reads their results, not their log.
  beforeEach(() => {
    jest.spyOn(process.stdout, 'write').mockImplementation(() => true);
  });
  afterEach(async () => {
    jest.restoreAllMocks();
    await running?.close();
    running = undefined;
    process.env.ACTIONS_ID_TOKEN_REQUEST_URL = saved.url;
    process.env.ACTIONS_ID_TOKEN_REQUEST_TOKEN = saved.token;
    if (saved.url === undefined) delete process.env.ACTIONS_ID_TOKEN_REQUEST_URL;
    if (saved.token === undefined) delete process.env.ACTIONS_ID_TOKEN_REQUEST_TOKEN;
  });

  async function tokensAt(rate: number, retry: boolean, count: number) {
    running = await emulator({ seed: 15 }, { githubOidcFaultRate: rate });
    process.env.ACTIONS_ID_TOKEN_REQUEST_URL = running.env.ACTIONS_ID_TOKEN_REQUEST_URL;
    process.env.ACTIONS_ID_TOKEN_REQUEST_TOKEN = running.env.ACTIONS_ID_TOKEN_REQUEST_TOKEN;
    const plain = (audience: string) => core.getIDToken(audience);
    const getIdToken = retry
      ? retryingIdToken(plain, { clock: systemClock, baseDelayMs: 5, maxDelayMs: 20 })
      : plain;
    let failed = 0;
    for (let i = 0; i < count; i++) await getIdToken('api://AzureADTokenExchange').catch(() => failed++);
    return { failed, injected: running.counters.injectedFaults };
  }

  it('without retries, 40% faults fail token requests (the knob works)', async () => {
    const { failed, injected } = await tokensAt(0.4, false, 20);
    expect(injected).toBeGreaterThan(0);
    expect(failed).toBeGreaterThan(0);
  });

  it('with retries, 40% faults on 30 token requests fail none of them', async () => {
    const { failed, injected } = await tokensAt(0.4, true, 30);
    expect(injected).toBeGreaterThan(5);
    expect(failed).toBe(0);
  });

  it('an Azure session signs in through 40% OIDC faults: ten fresh sessions, ten ARM tokens', async () => {
    running = await emulator({ seed: 15 }, { githubOidcFaultRate: 0.4 });
    process.env.ACTIONS_ID_TOKEN_REQUEST_URL = running.env.ACTIONS_ID_TOKEN_REQUEST_URL;
    process.env.ACTIONS_ID_TOKEN_REQUEST_TOKEN = running.env.ACTIONS_ID_TOKEN_REQUEST_TOKEN;
    const target = {
      subscriptionId: running.config.subscriptionId,
      resourceGroup: 'rg',
      workspace: 'ws',
      cloud: 'AzureCloud' as const,
      clientId: running.config.clientId,
      tenantId: running.config.tenantId,
    };
    for (let i = 0; i < 10; i++) {
      const session = openAzureSession(target, {
        env: running.env,
        runner: scriptedRunner([]).runner,
        getIdToken: (audience) => core.getIDToken(audience),
        secret: () => undefined,
        debug: () => undefined,
        clock: new VirtualClock(),
      });
      await expect(session.token(armScope(session.cloud))).resolves.toMatch(/^ey/);
    }
    expect(running.counters.injectedFaults).toBeGreaterThan(0);
  });
});
