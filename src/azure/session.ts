import type { Clock } from '../kit/clock.js';
import { systemClock } from '../kit/clock.js';
import { ArmClient } from './arm-client.js';
import { AzCli } from './az-cli.js';
import { armScope, cloudEndpoints, type CloudEndpoints } from './clouds.js';
import { chooseCredential, githubOidcAvailable, type CredentialKind } from './credentials.js';
import { retryingIdToken } from './id-token-retry.js';
import type { ProcessRunner } from './process-runner.js';
import type { AzureTarget } from './target.js';
import type { TokenSource } from './token-source.js';

export interface AzureSession {
  target: AzureTarget;
  cloud: CloudEndpoints;
  credentialKind: CredentialKind;
  arm: ArmClient;
  az: AzCli;
  /** A client for another Azure host (a workspace's regional data plane) with the same credential and retries. */
  clientFor(baseUrl: string): ArmClient;
  /** A bearer token for another audience (an endpoint with Entra ID auth), masked in the log. */
  token(scope: string): Promise<string>;
}

export interface SessionDependencies {
  env: NodeJS.ProcessEnv;
  runner: ProcessRunner;
  getIdToken: (audience: string) => Promise<string>;
  secret: (value: string) => void;
  debug: (line: string) => void;
  clock?: Clock;
  fetch?: typeof fetch;
  userAgent?: string;
}

/** One credential shared by the ARM client and the CLI, so both log in the same way and stay fresh. */
export function openAzureSession(target: AzureTarget, deps: SessionDependencies): AzureSession {
  const clock = deps.clock ?? systemClock;
  const cloud = cloudEndpoints(target.cloud, deps.env);
  const oidc = githubOidcAvailable(deps.env) && target.clientId && target.tenantId;
  // GitHub's token endpoint fails transiently (500s, resets); a six-hour run asks it for many tokens.
  const getIdToken = retryingIdToken(deps.getIdToken, { clock, debug: deps.debug });
  const login = oidc ? { clientId: target.clientId!, tenantId: target.tenantId!, getIdToken } : undefined;
  const az = new AzCli({
    runner: deps.runner,
    clock,
    cloud: target.cloud,
    login,
    secret: deps.secret,
    debug: deps.debug,
  });
  const choice = chooseCredential({
    cloud,
    clientId: target.clientId,
    tenantId: target.tenantId,
    getIdToken: oidc ? getIdToken : undefined,
    az,
    clock,
    debug: deps.debug,
  });
  const credential = masked(choice.credential, deps.secret);
  const clientFor = (baseUrl: string) =>
    new ArmClient({
      baseUrl,
      credential,
      scope: armScope(cloud),
      clock,
      fetch: deps.fetch,
      userAgent: deps.userAgent,
      debug: deps.debug,
    });
  const token = async (scope: string) => {
    const issued = await credential.getToken(scope);
    if (!issued) throw new Error(`No token for ${scope}.`);
    return issued.token;
  };
  return {
    target,
    cloud,
    credentialKind: choice.kind,
    arm: clientFor(cloud.resourceManager),
    az,
    clientFor,
    token,
  };
}

function masked(source: TokenSource, secret: (value: string) => void): TokenSource {
  return {
    async getToken(scope, options) {
      const token = await source.getToken(scope, options);
      if (token) secret(token.token);
      return token;
    },
  };
}
