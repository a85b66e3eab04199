import { InputError } from '../../kit/errors.js';
import { quote } from '../../kit/quote.js';

export type Comparison = '>=' | '>' | '<=' | '<';

export interface MetricBar {
  metric: string;
  comparison: Comparison;
  bar: number;
}

/** At most 32 bars, each a metric name (64) with a comparison and a number of at most 32 characters. */
export const METRIC_BAR_LIMITS = { maxItems: 32, maxItemLength: 64 + 4 + 32 };

const BAR = /^([a-z][a-z0-9_@/.-]{0,63})\s*(>=|<=|>|<)\s*(-?\d+(?:\.\d+)?(?:e[-+]?\d+)?)$/i;
const NUMBER_MAX_LENGTH = 32;
/** The training step's ranking metrics: means of per-session values in [0, 1]. */
const RATIO_METRIC = /^(?:ndcg|recall)_at_\d+$/;

const EXPECTED = 'bars such as ndcg_at_20>=0.1,recall_at_20>=0.3 (metric, >= > <= or <, a finite number)';

/**
 * Parses items such as `ndcg_at_20>=0.1` and `recall_at_20>=0.3`. A bar must be a finite number as written
 * (`1e999` is refused, not read as Infinity, and `1e-999` is refused, not read as 0), and an NDCG or recall
 * bar must lie in [0, 1], where those metrics live: outside it the gate could never pass, or never fail.
 */
export function parseMetricBars(input: string, items: string[]): MetricBar[] {
  const bars: MetricBar[] = [];
  for (const item of items) {
    const match = BAR.exec(item);
    if (!match) throw new InputError(input, `has ${quote(item)}`, EXPECTED);
    const [, metric, comparison, text] = match as unknown as [string, string, Comparison, string];
    const bar = Number(text);
    if (
      text.length > NUMBER_MAX_LENGTH ||
      !Number.isFinite(bar) ||
      (bar === 0 && /[1-9]/.test(text.split(/e/i)[0]!))
    ) {
      throw new InputError(
        input,
        `has ${quote(item)}, whose bar is not a finite number of at most 32 characters`,
        EXPECTED,
      );
    }
    if (RATIO_METRIC.test(metric.toLowerCase()) && (bar < 0 || bar > 1)) {
      throw new InputError(
        input,
        `has ${quote(item)}, a bar outside [0, 1] where ${metric} lies`,
        `${EXPECTED}; NDCG and recall bars from 0 to 1`,
      );
    }
    bars.push({ metric, comparison, bar });
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
