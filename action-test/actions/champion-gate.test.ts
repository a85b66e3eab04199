import { describe, expect, it } from '@jest/globals';
import { championGate, splitLoggedMetrics } from '../../src/actions/register-model/champion-gate.js';

const LOGGED = {
  ndcg_at_20: 0.21,
  recall_at_20: 0.44,
  baseline_ndcg_at_20: 0.09,
  served_ndcg_at_20: 0.2,
  served_recall_at_20: 0.41,
  champion_ndcg_at_20: 0.203,
  champion_recall_at_20: 0.4,
};

describe('splitLoggedMetrics', () => {
  it("sorts the train step's MLflow metrics by prefix", () => {
    expect(splitLoggedMetrics(LOGGED)).toEqual({
      model: { ndcg_at_20: 0.21, recall_at_20: 0.44 },
      baseline: { ndcg_at_20: 0.09 },
      served: { ndcg_at_20: 0.2, recall_at_20: 0.41 },
      champion: { ndcg_at_20: 0.203, recall_at_20: 0.4 },
    });
  });
});

describe('championGate', () => {
  const logged = splitLoggedMetrics(LOGGED);

  it('compares the new model as served with the champion, within the tolerance', () => {
    const rows = championGate(logged, { metrics: ['ndcg_at_20', 'recall_at_20'], tolerance: 0.005 });
    expect(rows).toEqual([
      { metric: 'ndcg_at_20', value: 0.2, bar: '≥ 0.203 - 0.005 (champion)', passed: true },
      { metric: 'recall_at_20', value: 0.41, bar: '≥ 0.4 - 0.005 (champion)', passed: true },
    ]);
  });

  it('refuses a model below the champion by more than the tolerance', () => {
    const [ndcg] = championGate(logged, { metrics: ['ndcg_at_20'], tolerance: 0 });
    expect(ndcg).toMatchObject({ value: 0.2, bar: '≥ 0.203 (champion)', passed: false });
  });

  it('fails a metric the champion or the new model did not log', () => {
    const rows = championGate(logged, { metrics: ['ndcg_at_40'], tolerance: 0.01 });
    expect(rows).toEqual([
      { metric: 'ndcg_at_40', value: undefined, bar: '≥ champion (not written)', passed: false },
    ]);
  });

  it('passes the first model, which has no champion, and says why', () => {
    const first = splitLoggedMetrics({ ndcg_at_20: 0.2, baseline_ndcg_at_20: 0.1 });
    expect(championGate(first, { metrics: ['ndcg_at_20'], tolerance: 0 })).toEqual([
      { metric: 'ndcg_at_20', value: undefined, bar: '≥ champion (no champion: first model)', passed: true },
    ]);
  });
});
