import { describe, expect, it } from '@jest/globals';
import { championGate } from '../../src/actions/register-model/champion-gate.js';
import { parseTrainingMetrics } from '../../src/actions/shared/ml-outputs.js';

/** metrics.json as train.py writes it with --champion (pipeline/components/train/src/metrics_file.py). */
const METRICS_JSON = JSON.stringify({
  ndcg_at_20: 0.21,
  recall_at_20: 0.44,
  popularity_baseline: { ndcg_at_20: 0.09, recall_at_20: 0.2 },
  transition_baseline: { ndcg_at_20: 0.18, recall_at_20: 0.35 },
  served: { ndcg_at_20: 0.2, recall_at_20: 0.41 },
  champion: { ndcg_at_20: 0.203, recall_at_20: 0.4 },
  hyperparameters: { d_model: 64 },
  train_days: ['2024-01-01'],
  eval_days: ['2024-01-02'],
});

describe('parseTrainingMetrics with a champion', () => {
  it('reads served, champion and both baselines as references, and none of them as model metrics', () => {
    const parsed = parseTrainingMetrics(METRICS_JSON, 'metrics.json');
    expect(parsed.model).toEqual({ ndcg_at_20: 0.21, recall_at_20: 0.44 });
    expect(Object.keys(parsed.references)).toEqual([
      'served',
      'champion',
      'transition_baseline',
      'popularity_baseline',
    ]);
    expect(parsed.references.champion).toEqual({ ndcg_at_20: 0.203, recall_at_20: 0.4 });
    expect(parsed.baseline).toEqual({ ndcg_at_20: 0.09, recall_at_20: 0.2 });
  });
});

describe('championGate', () => {
  const { references } = parseTrainingMetrics(METRICS_JSON, 'metrics.json');

  it('compares the new model as served with the champion, within the tolerance', () => {
    const rows = championGate(references, { metrics: ['ndcg_at_20', 'recall_at_20'], tolerance: 0.005 });
    expect(rows).toEqual([
      { metric: 'ndcg_at_20', value: 0.2, bar: '≥ 0.203 - 0.005 (champion)', passed: true },
      { metric: 'recall_at_20', value: 0.41, bar: '≥ 0.4 - 0.005 (champion)', passed: true },
    ]);
  });

  it('refuses a model below the champion by more than the tolerance', () => {
    const [ndcg] = championGate(references, { metrics: ['ndcg_at_20'], tolerance: 0 });
    expect(ndcg).toMatchObject({ value: 0.2, bar: '≥ 0.203 (champion)', passed: false });
  });

  it('fails a metric the champion or the new model did not write', () => {
    expect(championGate(references, { metrics: ['ndcg_at_40'], tolerance: 0.01 })).toEqual([
      { metric: 'ndcg_at_40', value: undefined, bar: '≥ champion (not written)', passed: false },
    ]);
  });

  it('passes the first model, which has no champion, and says why', () => {
    const first = parseTrainingMetrics(JSON.stringify({ ndcg_at_20: 0.2 }), 'metrics.json');
    expect(championGate(first.references, { metrics: ['ndcg_at_20'], tolerance: 0 })).toEqual([
      { metric: 'ndcg_at_20', value: undefined, bar: '≥ champion (no champion: first model)', passed: true },
    ]);
  });
});
