import type { GateRow } from './quality-gate.js';

/** What the train step logs to MLflow, by prefix: the model's own metrics, and each reference it was scored beside. */
export interface LoggedMetrics {
  model: Record<string, number>;
  /** Popularity baseline (`baseline_*`). */
  baseline: Record<string, number>;
  /** The new model as served by Triton (`served_*`), logged only when a champion was given. */
  served: Record<string, number>;
  /** The live model on the same sessions (`champion_*`). */
  champion: Record<string, number>;
}

const PREFIXES = { baseline: 'baseline_', served: 'served_', champion: 'champion_' } as const;

export function splitLoggedMetrics(logged: Record<string, number>): LoggedMetrics {
  const split: LoggedMetrics = { model: {}, baseline: {}, served: {}, champion: {} };
  for (const [key, value] of Object.entries(logged)) {
    const found = (Object.entries(PREFIXES) as Array<[keyof typeof PREFIXES, string]>).find(([, prefix]) =>
      key.startsWith(prefix),
    );
    if (found) split[found[0]][key.slice(found[1].length)] = value;
    else split.model[key] = value;
  }
  return split;
}

export interface ChampionGateRule {
  metrics: string[];
  /** How far below the champion the new model may be and still pass (absolute, e.g. 0.005). */
  tolerance: number;
}

/**
 * The new model against the live one on the same sessions, both as Triton serves them (train.py --champion):
 * passes when served >= champion - tolerance. With no champion logged (no live model yet, or no champion given)
 * every row passes and says so: the first model has nothing to beat.
 */
export function championGate(logged: LoggedMetrics, rule: ChampionGateRule): GateRow[] {
  const noChampion = Object.keys(logged.champion).length === 0;
  return rule.metrics.map((metric) => {
    const value = logged.served[metric];
    const champion = logged.champion[metric];
    if (noChampion) return { metric, value, bar: '≥ champion (no champion: first model)', passed: true };
    const floor = champion === undefined ? undefined : champion - rule.tolerance;
    return {
      metric,
      value,
      bar:
        champion === undefined
          ? '≥ champion (not written)'
          : `≥ ${champion}${rule.tolerance ? ` - ${rule.tolerance}` : ''} (champion)`,
      passed: value !== undefined && floor !== undefined && value >= floor,
    };
  });
}
