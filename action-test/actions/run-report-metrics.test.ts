import { describe, expect, it } from '@jest/globals';
import { metricCharts, metricRows, metricsSection } from '../../src/actions/run-report/metrics-section.js';

/** metrics.json of a run given a champion (train.py with --champion): served and champion at 20 only. */
const WITH_CHAMPION = {
  ndcg_at_20: 0.39,
  ndcg_at_40: 0.4,
  popularity_baseline: { ndcg_at_20: 0.02, ndcg_at_40: 0.03 },
  transition_baseline: { ndcg_at_20: 0.38, ndcg_at_40: 0.39 },
  served: { ndcg_at_20: 0.389 },
  champion: { ndcg_at_20: 0.3 },
  champion_model: 'an older model',
};

describe("the run report's metrics", () => {
  it('puts the champion beside the model and the baselines, where metrics.json has one', () => {
    expect(metricRows(WITH_CHAMPION)).toEqual([
      {
        metric: 'ndcg_at_20',
        model: 0.39,
        served: 0.389,
        champion: 0.3,
        baselines: { popularity: 0.02, transition: 0.38 },
      },
      { metric: 'ndcg_at_40', model: 0.4, baselines: { popularity: 0.03, transition: 0.39 } },
    ]);
  });

  it('tabulates model, champion, transition and popularity side by side with deltas', () => {
    const section = metricsSection(WITH_CHAMPION).join('\n');
    expect(section).toContain('### Model against the champion and the baselines');
    expect(section).toContain(
      '| metric | model | new model, served | champion (Δ) | popularity baseline (Δ) | transition baseline (Δ) |',
    );
    // The champion is compared with the new model as served: both went through Triton on the same sessions.
    expect(section).toContain(
      '| ndcg_at_20 | 0.39 | 0.389 | 0.3 (+0.0890, 30%) | 0.02 (+0.3700, 1850%) | 0.38 (+0.0100, 3%) |',
    );
    expect(section).toContain('| ndcg_at_40 | 0.4 | — | — | 0.03 (+0.3700, 1233%) | 0.39 (+0.0100, 3%) |');
    expect(metricCharts(metricRows(WITH_CHAMPION))).toContain(
      '  x-axis ["model", "champion", "popularity", "transition"]\n  y-axis "ndcg_at_20" 0 --> 0.429\n  bar [0.39, 0.3, 0.02, 0.38]',
    );
  });

  it('has no champion columns when no champion was scored, and no section without metrics', () => {
    const { served: _served, champion: _champion, ...plain } = WITH_CHAMPION;
    const section = metricsSection(plain).join('\n');
    expect(section).toContain('### Model against the baselines\n');
    expect(section).not.toContain('champion');
    expect(metricsSection({})).toEqual([]);
  });
});
