/** KServe v2 tensors as Triton sends them in JSON. */
export interface Tensor {
  name: string;
  datatype: string;
  shape: number[];
  data: unknown[];
}

export interface TensorSpec {
  name: string;
  datatype: string;
  shape?: number[];
}

export interface Expectation {
  /** Rows the answer must have: one per session of two or more events. */
  rows: number;
  topK: number;
  ids: TensorSpec;
  scores: TensorSpec;
}

/** Every way an answer to a top-k request can be wrong; empty when it is right. */
export function checkAnswer(answer: { outputs?: Tensor[] }, expect: Expectation): string[] {
  const problems: string[] = [];
  const find = (spec: TensorSpec) => {
    const tensor = answer.outputs?.find((output) => output.name === spec.name);
    if (!tensor)
      problems.push(
        `no output named ${spec.name} (got ${(answer.outputs ?? []).map((o) => o.name).join(', ') || 'none'})`,
      );
    return tensor;
  };
  const ids = find(expect.ids);
  const scores = find(expect.scores);
  for (const [tensor, spec] of [
    [ids, expect.ids],
    [scores, expect.scores],
  ] as const) {
    if (!tensor) continue;
    if (tensor.datatype !== spec.datatype)
      problems.push(`${spec.name} is ${tensor.datatype}, expected ${spec.datatype}`);
    const shape = JSON.stringify(tensor.shape);
    if (shape !== JSON.stringify([expect.rows, expect.topK]))
      problems.push(
        `${spec.name} has shape ${shape}, expected [${expect.rows},${expect.topK}] (one row per session of two or more events)`,
      );
    const data = [tensor.data].flat(Infinity);
    if (data.length !== expect.rows * expect.topK)
      problems.push(`${spec.name} has ${data.length} values, expected ${expect.rows * expect.topK}`);
  }
  if (ids && !([ids.data].flat(Infinity) as unknown[]).every((value) => Number.isInteger(value)))
    problems.push('item ids are not all integers');
  if (scores && problems.length === 0) {
    const values = [scores.data].flat(Infinity) as number[];
    for (let row = 0; row < expect.rows; row++) {
      const slice = values.slice(row * expect.topK, (row + 1) * expect.topK);
      if (slice.some((value, i) => i > 0 && value > slice[i - 1]!)) {
        problems.push(`scores of row ${row} are not in non-increasing order`);
        break;
      }
    }
  }
  return problems;
}

/** Rows the model answers: sessions (by session_id) with at least two events. */
export function sessionsWithTwoEvents(sessionIds: unknown[]): number {
  const counts = new Map<unknown, number>();
  for (const id of sessionIds) counts.set(id, (counts.get(id) ?? 0) + 1);
  return [...counts.values()].filter((count) => count >= 2).length;
}

export function percentile(sorted: number[], p: number): number {
  if (sorted.length === 0) return 0;
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]!;
}
