import { afterEach, describe, expect, it } from '@jest/globals';
import { AzCli } from '../../src/azure/az-cli.js';
import { armScope, cloudEndpoints } from '../../src/azure/clouds.js';
import { chooseCredential, githubOidcAvailable } from '../../src/azure/credentials.js';
import { sendJson, startLoopbackServer, type LoopbackServer } from '../support/loopback-server.js';
import { scriptedRunner } from '../support/scripted-runner.js';

const TENANT = '11111111-1111-1111-1111-111111111111';
const CLIENT = '22222222-2222-2222-2222-222222222222';

let entra: LoopbackServer | undefined;
afterEach(async () => {
  await entra?.close();
  entra = undefined;
});

/** Entra's OpenID metadata and token endpoint, over HTTPS, issuing access tokens of the given lifetime. */
async function startEntra(expiresInSeconds: number) {
  const assertions: string[] = [];
  entra = await startLoopbackServer(
    (req, res) => {
      const base = entra!.url;
      if (req.method === 'GET' && req.url.endsWith('/.well-known/openid-configuration')) {
        return sendJson(res, 200, {
          issuer: `${base}/${TENANT}/v2.0`,
          token_endpoint: `${base}/${TENANT}/oauth2/v2.0/token`,
          authorization_endpoint: `${base}/${TENANT}/oauth2/v2.0/authorize`,
          jwks_uri: `${base}/${TENANT}/discovery/v2.0/keys`,
        });
      }
      if (req.method === 'POST' && req.url.startsWith(`/${TENANT}/oauth2/v2.0/token`)) {
        const form = new URLSearchParams(req.body);
        assertions.push(form.get('client_assertion') ?? '');
        return sendJson(res, 200, {
          token_type: 'Bearer',
          expires_in: expiresInSeconds,
          access_token: `access-${assertions.length}`,
        });
      }
      sendJson(res, 404, { error: 'not_found' });
    },
    { https: true },
  );
  return { assertions, url: entra.url };
}

function idTokens() {
  const issued: string[] = [];
  return {
    issued,
    getIdToken: async (audience: string) => {
      issued.push(`id-token-${issued.length + 1}-for-${audience}`);
      return issued.at(-1)!;
    },
  };
}

const unusedAz = new AzCli({ runner: scriptedRunner([]).runner });

describe('GitHub OIDC credential', () => {
  it('exchanges a fresh GitHub ID token with Entra, and reuses the access token while it is valid', async () => {
    const { assertions, url } = await startEntra(3600);
    const github = idTokens();
    const cloud = cloudEndpoints('AzureCloud', { AZURE_AUTHORITY_HOST: url });
    const { kind, credential } = chooseCredential({
      cloud,
      clientId: CLIENT,
      tenantId: TENANT,
      getIdToken: github.getIdToken,
      az: unusedAz,
    });
    expect(kind).toBe('github-oidc');
    const first = await credential.getToken(armScope(cloud));
    const second = await credential.getToken(armScope(cloud));
    expect(first?.token).toBe('access-1');
    expect(second?.token).toBe('access-1');
    expect(assertions).toEqual(['id-token-1-for-api://AzureADTokenExchange']);
  });

  it('asks GitHub for a new ID token once the access token has expired: a stale assertion is never reused', async () => {
    // MSAL renews tokens that expire within five minutes, so a 60-second token is expired for it at once.
    const { assertions, url } = await startEntra(60);
    const github = idTokens();
    const cloud = cloudEndpoints('AzureCloud', { AZURE_AUTHORITY_HOST: url });
    const { credential } = chooseCredential({
      cloud,
      clientId: CLIENT,
      tenantId: TENANT,
      getIdToken: github.getIdToken,
      az: unusedAz,
    });
    const tokens = [];
    for (let i = 0; i < 3; i++) tokens.push((await credential.getToken(armScope(cloud)))?.token);
    expect(tokens).toEqual(['access-1', 'access-2', 'access-3']);
    // Each exchange presents an ID token GitHub issued for it, never one presented before.
    expect(assertions).toHaveLength(3);
    expect(new Set(assertions).size).toBe(3);
    for (const assertion of assertions) expect(github.issued).toContain(assertion);
    expect(github.issued.indexOf(assertions[2]!)).toBeGreaterThan(github.issued.indexOf(assertions[1]!));
  });

  it('asks GitHub for one ID token per exchange, and presents that one', async () => {
    // MSAL calls the assertion callback twice per exchange and presents the first answer: a second request to
    // GitHub is wasted, and one that is retried with backoff ages the assertion MSAL holds (AADSTS700024).
    const { assertions, url } = await startEntra(60);
    const github = idTokens();
    const cloud = cloudEndpoints('AzureCloud', { AZURE_AUTHORITY_HOST: url });
    const { credential } = chooseCredential({
      cloud,
      clientId: CLIENT,
      tenantId: TENANT,
      getIdToken: github.getIdToken,
      az: unusedAz,
    });
    for (let i = 0; i < 3; i++) await credential.getToken(armScope(cloud));
    expect(github.issued).toHaveLength(3);
    expect(assertions).toEqual(github.issued);
  });

  it('falls back to the Azure CLI login without a client id, tenant id or ID-token issuer', async () => {
    const script = scriptedRunner([
      {
        match: ['account', 'get-access-token'],
        stdout: JSON.stringify({ accessToken: 'cli-token', expires_on: 1_900_000_000 }),
      },
    ]);
    const az = new AzCli({ runner: script.runner });
    const cloud = cloudEndpoints('AzureUSGovernment', {});
    const { kind, credential } = chooseCredential({ cloud, clientId: CLIENT, az });
    expect(kind).toBe('azure-cli');
    await expect(credential.getToken(armScope(cloud))).resolves.toEqual({
      token: 'cli-token',
      expiresOnTimestamp: 1_900_000_000_000,
    });
    expect(script.calls[0]).toEqual([
      'account',
      'get-access-token',
      '--scope',
      'https://management.usgovcloudapi.net/.default',
      '--output',
      'json',
    ]);
  });

  it('knows when the runner can issue ID tokens', () => {
    expect(
      githubOidcAvailable({ ACTIONS_ID_TOKEN_REQUEST_URL: 'https://x', ACTIONS_ID_TOKEN_REQUEST_TOKEN: 't' }),
    ).toBe(true);
    expect(githubOidcAvailable({ ACTIONS_ID_TOKEN_REQUEST_URL: 'https://x' })).toBe(false);
  });
});

describe('cloud endpoints', () => {
  it('has the three public clouds and lets each host be overridden', () => {
    expect(cloudEndpoints('AzureChinaCloud', {})).toMatchObject({
      resourceManager: 'https://management.chinacloudapi.cn',
      knownAuthority: true,
    });
    const custom = cloudEndpoints('AzureCloud', {
      AZURE_RESOURCE_MANAGER_URL: 'https://127.0.0.1:9/',
      AZURE_AUTHORITY_HOST: 'https://127.0.0.1:9',
    });
    expect(custom).toMatchObject({
      resourceManager: 'https://127.0.0.1:9',
      knownAuthority: false,
      studio: 'https://ml.azure.com',
    });
  });
});
