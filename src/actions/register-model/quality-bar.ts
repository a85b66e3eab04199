import { InputError } from '../../kit/errors.js';

export type Comparison = '>=' | '>' | '<=' | '<';

export interface MetricBar {
  metric: string;
  comparison: Comparison;
  bar: number;
}

const BAR = /^([a-z][a-z0-9_@/.-]*)\s*(>=|<=|>|<)\s*(-?\d+(?:\.\d+)?(?:e-?\d+)?)$/i;

/** Parses items such as `ndcg_at_20>=0.1` and `recall_at_20>=0.3`. */
export function parseMetricBars(input: string, items: string[]): MetricBar[] {
  const bars: MetricBar[] = [];
  for (const item of items) {
    const match = BAR.exec(item);
    if (!match) {
      throw new InputError(
        input,
        `has '${item}'`,
        'bars such as ndcg_at_20>=0.1,recall_at_20>=0.3 (metric, >= > <= or <, a number)',
      );
    }
    bars.push({ metric: match[1]!, comparison: match[2] as Comparison, bar: Number(match[3]) });
  }
  return bars;
}

export function meetsBar(value: number, bar: MetricBar): boolean {
  switch (bar.comparison) {
    case '>=':
      return value >= bar.bar;
    case '>':
      return value > bar.bar;
    case '<=':
      return value <= bar.bar;
    case '<':
      return value < bar.bar;
  }
}
