import { describe, expect, it } from '@jest/globals';
import { metricsTable } from '../../src/actions/submit-pipeline/job-summary.js';

describe('metricsTable', () => {
  it('shows the model, the champion and both baselines side by side, each with the margin over it', () => {
    const table = metricsTable({
      ndcg_at_20: 0.21,
      recall_at_40: 0.6,
      served: { ndcg_at_20: 0.2 },
      champion: { ndcg_at_20: 0.203 },
      transition_baseline: { ndcg_at_20: 0.18, recall_at_40: 0.5 },
      popularity_baseline: { ndcg_at_20: 0.09, recall_at_40: 0.45 },
    });
    const lines = table.trim().split('\n');
    expect(lines[0]).toBe(
      '| metric | model | new model, served | champion | transition baseline | popularity baseline |',
    );
    // The champion's margin is the served model's (0.2 - 0.203), the baselines' the model's.
    expect(lines[2]).toBe(
      '| ndcg_at_20 | 0.2100 | 0.2000 | 0.2030 (−0.0030) | 0.1800 (+0.0300) | 0.0900 (+0.1200) |',
    );
    expect(lines[3]).toBe('| recall_at_40 | 0.6000 |  |  | 0.5000 (+0.1000) | 0.4500 (+0.1500) |');
    expect(lines.at(-1)).toBe(
      "In brackets: the new model's margin over each reference (over the champion: as served), on the same evaluation sessions.",
    );
  });

  it('without a champion, shows the baselines only', () => {
    const table = metricsTable({ ndcg_at_20: 0.21, popularity_baseline: { ndcg_at_20: 0.09 } });
    expect(table).toContain('| metric | model | popularity baseline |');
    expect(table).toContain('| ndcg_at_20 | 0.2100 | 0.0900 (+0.1200) |');
    expect(table).not.toContain('champion');
  });
});
