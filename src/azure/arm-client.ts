import { abortReason, systemClock, type Clock } from '../kit/clock.js';
import { ArmError } from './arm-error.js';
import {
  backoffDelay,
  CONFLICT_STATUS,
  isRetryableAnswer,
  isTransientNetworkError,
  retryAfterMs,
} from './retry-policy.js';
import { followOperation, type OperationProgress, type WriteMethod } from './operation.js';
import { ARM_OPERATION_TIMEOUT_MS, POLLING } from './polling-policy.js';
import type { AccessToken, TokenSource } from './token-source.js';

export const DEFAULT_API_VERSION = '2025-12-01';
/** One attempt's limit when the caller sets none: ARM's front door gives up on a request well before this. */
const DEFAULT_REQUEST_TIMEOUT_MS = 120_000;
/** Methods ARM defines as idempotent: sending one twice leaves the same state as sending it once. */
const IDEMPOTENT_METHODS = new Set(['GET', 'HEAD', 'PUT', 'DELETE']);
/** A cached access token is replaced this long before it expires. */
const TOKEN_REFRESH_MARGIN_MS = 5 * 60_000;

export interface ArmClientOptions {
  /** The cloud's Resource Manager URL, e.g. https://management.azure.com */
  baseUrl: string;
  credential: TokenSource;
  scope: string;
  clock?: Clock;
  fetch?: typeof fetch;
  random?: () => number;
  /** Retries after the first attempt, for 429, 5xx and connection resets. */
  maxRetries?: number;
  baseDelayMs?: number;
  maxDelayMs?: number;
  /**
   * How long one attempt may wait for its whole answer. An idempotent request (GET, HEAD, PUT, DELETE, by
   * ARM's rules) that runs out is sent again within the call's deadline; a POST or PATCH is not.
   */
  requestTimeoutMs?: number;
  /** The poll interval of a long-running operation when the service gives no Retry-After. */
  lroPollMs?: number;
  /** Retries of a 409 Conflict on a write that opted in (`retryConflict`); each waits `conflictDelayMs` and up. */
  maxConflictRetries?: number;
  conflictDelayMs?: number;
  userAgent?: string;
  debug?: (line: string) => void;
}

export interface RequestOptions {
  /** Defaults to DEFAULT_API_VERSION; null sends none (data-plane APIs that take no api-version). */
  apiVersion?: string | null;
  query?: Record<string, string>;
  body?: unknown;
  signal?: AbortSignal;
  /** Deadline for the whole call, retries and operation polling included. */
  timeoutMs?: number;
  /**
   * Retry a 409 Conflict on PUT/PATCH/DELETE with backoff: the resource is busy with another operation
   * (endpoint Updating, deployment being created), which clears on its own.
   */
  retryConflict?: boolean;
}

export interface BeginOptions extends RequestOptions {
  /** Hears the status of each poll of the operation (or of the resource), for a log line or a heartbeat. */
  onProgress?: (progress: OperationProgress) => void;
}

export interface ArmResponse<T> {
  status: number;
  headers: Headers;
  body: T;
}

/**
 * Azure Resource Manager over `fetch`: a bearer token per request, retries with full-jitter backoff that
 * honour Retry-After, long-running operations, paging, and errors that keep ARM's code and request id.
 */
export class ArmClient {
  private readonly clock: Clock;
  private readonly fetch: typeof fetch;
  private readonly random: () => number;
  private readonly origin: string;
  private cachedToken: AccessToken | undefined;
  /** Counts requests sent, retries included: benchmarks read it. */
  requestCount = 0;

  constructor(private readonly options: ArmClientOptions) {
    this.clock = options.clock ?? systemClock;
    this.fetch = options.fetch ?? globalThis.fetch;
    this.random = options.random ?? Math.random;
    this.origin = new URL(options.baseUrl).origin;
  }

  get<T>(path: string, options: RequestOptions = {}): Promise<T> {
    return this.send<T>('GET', path, options).then((response) => response.body);
  }

  post<T>(path: string, options: RequestOptions = {}): Promise<T> {
    return this.send<T>('POST', path, options).then((response) => response.body);
  }

  /**
   * PUT, PATCH, POST or DELETE that may start a long-running operation, followed to its end (operation.ts);
   * returns the final resource. `onProgress` hears each poll's status.
   */
  async begin<T>(method: WriteMethod, path: string, options: BeginOptions = {}): Promise<T> {
    const startedAt = this.clock.now();
    const deadline = this.deadline(options);
    const first = await this.send<T>(method, path, { ...options, timeoutMs: deadline - startedAt });
    return (await followOperation(method, path, first, {
      clock: this.clock,
      get: (url, timeoutMs) =>
        this.send('GET', url, { signal: options.signal, apiVersion: options.apiVersion, timeoutMs }),
      deadline,
      startedAt,
      pollMs: this.options.lroPollMs ?? POLLING.armOperation.minMs,
      signal: options.signal,
      onProgress: options.onProgress,
    })) as T;
  }

  /** Every item of a list, following `nextLink` page by page. */
  async *list<T>(path: string, options: RequestOptions = {}): AsyncGenerator<T> {
    let next: string | undefined = path;
    let query = options.query;
    while (next) {
      const page: { value?: T[]; nextLink?: string } = await this.get(next, { ...options, query });
      yield* page.value ?? [];
      next = page.nextLink || undefined;
      query = undefined;
    }
  }

  async send<T>(method: string, path: string, options: RequestOptions = {}): Promise<ArmResponse<T>> {
    const url = this.resolve(path, options);
    const deadline = this.deadline(options);
    const maxRetries = this.options.maxRetries ?? 8;
    let conflicts = 0;
    for (let attempt = 0; ; attempt++) {
      if (options.signal?.aborted) throw abortReason(options.signal);
      const timeout = AbortSignal.timeout(this.options.requestTimeoutMs ?? DEFAULT_REQUEST_TIMEOUT_MS);
      const signal = options.signal ? AbortSignal.any([options.signal, timeout]) : timeout;
      // Outside the network try: a credential that fails (Entra refusing, after its own retries) is not ARM giving no answer.
      const headers = await this.headers(options);
      let response: Response;
      let text = '';
      try {
        this.requestCount++;
        response = await this.fetch(url, {
          method,
          headers,
          body: options.body === undefined ? undefined : JSON.stringify(options.body),
          signal,
        });
        // The body is part of the answer: a stall while it streams is the same timeout.
        if (response.ok) text = await response.text();
      } catch (error) {
        if (options.signal?.aborted) throw abortReason(options.signal);
        const timedOut = timeout.aborted;
        const failure = this.networkError(error, method, url, attempt + 1, timedOut);
        const retryable = timedOut
          ? IDEMPOTENT_METHODS.has(method.toUpperCase())
          : isTransientNetworkError(error);
        if (!retryable || attempt >= maxRetries) throw failure;
        this.options.debug?.(`ARM ${method} ${url.pathname}: ${failure.message}, retrying`);
        await this.pause(this.backoff(attempt), deadline, options.signal, () => failure);
        continue;
      }
      if (response.ok)
        return { status: response.status, headers: response.headers, body: parseJson<T>(text) };

      const error = await this.errorFrom(response, method, url, attempt + 1);
      if (!isRetryableAnswer(response.status, method, options.retryConflict ?? false)) throw error;
      const conflict = response.status === CONFLICT_STATUS;
      if (
        conflict ? ++conflicts > (this.options.maxConflictRetries ?? 10) : attempt - conflicts >= maxRetries
      )
        throw error;
      const delay =
        retryAfterMs(response.headers, this.clock.now()) ??
        (conflict ? this.conflictBackoff(conflicts - 1) : this.backoff(attempt - conflicts));
      this.options.debug?.(`ARM ${method} ${url.pathname}: ${response.status}, retrying in ${delay} ms`);
      await this.pause(delay, deadline, options.signal, () => error);
    }
  }

  /** Another operation holds the resource for minutes, not seconds: 15 s, growing to 2 min (jittered). */
  private conflictBackoff(attempt: number): number {
    const base = this.options.conflictDelayMs ?? 15_000;
    return Math.max(base / 2, backoffDelay(attempt, base, 8 * base, this.random));
  }

  private backoff(attempt: number): number {
    return backoffDelay(
      attempt,
      this.options.baseDelayMs ?? 1000,
      this.options.maxDelayMs ?? 60_000,
      this.random,
    );
  }

  /** Sleeps, unless the sleep would pass the deadline: then the error the caller would otherwise have seen. */
  private async pause(
    ms: number,
    deadline: number,
    signal: AbortSignal | undefined,
    onDeadline: () => Error,
  ): Promise<void> {
    if (this.clock.now() + ms > deadline) throw onDeadline();
    await this.clock.sleep(ms, signal);
  }

  private deadline(options: RequestOptions): number {
    return this.clock.now() + (options.timeoutMs ?? ARM_OPERATION_TIMEOUT_MS);
  }

  private resolve(path: string, options: RequestOptions): URL {
    if (/^https?:\/\//.test(path)) {
      const url = new URL(path);
      // Operation and paging links come from the service; the bearer token must never leave its host.
      if (url.origin !== this.origin)
        throw new ArmError(
          0,
          'UntrustedLink',
          `Refusing to follow ${url.origin}, which is not ${this.origin}.`,
          'GET',
          url.pathname,
          undefined,
        );
      return url;
    }
    const url = new URL(path, this.origin);
    // null is the data plane's "no api-version", so `??` (which would turn it into the default) is not used.
    const apiVersion = options.apiVersion === undefined ? DEFAULT_API_VERSION : options.apiVersion;
    if (apiVersion !== null && !url.searchParams.has('api-version'))
      url.searchParams.set('api-version', apiVersion);
    for (const [key, value] of Object.entries(options.query ?? {})) url.searchParams.set(key, value);
    return url;
  }

  private async headers(options: RequestOptions): Promise<Record<string, string>> {
    const headers: Record<string, string> = {
      authorization: `Bearer ${await this.token(options.signal)}`,
      accept: 'application/json',
      'user-agent': this.options.userAgent ?? 'next-item-actions',
    };
    if (options.body !== undefined) headers['content-type'] = 'application/json';
    return headers;
  }

  private async token(signal: AbortSignal | undefined): Promise<string> {
    const cached = this.cachedToken;
    if (cached && cached.expiresOnTimestamp - this.clock.now() > TOKEN_REFRESH_MARGIN_MS) return cached.token;
    const fresh = await this.options.credential.getToken(this.options.scope, { abortSignal: signal });
    if (!fresh)
      throw new ArmError(
        401,
        'NoToken',
        'The credential returned no access token.',
        'GET',
        this.options.scope,
        undefined,
      );
    this.cachedToken = fresh;
    return fresh.token;
  }

  private async errorFrom(response: Response, method: string, url: URL, attempts: number): Promise<ArmError> {
    const text = await response.text().catch(() => '');
    let code = response.statusText || `HTTP${response.status}`;
    let message = text.slice(0, 500) || 'No error body.';
    try {
      const body = JSON.parse(text) as {
        error?: { code?: string; message?: string };
        code?: string;
        message?: string;
      };
      code = body.error?.code ?? body.code ?? code;
      message = body.error?.message ?? body.message ?? message;
    } catch {
      // Not JSON (a gateway's HTML page): keep the text.
    }
    const requestId =
      response.headers.get('x-ms-request-id') ??
      response.headers.get('x-ms-correlation-request-id') ??
      undefined;
    return new ArmError(response.status, code, message, method, url.pathname, requestId, attempts);
  }

  private networkError(error: unknown, method: string, url: URL, attempts: number, timedOut: boolean): Error {
    if (error instanceof ArmError) return error;
    const cause = (error as { cause?: { code?: string; message?: string } }).cause;
    const limit = this.options.requestTimeoutMs ?? DEFAULT_REQUEST_TIMEOUT_MS;
    const detail = timedOut
      ? `no answer within ${limit} ms${IDEMPOTENT_METHODS.has(method.toUpperCase()) ? '' : `; ${method} is not idempotent, so it was not sent again`}`
      : (cause?.code ?? cause?.message ?? (error as Error).message);
    return new ArmError(
      0,
      timedOut ? 'Timeout' : 'NetworkError',
      `no answer from ${url.host} (${detail}) after ${attempts} attempt(s)`,
      method,
      url.pathname,
      undefined,
    );
  }
}

function parseJson<T>(text: string): T {
  return (text ? JSON.parse(text) : undefined) as T;
}
