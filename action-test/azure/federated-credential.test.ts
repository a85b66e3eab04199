import { afterEach, describe, expect, it } from '@jest/globals';
import { armScope, cloudEndpoints } from '../../src/azure/clouds.js';
import { entraFailure, FederatedCredential } from '../../src/azure/federated-credential.js';
import type { TokenSource } from '../../src/azure/token-source.js';
import { systemClock } from '../../src/kit/clock.js';
import type { RunningEmulator } from '../emulator/server.js';
import { emulator, githubIdTokens } from '../support/emulator-harness.js';
import { VirtualClock } from '../support/virtual-clock.js';

const cloud = cloudEndpoints('AzureCloud', { AZURE_AUTHORITY_HOST: 'https://127.0.0.1:9' });

/** What `@azure/identity` throws: its error, with MSAL's as `cause`. */
function identityError(message: string, cause: Record<string, unknown>): Error {
  return Object.assign(new Error(message), { name: 'AuthenticationRequiredError', cause });
}
const unavailable = () =>
  identityError(
    'temporarily_unavailable: Error(s): 90033 - Timestamp: 2026-11-27 17:15:24Z - Description: AADSTS90033: A transient error has occurred. Please try again.\r\nTrace ID: t\r\nCorrelation ID: c',
    { name: 'ServerError', errorCode: 'temporarily_unavailable', status: 503 },
  );
const dropped = () =>
  identityError('network_error: See https://aka.ms/msal.js.errors#network_error for details', {
    name: 'ClientAuthError',
    errorCode: 'network_error',
  });
const untrusted = () =>
  identityError(
    "invalid_client: Error(s): 70021 - Timestamp: 2026-11-27 - Description: AADSTS70021: No matching federated identity record found for presented assertion. Assertion Subject: 'repo:o/r:ref:refs/heads/x'. Trace ID: t Correlation ID: c",
    { name: 'ServerError', errorCode: 'invalid_client', status: 401 },
  );

/** Stand-ins for GitHub's token endpoint and for the library client: what each exchange presented. */
function world(failures: Array<() => Error>) {
  const issued: string[] = [];
  const presented: string[] = [];
  let clients = 0;
  const createClient = (getAssertion: () => Promise<string>): TokenSource => {
    clients++;
    return {
      async getToken() {
        // As MSAL does: the callback twice, the first answer sent.
        const assertion = await getAssertion();
        await getAssertion();
        presented.push(assertion);
        const failure = failures[presented.length - 1];
        if (failure) throw failure();
        return { token: `access-${presented.length}`, expiresOnTimestamp: 0 };
      },
    };
  };
  const getIdToken = async () => {
    issued.push(`id-${issued.length + 1}`);
    return issued.at(-1)!;
  };
  return { issued, presented, createClient, getIdToken, clients: () => clients };
}

function credential(w: ReturnType<typeof world>, clock: VirtualClock, extra = {}) {
  return new FederatedCredential({
    cloud,
    tenantId: 't',
    clientId: 'c',
    getIdToken: w.getIdToken,
    createClient: w.createClient,
    clock,
    random: () => 0.5,
    ...extra,
  });
}

describe('Entra token requests with a GitHub ID token', () => {
  it('retries 503s and dropped connections, each time with a new ID token and a new client', async () => {
    const clock = new VirtualClock();
    const w = world([unavailable, dropped]);
    const token = await credential(w, clock).getToken(armScope(cloud));
    expect(token?.token).toBe('access-3');
    expect(w.presented).toEqual(['id-1', 'id-2', 'id-3']);
    expect(w.issued).toEqual(w.presented);
    // MSAL would refuse the retry on the client that saw the 503 (its throttle cache): each retry gets a new one.
    expect(w.clients()).toBe(3);
    expect(clock.sleeps).toEqual([500, 1000]);
  });

  it('does not retry a refusal, and keeps the AADSTS code and its description in the message', async () => {
    const clock = new VirtualClock();
    const w = world([untrusted]);
    await expect(credential(w, clock).getToken(armScope(cloud))).rejects.toThrow(
      /Entra token request \(scope https:\/\/management\.azure\.com\/\.default\) failed after 1 attempt\(s\) \(not retried: the answer would not change\): 401 AADSTS70021: No matching federated identity record found .*Assertion Subject: 'repo:o\/r:ref:refs\/heads\/x'\.$/,
    );
    expect(clock.sleeps).toEqual([]);
  });

  it('does not retry an authority MSAL could not resolve, and points at tenant-id', async () => {
    const w = world([
      () => new Error('endpoints_resolution_error: See https://aka.ms/msal.js.errors for details'),
    ]);
    await expect(credential(w, new VirtualClock()).getToken(armScope(cloud))).rejects.toMatchObject({
      message: expect.stringMatching(/failed after 1 attempt\(s\) \(not retried.*endpoints_resolution_error/),
      hint: expect.stringMatching(/check tenant-id and cloud/),
    });
  });

  it('gives up after its attempts, naming the cause and the count', async () => {
    const clock = new VirtualClock();
    const w = world(Array.from({ length: 9 }, () => unavailable));
    await expect(credential(w, clock, { attempts: 3 }).getToken(armScope(cloud))).rejects.toThrow(
      /failed after 3 attempt\(s\): 503 AADSTS90033: A transient error has occurred\. Please try again\.$/,
    );
    expect(w.presented).toHaveLength(3);
  });

  it('stops when the next wait would pass its time budget', async () => {
    const clock = new VirtualClock();
    const w = world(Array.from({ length: 9 }, () => dropped));
    const credentialWithBudget = credential(w, clock, { budgetMs: 2_500, random: () => 1, attempts: 9 });
    await expect(credentialWithBudget.getToken(armScope(cloud))).rejects.toThrow(
      /failed after 2 attempt\(s\): no answer from Entra/,
    );
    expect(clock.sleeps).toEqual([1000]);
  });

  it('reads what @azure/identity throws', () => {
    expect(entraFailure(unavailable())).toMatchObject({ transient: true });
    expect(entraFailure(dropped())).toMatchObject({ transient: true });
    expect(entraFailure(untrusted())).toMatchObject({ transient: false });
    expect(entraFailure(new Error('something else'))).toEqual({ transient: false, cause: 'something else' });
    // A wrong tenant and an authority MSAL could not read look the same: not retried, and the hint names both.
    expect(
      entraFailure(new Error('endpoints_resolution_error: See https://aka.ms/msal.js.errors for details')),
    ).toMatchObject({ transient: false });
  });
});

describe("Entra token faults from the emulator's knob, through @azure/identity", () => {
  let running: RunningEmulator | undefined;
  afterEach(async () => {
    await running?.close();
    running = undefined;
  });

  it('at 40% faults and a clock 2000× real time, twelve exchanges all get a token', async () => {
    // At 2000×, an ID token lives 150 real ms (plus the emulator's 2 s latency allowance): an assertion sent
    // again after a real-time backoff is refused with AADSTS700024, as a real one would be after 5 minutes.
    // Access tokens with their emulated lifetime only (2 real seconds here): each getToken is a new exchange.
    running = await emulator(
      { seed: 7, speed: 2000, accessTokenMinRealMs: 0 },
      { entraFaultRate: 0.4, retryAfterSeconds: 0 },
    );
    const env = running.env;
    const fed = new FederatedCredential({
      cloud: cloudEndpoints('AzureCloud', env),
      tenantId: running.config.tenantId,
      clientId: running.config.clientId,
      getIdToken: githubIdTokens(running),
      clock: systemClock,
      baseDelayMs: 5,
      maxDelayMs: 20,
      attempts: 8,
    });
    const tokens = [];
    for (let i = 0; i < 12; i++) tokens.push(await fed.getToken(armScope(cloudEndpoints('AzureCloud', env))));
    expect(tokens.every((token) => token?.token)).toBe(true);
    expect(running.counters.injectedFaults).toBeGreaterThan(5);
    expect(running.identity.counters.rejectedAssertions).toBe(0);
  });
});
