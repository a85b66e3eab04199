import { ActionError } from '../../kit/errors.js';
import { histogramOutput, latencyChart, latencyHistogram } from '../../kit/latency-histogram.js';
import { markdownTable } from '../../kit/markdown.js';
import { failureLine, groupFailures } from './failure-groups.js';
import {
  percentile,
  sessionsWithTwoEvents,
  type Expectation,
  type Tensor,
  type TensorSpec,
} from '../../triton/answer-check.js';

export interface ModelMetadata {
  inputs: TensorSpec[];
  outputs: TensorSpec[];
}

/** What the scoring loop saw: answers checked, requests that got no good answer after retries, latencies. */
export interface ScoringResults {
  requests: number;
  concurrency: number;
  latencies: number[];
  wallMs: number;
  /** Answers that came back 200 but wrong (names, shapes, ordering): never excused by a rate. */
  checkFailures: string[];
  /** Requests with no 200 answer after their retries (connection failures, 4xx, 5xx), each named. */
  errors: string[];
  /** Tries beyond the first, over all requests. */
  retries: number;
  recommendations: Array<{ item: number; score: number }>;
}

export interface Latency {
  p50: number;
  p95: number;
  max: number;
}

export function latency(latencies: number[]): Latency {
  const sorted = [...latencies].sort((a, b) => a - b);
  return { p50: percentile(sorted, 50), p95: percentile(sorted, 95), max: sorted.at(-1) ?? 0 };
}

export function errorRate(results: ScoringResults): number {
  return results.requests === 0 ? 0 : results.errors.length / results.requests;
}

/** Why the smoke test fails, or undefined when it passes: wrong answers, then errors over the rate, then latency. */
export function smokeVerdict(
  results: ScoringResults,
  limits: { maxErrorRate: number; maxP95Ms: number },
  target: string,
): string | undefined {
  if (results.checkFailures.length) {
    const [top] = groupFailures(results.checkFailures);
    return `${results.checkFailures.length} check(s) failed against ${target}; ${top!.requests.length > 1 ? 'most often' : 'first'}: ${failureLine(top!, results.requests)}`;
  }
  const rate = errorRate(results);
  if (rate > limits.maxErrorRate)
    return (
      `${results.errors.length} of ${results.requests} scoring request(s) to ${target} failed after retries ` +
      `(error rate ${percent(rate)}, max-error-rate ${percent(limits.maxErrorRate)}); first: ${results.errors[0]}`
    );
  const { p95 } = latency(results.latencies);
  if (p95 > limits.maxP95Ms) return `p95 latency ${p95.toFixed(1)} ms is over max-p95-ms ${limits.maxP95Ms}.`;
  return undefined;
}

export function smokeOutputs(results: ScoringResults): Record<string, string> {
  const { p50, p95, max } = latency(results.latencies);
  return {
    'p50-ms': p50.toFixed(1),
    'p95-ms': p95.toFixed(1),
    'max-ms': max.toFixed(1),
    requests: String(results.requests),
    'error-rate': errorRate(results).toFixed(4),
    recommendations: JSON.stringify(results.recommendations),
    'latency-histogram': histogramOutput(latencyHistogram(results.latencies)),
  };
}

export function smokeSummary(results: ScoringResults, target: string, verdict: string | undefined): string {
  const { p50, p95, max } = latency(results.latencies);
  const rate = results.wallMs > 0 ? (results.latencies.length / results.wallMs) * 1000 : 0;
  const problems = groupFailures([...results.checkFailures, ...results.errors]);
  const chart = latencyChart(latencyHistogram(results.latencies));
  const recs = results.recommendations;
  return (
    // A failed test names its cause in the first line; a passing one its target.
    (verdict ? `## ❌ Smoke test failed: ${verdict}\n\n` : `## Smoke test of ${target}: ✅\n\n`) +
    markdownTable(
      [
        'requests',
        'concurrency',
        'p50 ms',
        'p95 ms',
        'max ms',
        'requests/s',
        'failed checks',
        'errors',
        'error rate',
        'retries',
      ],
      [
        [
          String(results.requests),
          String(results.concurrency),
          p50.toFixed(1),
          p95.toFixed(1),
          max.toFixed(1),
          rate.toFixed(1),
          String(results.checkFailures.length),
          String(results.errors.length),
          percent(errorRate(results)),
          String(results.retries),
        ],
      ],
    ) +
    (recs.length
      ? `\nTop ${recs.length} for the first sample session:\n\n${markdownTable(
          ['rank', 'item id', 'score'],
          recs.map((r, i) => [String(i + 1), String(r.item), r.score.toFixed(4)]),
        )}`
      : '') +
    (problems.length
      ? `\n### Failures\n\n${problems
          .slice(0, 20)
          .map((group) => `- ${failureLine(group, results.requests)}`)
          .join('\n')}\n`
      : '') +
    (chart ? `\n### Latency\n\n${chart}\n` : '')
  );
}

function percent(rate: number): string {
  return `${(rate * 100).toFixed(1)}%`;
}

/** What every answer must look like, from the model's metadata and the request; a mismatch stops before scoring. */
export function expectationFor(
  metadata: ModelMetadata,
  request: Tensor[],
  options: { model: string; topK: number },
): Expectation {
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
      `Model ${options.model} has no item_ids/item_id_scores outputs (it has ${metadata.outputs.map((o) => o.name).join(', ')}): export it with top_k set.`,
    );
  const sessions = request.find((input) => input.name === 'session_id');
  if (!sessions)
    throw new ActionError('request-file has no session_id input: rows per answer cannot be known.');
  const rows = sessionsWithTwoEvents([sessions.data].flat(Infinity));
  if (rows === 0)
    throw new ActionError(
      'request-file has no session with two or more events: the model answers nothing for it.',
    );
  return { rows, topK: options.topK, ids, scores };
}

export function topItems(
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
