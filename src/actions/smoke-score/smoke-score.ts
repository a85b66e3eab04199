import { scoringScope } from '../../azure/clouds.js';
import { MlEndpoints } from '../../azure/ml/endpoints.js';
import { abortOnTermination } from '../../kit/cancellation.js';
import { systemClock } from '../../kit/clock.js';
import { ActionError } from '../../kit/errors.js';
import { workflowLog } from '../../kit/log.js';
import { markdownTable } from '../../kit/markdown.js';
import { adaptiveDelay, waitFor } from '../../kit/waiter.js';
import {
  checkAnswer,
  percentile,
  sessionsWithTwoEvents,
  type Expectation,
  type Tensor,
  type TensorSpec,
} from '../../triton/answer-check.js';
import { setOutputs, writeSummary } from '../shared/outputs.js';
import { openRunnerSession } from '../shared/runtime.js';
import type { SmokeScoreInputs } from './inputs.js';
import * as core from '@actions/core';

interface ModelMetadata {
  inputs: TensorSpec[];
  outputs: TensorSpec[];
}

export async function smokeScore(inputs: SmokeScoreInputs): Promise<void> {
  const log = workflowLog;
  const termination = abortOnTermination();
  const { signal } = termination;
  const request = inputs.request as { inputs?: Tensor[] };
  if (!Array.isArray(request?.inputs))
    throw new ActionError(
      `request-file ${inputs.requestFile} has no inputs array: expected a KServe v2 inference request.`,
    );

  const session = openRunnerSession(inputs.target);
  const endpoints = new MlEndpoints(session.arm, inputs.target);
  const endpoint = await endpoints.get(inputs.endpoint, signal);
  if (!endpoint)
    throw new ActionError(
      `Endpoint ${inputs.endpoint} does not exist in workspace ${inputs.target.workspace}.`,
    );
  const credential =
    endpoint.authMode === 'Key'
      ? (await endpoints.keys(inputs.endpoint, signal)).primaryKey
      : endpoint.authMode === 'AMLToken'
        ? await endpoints.amlToken(inputs.endpoint, signal)
        : await session.token(scoringScope(session.cloud.name));
  core.setSecret(credential);

  const base = endpoint.scoringUri.endsWith('/') ? endpoint.scoringUri : `${endpoint.scoringUri}/`;
  const headers: Record<string, string> = {
    authorization: `Bearer ${credential}`,
    'content-type': 'application/json',
  };
  if (inputs.deployment) headers['azureml-model-deployment'] = inputs.deployment;
  const target = inputs.deployment
    ? `deployment ${inputs.deployment}`
    : `endpoint ${inputs.endpoint} (by traffic)`;

  log.info(`Waiting for ${target} to be ready at ${base}v2/health/ready.`);
  await waitFor({
    clock: systemClock,
    what: `${target} to be ready`,
    timeoutMs: inputs.timeoutMs,
    signal,
    delay: adaptiveDelay({ minMs: 1000, maxMs: 15_000, fraction: 0.1 }),
    poll: async () => {
      const response = await fetch(`${base}v2/health/ready`, { headers, signal });
      await response.arrayBuffer();
      if (response.ok) return true;
      if (response.status === 401 || response.status === 403)
        throw new ActionError(
          `The endpoint refused the ${endpoint.authMode} credential (${response.status}).`,
        );
      if (response.status === 404) throw new ActionError(`${target} was not found behind ${base} (404).`);
      return undefined;
    },
  });

  const metadataResponse = await fetch(`${base}v2/models/${inputs.model}`, { headers, signal });
  if (!metadataResponse.ok)
    throw new ActionError(
      `GET v2/models/${inputs.model} answered ${metadataResponse.status}: ${await metadataResponse.text()}`,
    );
  const metadata = (await metadataResponse.json()) as ModelMetadata;
  const expectation = expect(metadata, request.inputs, inputs);
  log.info(
    `Model ${inputs.model}: inputs ${metadata.inputs.map((i) => `${i.name}:${i.datatype}`).join(', ')}; expecting ${expectation.rows} rows of ${inputs.topK} items per answer.`,
  );

  const body = JSON.stringify(request);
  const latencies: number[] = [];
  const failures: string[] = [];
  let firstAnswer: { outputs?: Tensor[] } | undefined;
  let next = 0;
  const worker = async () => {
    while (next < inputs.requests && !signal.aborted) {
      const index = next++;
      const started = performance.now();
      const response = await fetch(`${base}v2/models/${inputs.model}/infer`, {
        method: 'POST',
        headers,
        body,
        signal,
      });
      const text = await response.text();
      latencies.push(performance.now() - started);
      if (response.status !== 200) {
        failures.push(`request ${index + 1}: HTTP ${response.status} ${text.slice(0, 200)}`);
        continue;
      }
      const answer = JSON.parse(text) as { outputs?: Tensor[] };
      firstAnswer ??= answer;
      for (const problem of checkAnswer(answer, expectation))
        failures.push(`request ${index + 1}: ${problem}`);
    }
  };
  const wallStart = performance.now();
  await Promise.all(Array.from({ length: Math.min(inputs.concurrency, inputs.requests) }, worker));
  const wall = performance.now() - wallStart;

  const sorted = [...latencies].sort((a, b) => a - b);
  const p50 = percentile(sorted, 50);
  const p95 = percentile(sorted, 95);
  const max = sorted.at(-1) ?? 0;
  const recommendations = firstAnswer ? topItems(firstAnswer, expectation, 5) : [];
  setOutputs({
    'p50-ms': p50.toFixed(1),
    'p95-ms': p95.toFixed(1),
    'max-ms': max.toFixed(1),
    requests: String(latencies.length),
    recommendations: JSON.stringify(recommendations),
  });
  await writeSummary(
    `## Smoke test of ${target}: ${failures.length ? '❌' : '✅'}\n\n` +
      markdownTable(
        ['requests', 'concurrency', 'p50 ms', 'p95 ms', 'max ms', 'requests/s', 'failed checks'],
        [
          [
            String(latencies.length),
            String(inputs.concurrency),
            p50.toFixed(1),
            p95.toFixed(1),
            max.toFixed(1),
            ((latencies.length / wall) * 1000).toFixed(1),
            String(failures.length),
          ],
        ],
      ) +
      (recommendations.length
        ? `\nTop ${recommendations.length} for the first sample session:\n\n${markdownTable(
            ['rank', 'item id', 'score'],
            recommendations.map((r, i) => [String(i + 1), String(r.item), r.score.toFixed(4)]),
          )}`
        : '') +
      (failures.length
        ? `\n### Failed checks\n\n${failures
            .slice(0, 20)
            .map((f) => `- ${f}`)
            .join('\n')}\n`
        : ''),
  );
  log.info(
    `${latencies.length} requests at concurrency ${inputs.concurrency}: p50 ${p50.toFixed(1)} ms, p95 ${p95.toFixed(1)} ms, max ${max.toFixed(1)} ms.`,
  );
  termination.dispose();
  if (failures.length)
    throw new ActionError(`${failures.length} check(s) failed against ${target}; first: ${failures[0]}`);
  if (p95 > inputs.maxP95Ms)
    throw new ActionError(`p95 latency ${p95.toFixed(1)} ms is over max-p95-ms ${inputs.maxP95Ms}.`);
}

function expect(metadata: ModelMetadata, request: Tensor[], inputs: SmokeScoreInputs): Expectation {
  for (const spec of metadata.inputs) {
    const tensor = request.find((input) => input.name === spec.name);
    if (!tensor)
      throw new ActionError(
        `request-file lacks the model input ${spec.name} (${spec.datatype}); the model takes ${metadata.inputs.map((i) => i.name).join(', ')}.`,
      );
    if (tensor.datatype !== spec.datatype)
      throw new ActionError(
        `request-file sends ${spec.name} as ${tensor.datatype}; the model takes ${spec.datatype}.`,
      );
  }
  const ids = metadata.outputs.find((output) => output.name === 'item_ids');
  const scores = metadata.outputs.find((output) => output.name === 'item_id_scores');
  if (!ids || !scores)
    throw new ActionError(
      `Model ${inputs.model} has no item_ids/item_id_scores outputs (it has ${metadata.outputs.map((o) => o.name).join(', ')}): export it with top_k set.`,
    );
  const sessions = request.find((input) => input.name === 'session_id');
  if (!sessions)
    throw new ActionError('request-file has no session_id input: rows per answer cannot be known.');
  const rows = sessionsWithTwoEvents([sessions.data].flat(Infinity));
  if (rows === 0)
    throw new ActionError(
      'request-file has no session with two or more events: the model answers nothing for it.',
    );
  return { rows, topK: inputs.topK, ids, scores };
}

function topItems(
  answer: { outputs?: Tensor[] },
  expectation: Expectation,
  count: number,
): Array<{ item: number; score: number }> {
  const ids = [answer.outputs?.find((o) => o.name === expectation.ids.name)?.data ?? []].flat(
    Infinity,
  ) as number[];
  const scores = [answer.outputs?.find((o) => o.name === expectation.scores.name)?.data ?? []].flat(
    Infinity,
  ) as number[];
  return ids.slice(0, Math.min(count, expectation.topK)).map((item, i) => ({ item, score: scores[i] ?? 0 }));
}
