import { ActionError } from '../kit/errors.js';
import { backoffDelay, isTransientNetworkError, type RetryBudgetOptions } from './retry-policy.js';

/** `budgetMs` is the step's own budget for a token. */
export type IdTokenRetryOptions = RetryBudgetOptions;

/**
 * `core.getIDToken` folds the status into its message ("Error Code : 500"); a network failure has no code
 * ("Error Code : undefined"). A 4xx other than 408/429 (a bad request token, a job without `id-token: write`)
 * would fail again; anything else is GitHub's endpoint having a bad moment.
 */
export function isTransientIdTokenFailure(error: unknown): boolean {
  if (isTransientNetworkError(error)) return true;
  const message = error instanceof Error ? error.message : String(error);
  const code = /Error Code\s*:\s*(\d{3})/.exec(message)?.[1];
  if (code === undefined)
    return /Failed to get ID Token|fetch failed|socket|ECONNRESET|timeout/i.test(message);
  const status = Number(code);
  return status >= 500 || status === 408 || status === 429;
}

/** The ID-token request retried with full-jitter backoff, bounded in tries and in time. */
export function retryingIdToken(
  getIdToken: (audience: string) => Promise<string>,
  options: IdTokenRetryOptions,
): (audience: string) => Promise<string> {
  const attempts = options.attempts ?? 8;
  const budgetMs = options.budgetMs ?? 120_000;
  const baseDelayMs = options.baseDelayMs ?? 1_000;
  const maxDelayMs = options.maxDelayMs ?? 15_000;
  const random = options.random ?? Math.random;
  return async (audience) => {
    const started = options.clock.now();
    for (let attempt = 1; ; attempt++) {
      try {
        return await getIdToken(audience);
      } catch (error) {
        const cause = oneLine(error);
        const transient = isTransientIdTokenFailure(error);
        const delay = Math.max(1, backoffDelay(attempt - 1, baseDelayMs, maxDelayMs, random));
        const outOfTime = options.clock.now() + delay - started > budgetMs;
        if (!transient || attempt >= attempts || outOfTime)
          throw new ActionError(
            `GitHub OIDC ID-token request (audience ${audience}) failed after ${attempt} attempt(s)` +
              `${transient ? '' : ' (not retried: the answer would not change)'}: ${cause}`,
            transient
              ? "GitHub's token endpoint kept failing; re-run the job."
              : "Check the job's `permissions: id-token: write` and the federated credential's subject.",
          );
        options.debug?.(`ID-token request attempt ${attempt} failed (${cause}); retrying in ${delay} ms.`);
        await options.clock.sleep(delay);
      }
    }
  };
}

function oneLine(error: unknown): string {
  const message = error instanceof Error ? error.message : String(error);
  return message.replace(/\s+/g, ' ').trim();
}
