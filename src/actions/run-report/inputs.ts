import { cloudEndpoints } from '../../azure/clouds.js';
import { workspacePath } from '../../azure/target.js';
import type { GithubRun } from '../../kit/github-run.js';
import { parseHistogram } from '../../kit/latency-histogram.js';
import type { Inputs } from '../../kit/inputs.js';
import { readAzureTarget } from '../shared/azure-inputs.js';
import { parseCardFacts } from '../shared/model-card.js';
import type { CommentContext, EventPayload } from './comment-plan.js';
import type { RunFacts, Traffic } from './report.js';
import { JOBS, type JobId, type JobResult } from './verdict.js';

const RESULTS: readonly JobResult[] = ['success', 'failure', 'cancelled', 'skipped', ''];

/** `needs.<job>.result` pairs as the workflow passes them (`plan=success`, one a line); other jobs are left out. */
export function parseResults(pairs: Array<[string, string]>): RunFacts['results'] {
  const results: RunFacts['results'] = {};
  for (const [job, result] of pairs)
    if ((JOBS as readonly string[]).includes(job) && RESULTS.includes(result as JobResult))
      results[job as JobId] = result as JobResult;
  return results;
}

const RESULT_RULES = {
  maxItems: JOBS.length,
  maxItemLength: 32,
  key: /^[a-z-]+$/,
  value: /^(success|failure|cancelled|skipped|)$/,
  expected: 'job=result lines, the result one of success, failure, cancelled, skipped',
};

/** A JSON object from an output that may be empty (the job did not run): empty gives `{}`. */
export function jsonObject(text: string | undefined): Record<string, unknown> {
  if (!text) return {};
  try {
    const value = JSON.parse(text) as unknown;
    return value && typeof value === 'object' && !Array.isArray(value)
      ? (value as Record<string, unknown>)
      : {};
  } catch {
    return {};
  }
}

const traffic = (text: string | undefined): Traffic =>
  Object.fromEntries(
    Object.entries(jsonObject(text)).filter(
      (entry): entry is [string, number] => typeof entry[1] === 'number',
    ),
  );

/**
 * The facts of the run from the jobs' outputs. The report must be written whatever happened before it, so
 * outputs a job did not set read as empty rather than failing; only the workspace inputs are validated.
 */
export function readRunFacts(inputs: Inputs, env: NodeJS.ProcessEnv, run: GithubRun): RunFacts {
  const target = readAzureTarget(inputs, env);
  const text = (name: string, maxLength = 1024) => inputs.text(name, { maxLength }) ?? '';
  const server = env.GITHUB_SERVER_URL || 'https://github.com';
  return {
    results: parseResults(inputs.keyValues('results', RESULT_RULES)),
    rollout: text('rollout') === 'hold' ? 'hold' : 'promote',
    reused: text('reused') === 'true',
    modelId: text('model-id'),
    endpoint: text('endpoint'),
    deployment: text('deployment'),
    previousDeployment: text('previous-deployment'),
    modelJob: text('model-job'),
    image: text('image'),
    imageDigest: text('image-digest'),
    trafficDeployed: traffic(text('traffic-deployed', 4096)),
    trafficFinal: traffic(text('traffic-final', 4096)),
    p95Ms: text('p95-ms'),
    latencyHistogram: parseHistogram(text('latency-histogram', 8192)),
    smokeFailure: text('smoke-failure', 4096),
    planError: text('plan-error', 4096),
    detachedJob: text('detached-job', 255),
    submittedBy: text('submitted-by'),
    trainingStatus: text('training-status', 64),
    metrics: jsonObject(text('metrics', 65_536)),
    card: parseCardFacts(text('model-card', 16_384)),
    commit: {
      sha: run.sha,
      ref: run.ref,
      event: env.GITHUB_EVENT_NAME ?? '',
      runUrl: run.runUrl,
      commitUrl: run.repository ? `${server}/${run.repository}/commit/${run.sha}` : '',
    },
    studio: {
      base: cloudEndpoints(target.cloud, env).studio,
      workspaceId: workspacePath(target),
      tenantId: target.tenantId ?? '',
    },
  };
}

/** Where to post the report: the mode, the token (kept out of the log by the caller) and the event. */
export function readCommentContext(
  inputs: Inputs,
  env: NodeJS.ProcessEnv,
  run: GithubRun,
  eventPayload: string,
  endpoint: string,
): CommentContext {
  return {
    mode: inputs.choice('comment', ['auto', 'never'] as const, 'auto'),
    token: inputs.text('github-token', { maxLength: 4096 }) ?? '',
    event: env.GITHUB_EVENT_NAME ?? '',
    payload: jsonObject(eventPayload) as EventPayload,
    repository: run.repository,
    sha: run.sha,
    workflowRef: run.workflow,
    endpoint,
  };
}
