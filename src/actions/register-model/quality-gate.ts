import { markdownTable } from '../../kit/markdown.js';
import { meetsBar, type MetricBar } from './quality-bar.js';

export interface GateRow {
  metric: string;
  value: number | undefined;
  bar: string;
  passed: boolean;
}

/** Each bar, and each metric that must beat the popularity baseline, checked against the job's metrics. */
export function qualityGate(
  metrics: Record<string, number>,
  baseline: Record<string, number>,
  bars: MetricBar[],
  beatBaseline: string[],
): GateRow[] {
  const rows: GateRow[] = bars.map((bar) => {
    const value = metrics[bar.metric];
    return {
      metric: bar.metric,
      value,
      bar: `${bar.comparison} ${bar.bar}`,
      passed: value !== undefined && meetsBar(value, bar),
    };
  });
  for (const metric of beatBaseline) {
    const value = metrics[metric];
    const reference = baseline[metric];
    rows.push({
      metric,
      value,
      bar:
        reference === undefined
          ? '> popularity baseline (not written)'
          : `> ${reference} (popularity baseline)`,
      passed: value !== undefined && reference !== undefined && value > reference,
    });
  }
  return rows;
}

export function gateTable(rows: GateRow[]): string {
  return markdownTable(
    ['metric', 'value', 'bar', ''],
    rows.map((row) => [
      row.metric,
      row.value === undefined ? 'not logged' : String(row.value),
      row.bar,
      row.passed ? '✅' : '❌',
    ]),
  );
}
