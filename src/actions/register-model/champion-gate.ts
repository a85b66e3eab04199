import type { TrainingMetrics } from '../shared/ml-outputs.js';
import type { GateRow } from './quality-gate.js';

export interface ChampionGateRule {
  metrics: string[];
  /** How far below the champion the new model may be and still pass (absolute, e.g. 0.005). */
  tolerance: number;
}

/**
 * The new model against the live one on the same sessions, both as Triton serves them (metrics.json's `served`
 * and `champion`, written by train.py when it was given the live model): passes when served >= champion -
 * tolerance. With no champion written (no live model yet) every row passes and says so: the first model has
 * nothing to beat.
 */
export function championGate(references: TrainingMetrics['references'], rule: ChampionGateRule): GateRow[] {
  const champion = references.champion ?? {};
  const served = references.served ?? {};
  const noChampion = Object.keys(champion).length === 0;
  return rule.metrics.map((metric) => {
    const value = served[metric];
    const reference = champion[metric];
    if (noChampion) return { metric, value, bar: '≥ champion (no champion: first model)', passed: true };
    const floor = reference === undefined ? undefined : reference - rule.tolerance;
    return {
      metric,
      value,
      bar:
        reference === undefined
          ? '≥ champion (not written)'
          : `≥ ${reference}${rule.tolerance ? ` - ${rule.tolerance}` : ''} (champion)`,
      passed: value !== undefined && floor !== undefined && value >= floor,
    };
  });
}
