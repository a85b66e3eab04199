import { adaptiveDelay } from '../kit/waiter.js';

/**
 * How to wait for one kind of remote work: the delay between polls is a share of the time waited so far,
 * between a floor and a cap (`adaptiveDelay`): fast while things change quickly, cheap through a long quiet
 * middle, and the lag between a change and noticing it stays a small share of the total.
 */
export interface PollingPolicy {
  /** What is polled, and with which call. */
  readonly what: string;
  readonly minMs: number;
  readonly maxMs: number;
  readonly fraction: number;
  /** Where the deadline comes from. */
  readonly timeout: string;
  /** A log line at least this often while nothing changes, so a long wait shows it is alive. */
  readonly heartbeatMs?: number;
}

/**
 * Every wait of the actions in one table. Retries of a failed request are not polling: they live in
 * `retry-policy.ts` (ARM, scoring) and `id-token-retry.ts` (GitHub OIDC).
 */
export const POLLING = {
  pipelineJob: {
    what: "a pipeline job's steps (run history) and, less often, the job (ARM)",
    // A change is noticed within max(2 s, 5% of the time waited) and never more than 30 s late, while a
    // long quiet training step costs about two calls a minute.
    minMs: 1500,
    maxMs: 29_000,
    fraction: 0.045,
    timeout: "submit-pipeline's timeout input (6h)",
    heartbeatMs: 10 * 60_000,
  },
  acrRun: {
    what: 'an ACR Tasks run (az acr task show-run), once its log stream has ended',
    minMs: 2000,
    maxMs: 30_000,
    fraction: 0.05,
    timeout: "build-triton's timeout input (2h), which ACR enforces too, plus ACR_RUN_GRACE_MS",
  },
  deployment: {
    what: "an online deployment's provisioning (its Azure-AsyncOperation, else its provisioningState)",
    minMs: 1000,
    maxMs: 20_000,
    fraction: 0.05,
    timeout: "deploy-endpoint's timeout input (90m)",
    heartbeatMs: 2 * 60_000,
  },
  scoringReadiness: {
    what: "a scoring endpoint's readiness (GET v2/health/ready)",
    minMs: 1000,
    maxMs: 15_000,
    fraction: 0.1,
    timeout: "smoke-score's timeout input (15m)",
  },
  armOperation: {
    what: 'any other ARM long-running operation (ArmClient.begin), when the service sends no Retry-After',
    minMs: 5000,
    maxMs: 5000,
    fraction: 0,
    timeout: "the call's timeoutMs, else ARM_OPERATION_TIMEOUT_MS",
  },
} as const satisfies Record<string, PollingPolicy>;

export type Polled = keyof typeof POLLING;

/** The delay between polls of `what`, by the time waited so far. */
export function pollDelay(what: Polled): (elapsedMs: number) => number {
  return adaptiveDelay(POLLING[what]);
}

/** While a pipeline's steps run, the job itself (an ARM call) is read at least this often; the steps tell the rest. */
export const PIPELINE_JOB_READ_MS = 2 * 60_000;

/** ACR ends a run at its own timeout; the action waits this much longer to read how it ended. */
export const ACR_RUN_GRACE_MS = 5 * 60_000;

/** The deadline of an ARM call that sets none: long enough for an endpoint's traffic update. */
export const ARM_OPERATION_TIMEOUT_MS = 10 * 60_000;
