import { markdownTable } from '../../kit/markdown.js';

export interface MetricRow {
  metric: string;
  model: number;
  /** The new model as Triton serves it, and the live model (the champion) scored the same way, when written. */
  served?: number;
  champion?: number;
  baselines: Record<string, number>;
}

type Block = Record<string, unknown>;
const isBlock = (value: unknown): value is Block => !!value && typeof value === 'object';
const numberIn = (block: unknown, metric: string): number | undefined => {
  const value = isBlock(block) ? block[metric] : undefined;
  return typeof value === 'number' && Number.isFinite(value) ? value : undefined;
};

/**
 * The model's numeric metrics with, for each, the champion (metrics.json's `champion`, beside `served`: the two
 * models as Triton serves them, on the same sessions) and each baseline's value of the same metric.
 */
export function metricRows(metrics: Record<string, unknown>): MetricRow[] {
  const baselines = Object.entries(metrics).filter(
    (entry): entry is [string, Block] => entry[0].endsWith('_baseline') && isBlock(entry[1]),
  );
  return Object.entries(metrics)
    .filter((entry): entry is [string, number] => typeof entry[1] === 'number' && Number.isFinite(entry[1]))
    .map(([metric, model]) => {
      const row: MetricRow = {
        metric,
        model,
        baselines: Object.fromEntries(
          baselines
            .map(([name, values]) => [name.replace(/_baseline$/, ''), numberIn(values, metric)] as const)
            .filter((entry): entry is [string, number] => entry[1] !== undefined),
        ),
      };
      const served = numberIn(metrics.served, metric);
      const champion = numberIn(metrics.champion, metric);
      if (champion !== undefined) Object.assign(row, { served, champion });
      return row;
    });
}

const delta = (model: number, base: number) =>
  `${base} (${model - base >= 0 ? '+' : ''}${(model - base).toFixed(4)}${base ? `, ${(((model - base) / base) * 100).toFixed(0)}%` : ''})`;

/** One bar chart per metric (Mermaid `xychart-beta`, which GitHub renders): the model beside the champion and each baseline. */
export function metricCharts(rows: MetricRow[]): string {
  return rows
    .map((row) => {
      const bars: Array<[string, number]> = [
        ['model', row.model],
        ...(row.champion === undefined ? [] : [['champion', row.champion] as [string, number]]),
        ...Object.entries(row.baselines),
      ];
      const top = Math.max(...bars.map(([, value]) => value)) * 1.1 || 1;
      return [
        '```mermaid',
        'xychart-beta',
        `  title "${row.metric}"`,
        `  x-axis [${bars.map(([name]) => `"${name}"`).join(', ')}]`,
        `  y-axis "${row.metric}" 0 --> ${Number(top.toPrecision(3))}`,
        `  bar [${bars.map(([, value]) => value).join(', ')}]`,
        '```',
      ].join('\n');
    })
    .join('\n\n');
}

/**
 * The table and charts of the run report: model, champion and baselines side by side, with deltas. The champion's
 * delta is against the new model as served (the same path, both through Triton), since the model's own metric
 * comes from the trainer's evaluation; each baseline's is against the model's metric, as they were computed with it.
 */
export function metricsSection(metrics: Record<string, unknown>): string[] {
  const rows = metricRows(metrics);
  if (!rows.length) return [];
  const baselineNames = [...new Set(rows.flatMap((row) => Object.keys(row.baselines)))];
  const withChampion = rows.some((row) => row.champion !== undefined);
  const championColumns = withChampion ? ['new model, served', 'champion (Δ)'] : [];
  return [
    withChampion ? '### Model against the champion and the baselines' : '### Model against the baselines',
    '',
    markdownTable(
      ['metric', 'model', ...championColumns, ...baselineNames.map((name) => `${name} baseline (Δ)`)],
      rows.map((row) => [
        row.metric,
        String(row.model),
        ...(withChampion ? championCells(row) : []),
        ...baselineNames.map((name) =>
          row.baselines[name] === undefined ? '—' : delta(row.model, row.baselines[name]!),
        ),
      ]),
    ),
    metricCharts(rows),
    '',
  ];
}

function championCells(row: MetricRow): string[] {
  if (row.champion === undefined) return ['—', '—'];
  if (row.served === undefined) return ['—', String(row.champion)];
  return [String(row.served), delta(row.served, row.champion)];
}
