import type { Clock } from '../kit/clock.js';
import { ArmError } from './arm-error.js';
import { retryAfterMs } from './retry-policy.js';

/** What a follower reports on each poll: the operation's or resource's status, and the time since the write. */
export interface OperationProgress {
  status: string;
  elapsedMs: number;
}

/** One answer as the follower reads it. */
export interface PolledAnswer {
  status: number;
  headers: Headers;
  body: unknown;
}

/** How a follower reaches the service and when it gives up; the ARM client supplies it. */
export interface OperationPoller {
  clock: Clock;
  /** A GET of an operation URL or of the resource path, retried like any other ARM call. */
  get(url: string, timeoutMs: number): Promise<PolledAnswer>;
  /** Absolute time (clock.now()) after which no further poll starts. */
  deadline: number;
  startedAt: number;
  /** The wait between polls when the service sends no Retry-After. */
  pollMs: number;
  signal?: AbortSignal;
  onProgress?: (progress: OperationProgress) => void;
}

export type WriteMethod = 'PUT' | 'PATCH' | 'POST' | 'DELETE';

/**
 * Follows what a write started to its end: `Azure-AsyncOperation` on any answer that has one, `Location` on a
 * 202, and for PUT/PATCH the resource itself while its provisioningState is not final. Returns the final
 * resource (PUT/PATCH), the operation's result (POST) or nothing (DELETE); a failed or cancelled operation
 * throws an ArmError with the service's code and message.
 */
export async function followOperation(
  method: WriteMethod,
  path: string,
  first: PolledAnswer,
  poller: OperationPoller,
): Promise<unknown> {
  const asyncOperation = first.headers.get('azure-asyncoperation');
  const location = first.headers.get('location');
  let finalBody: unknown = undefined;
  if (asyncOperation) await followAsyncOperation(asyncOperation, first.headers, method, path, poller);
  else if (location && first.status === 202)
    finalBody = await followLocation(location, first.headers, poller);

  if (method === 'DELETE') return undefined;
  if (method === 'POST') return finalBody ?? first.body;
  if (!asyncOperation && !location && isFinal(first.body)) return first.body;
  return pollProvisioning(method, path, poller);
}

function followAsyncOperation(
  url: string,
  headers: Headers,
  method: string,
  path: string,
  poller: OperationPoller,
): Promise<void> {
  return pollOperationUrl(
    url,
    headers,
    poller,
    () => timeoutError(method, path),
    (poll) => {
      const body = poll.body as { status?: string; error?: { code?: string; message?: string } } | undefined;
      const status = body?.status ?? '';
      report(poller, status);
      if (/^succeeded$/i.test(status)) return { value: undefined };
      if (/^(failed|canceled|cancelled)$/i.test(status)) {
        throw new ArmError(
          0,
          body?.error?.code ?? status,
          body?.error?.message ?? `The operation ended ${status}.`,
          method,
          path,
          poll.headers.get('x-ms-request-id') ?? undefined,
        );
      }
      return undefined;
    },
  );
}

function followLocation(url: string, headers: Headers, poller: OperationPoller): Promise<unknown> {
  const onDeadline = () => timeoutError('GET', new URL(url).pathname);
  return pollOperationUrl(url, headers, poller, onDeadline, (poll) => {
    report(poller, poll.status === 202 ? 'InProgress' : 'Succeeded');
    return poll.status === 202 ? undefined : { value: poll.body };
  });
}

/** Polls an operation URL, waiting what each answer's Retry-After asks, until `settled` has the result. */
async function pollOperationUrl<T>(
  url: string,
  initialHeaders: Headers,
  poller: OperationPoller,
  onDeadline: () => Error,
  settled: (poll: PolledAnswer) => { value: T } | undefined,
): Promise<T> {
  let headers = initialHeaders;
  for (;;) {
    await pause(poller, delayFrom(headers, poller), onDeadline);
    const poll = await poller.get(url, poller.deadline - poller.clock.now());
    const result = settled(poll);
    if (result) return result.value;
    headers = poll.headers;
  }
}

async function pollProvisioning(method: string, path: string, poller: OperationPoller): Promise<unknown> {
  for (;;) {
    const resource = (await poller.get(path, poller.deadline - poller.clock.now())).body;
    report(poller, provisioningState(resource) ?? 'Succeeded');
    if (isFinal(resource)) return resource;
    await pause(poller, poller.pollMs, () => timeoutError(method, path));
  }
}

function report(poller: OperationPoller, status: string): void {
  poller.onProgress?.({ status, elapsedMs: poller.clock.now() - poller.startedAt });
}

function delayFrom(headers: Headers, poller: OperationPoller): number {
  return retryAfterMs(headers, poller.clock.now()) ?? poller.pollMs;
}

/** Sleeps, unless the sleep would pass the deadline: then the caller's timeout error. */
async function pause(poller: OperationPoller, ms: number, onDeadline: () => Error): Promise<void> {
  if (poller.clock.now() + ms > poller.deadline) throw onDeadline();
  await poller.clock.sleep(ms, poller.signal);
}

function timeoutError(method: string, path: string): ArmError {
  return new ArmError(
    0,
    'Timeout',
    'The operation did not finish before the deadline.',
    method,
    path,
    undefined,
  );
}

const FINAL_PROVISIONING = /^(succeeded|failed|canceled)$/i;

function provisioningState(resource: unknown): string | undefined {
  const state = (resource as { properties?: { provisioningState?: unknown } } | undefined)?.properties
    ?.provisioningState;
  return typeof state === 'string' ? state : undefined;
}

/** A resource without a provisioningState, or with a final one. */
function isFinal(resource: unknown): boolean {
  const state = provisioningState(resource);
  return state === undefined || FINAL_PROVISIONING.test(state);
}
