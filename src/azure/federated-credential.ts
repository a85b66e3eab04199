import { ClientAssertionCredential } from '@azure/identity';
import { abortReason } from '../kit/clock.js';
import { ActionError } from '../kit/errors.js';
import { federatedAudience, type CloudEndpoints } from './clouds.js';
import { backoffDelay, type RetryBudgetOptions } from './retry-policy.js';
import type { AccessToken, TokenSource } from './token-source.js';

/** `attempts` counts exchanges, and `budgetMs` runs from the first exchange. */
export interface FederatedCredentialOptions extends RetryBudgetOptions {
  cloud: CloudEndpoints;
  tenantId: string;
  clientId: string;
  /** GitHub's ID-token request, retried on its own (id-token-retry.ts). */
  getIdToken: (audience: string) => Promise<string>;
  /** The library client that makes one exchange with the assertion it is handed; tests pass a stand-in. */
  createClient?: (getAssertion: () => Promise<string>) => TokenSource;
}

/**
 * GitHub OIDC → Entra: each exchange presents an ID token fetched for it, and a failed exchange that may
 * succeed later (Entra's 5xx and 429, a dropped connection) is made again with a new ID token after a backoff.
 *
 * Two facts of MSAL shape this. It calls the assertion callback twice per exchange and sends the first answer,
 * so a callback that asks GitHub each time wastes a request, and one whose second request is retried with
 * backoff ages the assertion MSAL already holds (AADSTS700024): here the ID token is fetched once, before the
 * exchange, and both calls get it. And MSAL remembers a 429 or 5xx answer as a throttle on its client
 * (60 s when Retry-After gives none) and refuses a retry unsent: a retry goes through a new client.
 * `@azure/identity`'s own retries are off, as they would send the same assertion again after their backoff.
 */
export class FederatedCredential implements TokenSource {
  private client: TokenSource;
  private assertion: string | undefined;
  private readonly audience: string;

  constructor(private readonly options: FederatedCredentialOptions) {
    this.audience = federatedAudience(options.cloud.name);
    this.client = this.newClient();
  }

  async getToken(scope: string, options?: { abortSignal?: AbortSignal }): Promise<AccessToken | null> {
    const { clock } = this.options;
    const attempts = this.options.attempts ?? 5;
    const budgetMs = this.options.budgetMs ?? 120_000;
    const started = clock.now();
    for (let attempt = 1; ; attempt++) {
      this.assertion = await this.options.getIdToken(this.audience);
      try {
        return await this.client.getToken(scope, options);
      } catch (error) {
        if (options?.abortSignal?.aborted) throw abortReason(options.abortSignal);
        const failure = entraFailure(error);
        const delay = Math.max(
          failure.retryAfterMs ?? 0,
          backoffDelay(
            attempt - 1,
            this.options.baseDelayMs ?? 1_000,
            this.options.maxDelayMs ?? 15_000,
            this.random,
          ),
        );
        if (!failure.transient || attempt >= attempts || clock.now() + delay - started > budgetMs)
          throw new ActionError(
            `Entra token request (scope ${scope}) failed after ${attempt} attempt(s)` +
              `${failure.transient ? '' : ' (not retried: the answer would not change)'}: ${failure.cause}`,
            hintFor(failure.cause),
          );
        this.options.debug?.(
          `Entra token request attempt ${attempt} failed (${failure.cause}); retrying in ${delay} ms.`,
        );
        this.client = this.newClient();
        await clock.sleep(delay, options?.abortSignal);
      }
    }
  }

  private get random(): () => number {
    return this.options.random ?? Math.random;
  }

  private newClient(): TokenSource {
    const getAssertion = async () => this.assertion ?? this.options.getIdToken(this.audience);
    if (this.options.createClient) return this.options.createClient(getAssertion);
    const { cloud, tenantId, clientId } = this.options;
    return new ClientAssertionCredential(tenantId, clientId, getAssertion, {
      authorityHost: cloud.authorityHost,
      // MSAL checks an authority it does not know against the public cloud's discovery endpoint, which a
      // private or sovereign deployment does not answer; its own metadata is enough.
      disableInstanceDiscovery: !cloud.knownAuthority,
      retryOptions: { maxRetries: 0 },
    });
  }
}

export interface EntraFailure {
  transient: boolean;
  /** One line: Entra's AADSTS description, or what happened to the connection. */
  cause: string;
  retryAfterMs?: number;
}

/**
 * What an `@azure/identity` failure says about the exchange. It wraps MSAL's error as `cause`: a ServerError
 * carries Entra's HTTP status, a ClientAuthError `network_error` means no answer came.
 */
export function entraFailure(error: unknown): EntraFailure {
  const inner = (error as { cause?: unknown }).cause ?? error;
  const { status, errorCode } = inner as { status?: unknown; errorCode?: unknown };
  const message = error instanceof Error ? error.message : String(error);
  if (errorCode === 'network_error')
    return { transient: true, cause: 'no answer from Entra (the connection failed)' };
  const description = /AADSTS\d+:[^\r\n]*?(?=\s*(?:Trace ID:|\r|\n|$))/.exec(message)?.[0];
  const cause = (description ?? message).replace(/\s+/g, ' ').trim();
  if (typeof status === 'number')
    return { transient: status === 408 || status === 429 || status >= 500, cause: `${status} ${cause}` };
  return { transient: /^(temporarily_unavailable|server_error)$/.test(String(errorCode)), cause };
}

function hintFor(cause: string): string | undefined {
  if (/AADSTS700024/.test(cause))
    return 'The ID token expired before Entra saw it: check the runner clock, and that nothing delays the exchange.';
  if (/AADSTS70021/.test(cause))
    return "No federated credential of the identity matches this job's subject: add one for it (see docs/azure-setup.md).";
  if (/AADSTS700016|AADSTS90002/.test(cause)) return 'Check client-id and tenant-id.';
  // MSAL's word for an authority whose metadata it could not read: a wrong tenant, or (rarely) Entra down.
  if (/endpoints_resolution_error/.test(cause))
    return 'Entra did not describe this tenant: check tenant-id and cloud, then re-run if they are right.';
  if (/^(5\d\d|429|408) |no answer/.test(cause)) return 'Entra kept failing; re-run the job.';
  return undefined;
}
