import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { ClientAssertionCredential } from '@azure/identity';
import { NO_FAULTS } from '../emulator/config.js';
import { entraTokenFault } from '../emulator/fault-injection.js';
import type { RunningEmulator } from '../emulator/server.js';
import { emulator, githubIdTokens, productionClients } from '../support/emulator-harness.js';

let running: RunningEmulator;
beforeAll(async () => {
  running = await emulator({ speed: 1 });
});
afterAll(() => running.close());

/**
 * The body Entra ID's v2.0 token endpoint answers an error with, as Microsoft documents it ("Error response" in
 * learn.microsoft.com/entra/identity-platform/v2-oauth2-client-creds-grant-flow): the AADSTS code and text, then the
 * trace ID, correlation ID and timestamp on lines of their own, the same values as fields, and the error page.
 */
function expectEntraErrorBody(body: unknown, error: string, code: number, text: RegExp) {
  const fields = body as Record<string, unknown>;
  expect(Object.keys(fields).sort()).toEqual([
    'correlation_id',
    'error',
    'error_codes',
    'error_description',
    'error_uri',
    'timestamp',
    'trace_id',
  ]);
  expect(fields).toMatchObject({
    error,
    error_codes: [code],
    error_uri: `https://login.microsoftonline.com/error?code=${code}`,
  });
  expect(fields.timestamp).toMatch(/^\d{4}-\d\d-\d\d \d\d:\d\d:\d\dZ$/);
  expect(fields.trace_id).toMatch(/^[0-9a-f-]{36}$/);
  expect(fields.correlation_id).toMatch(/^[0-9a-f-]{36}$/);
  const [first, ...lines] = String(fields.error_description).split('\r\n');
  expect(first).toMatch(new RegExp(`^AADSTS${code}: ${text.source}$`));
  expect(lines).toEqual([
    `Trace ID: ${String(fields.trace_id)}`,
    `Correlation ID: ${String(fields.correlation_id)}`,
    `Timestamp: ${String(fields.timestamp)}`,
  ]);
}

const post = (url: string, form: Record<string, string>) =>
  fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams(form),
  });

describe('GitHub OIDC and Entra ID', () => {
  it("issues GitHub ID tokens for the runner's request token only", async () => {
    const bad = await fetch(`${running.env.ACTIONS_ID_TOKEN_REQUEST_URL}&audience=x`, {
      headers: { authorization: 'Bearer wrong' },
    });
    expect(bad.status).toBe(401);
    const token = await githubIdTokens(running)('api://AzureADTokenExchange');
    const claims = JSON.parse(Buffer.from(token.split('.')[1]!, 'base64url').toString()) as Record<
      string,
      unknown
    >;
    expect(claims).toMatchObject({
      aud: 'api://AzureADTokenExchange',
      sub: 'repo:octo-org/next-item-actions:ref:refs/heads/main',
      iss: `${running.url}/_github`,
    });
    expect(Number(claims.exp) - Number(claims.iat)).toBe(300);
  });

  it("gives @azure/identity's ClientAssertionCredential a token, unchanged", async () => {
    const credential = new ClientAssertionCredential(
      running.config.tenantId,
      running.config.clientId,
      () => githubIdTokens(running)('api://AzureADTokenExchange'),
      {
        authorityHost: running.url,
        disableInstanceDiscovery: true,
      },
    );
    const token = await credential.getToken(`${running.url}/.default`);
    expect(token?.token.split('.')).toHaveLength(3);
  });

  it('refuses an expired assertion with AADSTS700024, worded as Entra words it', async () => {
    const stale = running.identity.issueIdToken('api://AzureADTokenExchange', -60_000);
    const response = await post(`${running.url}/${running.config.tenantId}/oauth2/v2.0/token`, {
      grant_type: 'client_credentials',
      client_id: running.config.clientId,
      client_assertion_type: 'urn:ietf:params:oauth:client-assertion-type:jwt-bearer',
      client_assertion: stale,
      scope: `${running.url}/.default`,
    });
    expect(response.status).toBe(400);
    expectEntraErrorBody(
      await response.json(),
      'invalid_client',
      700024,
      /Client assertion is not within its valid time range\. Current time: .*, expiry time of assertion .*\./,
    );
  });

  it('answers an injected Entra fault with the same body as a refusal', () => {
    const faults = { ...NO_FAULTS, entraFaultRate: 1, retryAfterSeconds: 7 };
    const unavailable = entraTokenFault(faults, () => 0.6, running.clock.now());
    expect(unavailable?.status).toBe(503);
    expectEntraErrorBody(
      unavailable?.body,
      'temporarily_unavailable',
      90033,
      /A transient error has occurred\. Please try again\./,
    );
    const throttled = entraTokenFault(faults, () => 0.9, running.clock.now());
    expect(throttled).toMatchObject({ status: 429, headers: { 'retry-after': '7' } });
    expectEntraErrorBody(
      throttled?.body,
      'temporarily_unavailable',
      90055,
      /There are too many incoming requests\./,
    );
  });

  it('refuses an assertion for another repository (AADSTS70021) and an unknown client (AADSTS700016)', () => {
    const token = running.identity.issueIdToken('api://AzureADTokenExchange');
    expect(running.identity.checkAssertion(token, 'someone-else')).toMatchObject({ ok: false, code: 700016 });
    const otherAudience = running.identity.issueIdToken('https://example.com');
    expect(running.identity.checkAssertion(otherAudience, running.config.clientId)).toMatchObject({
      ok: false,
      code: 70021,
    });
    const forged = token.slice(0, -4) + 'AAAA';
    expect(running.identity.checkAssertion(forged, running.config.clientId)).toMatchObject({
      ok: false,
      code: 50027,
    });
  });

  it("answers ARM calls without a token, or with an expired one, with ARM's 401", async () => {
    const workspaceUrl = `${running.url}${productionClients(running).workspace}?api-version=2025-12-01`;
    const missing = await fetch(workspaceUrl);
    expect(missing.status).toBe(401);
    expect(await missing.json()).toEqual({
      error: {
        code: 'AuthenticationFailed',
        message: "Authentication failed. The 'Authorization' header is missing.",
      },
    });
    const { token } = running.identity.issueAccessToken(running.config.clientId, `${running.url}/.default`);
    running.clock.advance(61 * 60_000);
    const expired = await fetch(workspaceUrl, { headers: { authorization: `Bearer ${token}` } });
    expect(expired.status).toBe(401);
    expect(((await expired.json()) as { error: { code: string } }).error.code).toBe(
      'ExpiredAuthenticationToken',
    );
    expect(expired.headers.get('x-ms-request-id')).toMatch(/^[0-9a-f-]{36}$/);
  });

  it('serves the workspace with its container registry to the production ARM client', async () => {
    const { arm, workspace } = productionClients(running);
    const body = await arm.get<{ properties: { containerRegistry: string } }>(workspace);
    expect(body.properties.containerRegistry).toMatch(
      /\/providers\/Microsoft\.ContainerRegistry\/registries\/acrnextitem$/,
    );
  });
});
