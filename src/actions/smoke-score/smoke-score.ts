import { scoringScope } from '../../azure/clouds.js';
import { MlEndpoints } from '../../azure/ml/endpoints.js';
import { ActionError } from '../../kit/errors.js';
import { pollDelay } from '../../azure/polling-policy.js';
import { waitFor } from '../../kit/waiter.js';
import { checkAnswer, type Expectation, type Tensor } from '../../triton/answer-check.js';
import type { StepDeps } from '../shared/step-deps.js';
import type { SmokeScoreInputs } from './inputs.js';
import {
  expectationFor,
  smokeOutputs,
  smokeSummary,
  smokeVerdict,
  topItems,
  type ModelMetadata,
  type ScoringResults,
} from './plan.js';
import {
  connectionFailure,
  DEFAULT_SCORING_RETRY,
  describeOutcome,
  sendScoringRequest,
  type ScoringRetryPolicy,
} from './scoring-request.js';

/** What the body needs from the runner: passed in, so tests give their own. */
export interface SmokeScoreDeps extends StepDeps {
  fetch?: typeof fetch;
  random?: () => number;
  signal?: AbortSignal;
}

/** Where requests go and how they authenticate. */
interface ScoringTarget {
  base: string;
  headers: Record<string, string>;
  name: string;
  authMode: string;
}

export async function run(inputs: SmokeScoreInputs, deps: SmokeScoreDeps): Promise<void> {
  const request = inputs.request as { inputs?: Tensor[] };
  if (!Array.isArray(request?.inputs))
    throw new ActionError(
      `request-file ${inputs.requestFile} has no inputs array: expected a KServe v2 inference request.`,
    );
  const retry: ScoringRetryPolicy = {
    clock: deps.clock,
    random: deps.random ?? Math.random,
    signal: deps.signal,
    ...DEFAULT_SCORING_RETRY,
  };
  const target = await scoringTarget(inputs, deps);
  await waitReady(target, inputs, deps);
  const metadata = await readMetadata(target, inputs.model, deps, retry);
  const expectation = expectationFor(metadata, request.inputs, inputs);
  deps.log.info(
    `Model ${inputs.model}: inputs ${metadata.inputs.map((i) => `${i.name}:${i.datatype}`).join(', ')}; expecting ${expectation.rows} rows of ${inputs.topK} items per answer.`,
  );
  const results = await scoreAll(target, JSON.stringify(request), expectation, inputs, deps, retry);
  const verdict = smokeVerdict(results, inputs, target.name);
  const out = smokeOutputs(results);
  deps.setOutputs({ ...out, failure: (verdict ?? '').slice(0, 1000) });
  await deps.writeSummary(smokeSummary(results, target.name, verdict));
  deps.log.info(
    `${results.requests} requests at concurrency ${inputs.concurrency}: p50 ${out['p50-ms']} ms, p95 ${out['p95-ms']} ms, max ${out['max-ms']} ms; ${results.errors.length} error(s) after ${results.retries} retries.`,
  );
  if (verdict) throw new ActionError(verdict);
}

async function scoringTarget(inputs: SmokeScoreInputs, deps: SmokeScoreDeps): Promise<ScoringTarget> {
  const session = deps.openSession(inputs.target);
  const endpoints = new MlEndpoints(session.arm, inputs.target);
  const endpoint = await endpoints.get(inputs.endpoint, deps.signal);
  if (!endpoint)
    throw new ActionError(
      `Endpoint ${inputs.endpoint} does not exist in workspace ${inputs.target.workspace}.`,
    );
  const credential =
    endpoint.authMode === 'Key'
      ? (await endpoints.keys(inputs.endpoint, deps.signal)).primaryKey
      : endpoint.authMode === 'AMLToken'
        ? await endpoints.amlToken(inputs.endpoint, deps.signal)
        : await session.token(scoringScope(session.cloud.name));
  deps.secret(credential);
  const headers: Record<string, string> = {
    authorization: `Bearer ${credential}`,
    'content-type': 'application/json',
  };
  if (inputs.deployment) headers['azureml-model-deployment'] = inputs.deployment;
  return {
    base: endpoint.scoringUri.endsWith('/') ? endpoint.scoringUri : `${endpoint.scoringUri}/`,
    headers,
    name: inputs.deployment ? `deployment ${inputs.deployment}` : `endpoint ${inputs.endpoint} (by traffic)`,
    authMode: endpoint.authMode,
  };
}

/** Polls readiness; a dropped connection is one more "not yet", not the end of the wait. */
async function waitReady(
  target: ScoringTarget,
  inputs: SmokeScoreInputs,
  deps: SmokeScoreDeps,
): Promise<void> {
  const send = deps.fetch ?? fetch;
  deps.log.info(`Waiting for ${target.name} to be ready at ${target.base}v2/health/ready.`);
  await waitFor({
    clock: deps.clock,
    what: `${target.name} to be ready`,
    timeoutMs: inputs.timeoutMs,
    signal: deps.signal,
    delay: pollDelay('scoringReadiness'),
    poll: async () => {
      let response: Response;
      try {
        response = await send(`${target.base}v2/health/ready`, {
          headers: target.headers,
          signal: deps.signal,
        });
        await response.arrayBuffer();
      } catch (error) {
        const cause = connectionFailure(error);
        if (cause === undefined) throw error;
        deps.log.debug(`GET v2/health/ready: connection failed (${cause}); polling on.`);
        return undefined;
      }
      if (response.ok) return true;
      if (response.status === 401 || response.status === 403)
        throw new ActionError(`The endpoint refused the ${target.authMode} credential (${response.status}).`);
      if (response.status === 404)
        throw new ActionError(`${target.name} was not found behind ${target.base} (404).`);
      return undefined;
    },
  });
}

async function readMetadata(
  target: ScoringTarget,
  model: string,
  deps: SmokeScoreDeps,
  retry: ScoringRetryPolicy,
): Promise<ModelMetadata> {
  const send = deps.fetch ?? fetch;
  const url = `${target.base}v2/models/${model}`;
  const outcome = await sendScoringRequest(
    () => send(url, { headers: target.headers, signal: deps.signal }),
    retry,
  );
  if (!outcome.ok || outcome.status !== 200)
    throw new ActionError(`${describeOutcome(`GET v2/models/${model} on ${target.name}`, outcome)}.`);
  return JSON.parse(outcome.text) as ModelMetadata;
}

async function scoreAll(
  target: ScoringTarget,
  body: string,
  expectation: Expectation,
  inputs: SmokeScoreInputs,
  deps: SmokeScoreDeps,
  retry: ScoringRetryPolicy,
): Promise<ScoringResults> {
  const send = deps.fetch ?? fetch;
  const url = `${target.base}v2/models/${inputs.model}/infer`;
  const results: ScoringResults = {
    requests: 0,
    concurrency: inputs.concurrency,
    latencies: [],
    wallMs: 0,
    checkFailures: [],
    errors: [],
    retries: 0,
    recommendations: [],
  };
  let next = 0;
  const worker = async () => {
    while (next < inputs.requests && !deps.signal?.aborted) {
      const index = next++;
      const what = `POST v2/models/${inputs.model}/infer (request ${index + 1})`;
      const started = performance.now();
      const outcome = await sendScoringRequest(
        () => send(url, { method: 'POST', headers: target.headers, body, signal: deps.signal }),
        retry,
      );
      results.requests++;
      results.retries += outcome.attempts - 1;
      if (!outcome.ok || outcome.status !== 200) {
        results.errors.push(describeOutcome(what, outcome));
        continue;
      }
      results.latencies.push(performance.now() - started);
      const answer = JSON.parse(outcome.text) as { outputs?: Tensor[] };
      if (!results.recommendations.length) results.recommendations = topItems(answer, expectation, 5);
      for (const problem of checkAnswer(answer, expectation))
        results.checkFailures.push(`request ${index + 1}: ${problem}`);
    }
  };
  const wallStart = performance.now();
  await Promise.all(Array.from({ length: Math.min(inputs.concurrency, inputs.requests) }, worker));
  results.wallMs = performance.now() - wallStart;
  return results;
}
