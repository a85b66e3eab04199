import { systemClock, type Clock } from '../kit/clock.js';
import type { AzCli } from './az-cli.js';
import type { CloudEndpoints } from './clouds.js';
import { FederatedCredential } from './federated-credential.js';
import type { AccessToken, TokenSource } from './token-source.js';

export type CredentialKind = 'github-oidc' | 'azure-cli';

export interface CredentialChoice {
  kind: CredentialKind;
  credential: TokenSource;
}

export interface CredentialOptions {
  cloud: CloudEndpoints;
  clientId?: string;
  tenantId?: string;
  /** GitHub's ID-token issuer, when the job has `id-token: write`. */
  getIdToken?: (audience: string) => Promise<string>;
  /** The CLI, for the fallback to whatever `azure/login` or `az login` left behind. */
  az: AzCli;
  /** Paces retries of Entra's token request. */
  clock?: Clock;
  debug?: (line: string) => void;
}

/** True when the runner gives this job the means to ask GitHub for OIDC ID tokens. */
export function githubOidcAvailable(env: NodeJS.ProcessEnv = process.env): boolean {
  return Boolean(env.ACTIONS_ID_TOKEN_REQUEST_URL && env.ACTIONS_ID_TOKEN_REQUEST_TOKEN);
}

/**
 * GitHub OIDC → Entra when a client id, a tenant id and an ID-token issuer are at hand: each exchange asks
 * GitHub for a new ID token, so an access token can be renewed hours into a job without presenting an
 * expired assertion (AADSTS700024). Otherwise, the CLI's login.
 */
export function chooseCredential(options: CredentialOptions): CredentialChoice {
  const { cloud, clientId, tenantId, getIdToken } = options;
  if (clientId && tenantId && getIdToken) {
    const credential = new FederatedCredential({
      cloud,
      tenantId,
      clientId,
      getIdToken,
      clock: options.clock ?? systemClock,
      debug: options.debug,
    });
    return { kind: 'github-oidc', credential };
  }
  return { kind: 'azure-cli', credential: cliCredential(options.az) };
}

/** Access tokens from `az account get-access-token`: the login that `azure/login` or a person made. */
export function cliCredential(az: AzCli): TokenSource {
  return {
    async getToken(scope, options): Promise<AccessToken> {
      const result = await az.json<{ accessToken: string; expiresOn?: string; expires_on?: number | string }>(
        ['account', 'get-access-token', '--scope', scope],
        { signal: options?.abortSignal },
      );
      const expiresOn =
        result.expires_on !== undefined
          ? Number(result.expires_on) * 1000
          : Date.parse(result.expiresOn ?? '') || Date.now() + 5 * 60_000;
      return { token: result.accessToken, expiresOnTimestamp: expiresOn };
    },
  };
}
