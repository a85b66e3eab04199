/** A compact latency distribution (what smoke-score outputs) and its Mermaid bar chart (what summaries show). */
export interface LatencyHistogram {
  /** Width of each bin in milliseconds; bin i holds latencies in [i*binMs, (i+1)*binMs). */
  binMs: number;
  counts: number[];
}

const MAX_BINS = 12;

/** 1, 2 or 5 times a power of ten: bin edges a person reads without arithmetic. */
function niceStep(raw: number): number {
  const power = 10 ** Math.floor(Math.log10(raw));
  return ([1, 2, 5, 10].map((f) => f * power).find((step) => step >= raw) ?? 10 * power) || 1;
}

export function latencyHistogram(latencies: number[]): LatencyHistogram {
  if (!latencies.length) return { binMs: 1, counts: [] };
  const max = Math.max(...latencies);
  const binMs = niceStep(Math.max(max, 1e-3) / MAX_BINS);
  const counts = new Array<number>(Math.floor(max / binMs) + 1).fill(0);
  for (const value of latencies) counts[Math.floor(value / binMs)]!++;
  return { binMs: Number(binMs.toPrecision(6)), counts };
}

/** The histogram as an action output: `{"bin_ms":5,"counts":[0,3,12]}`. */
export function histogramOutput(histogram: LatencyHistogram): string {
  return JSON.stringify({ bin_ms: histogram.binMs, counts: histogram.counts });
}

/** The output read back; anything malformed (a job that did not run) gives undefined, not an error. */
export function parseHistogram(text: string | undefined): LatencyHistogram | undefined {
  if (!text) return undefined;
  try {
    const { bin_ms: binMs, counts } = JSON.parse(text) as { bin_ms?: unknown; counts?: unknown };
    if (typeof binMs !== 'number' || !(binMs > 0) || !Array.isArray(counts) || counts.length > 1000)
      return undefined;
    if (!counts.every((count) => Number.isInteger(count) && count >= 0)) return undefined;
    return { binMs, counts: counts as number[] };
  } catch {
    return undefined;
  }
}

/** A Mermaid `xychart-beta` of the distribution, one bar per bin, labelled by its range in ms. */
export function latencyChart(histogram: LatencyHistogram, title = 'Smoke-test latency'): string {
  if (!histogram.counts.length) return '';
  const edge = (i: number) => Number((i * histogram.binMs).toPrecision(6));
  const labels = histogram.counts.map((_, i) => `"${edge(i)}-${edge(i + 1)}"`);
  const top = Math.max(...histogram.counts, 1);
  return [
    '```mermaid',
    'xychart-beta',
    `  title "${title}"`,
    `  x-axis "latency (ms)" [${labels.join(', ')}]`,
    `  y-axis "requests" 0 --> ${top}`,
    `  bar [${histogram.counts.join(', ')}]`,
    '```',
  ].join('\n');
}
