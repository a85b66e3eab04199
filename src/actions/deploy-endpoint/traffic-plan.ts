import type { Traffic } from '../../azure/ml/endpoints.js';
import type { TrafficRequest } from './traffic.js';

/**
 * Live traffic after a new deployment: unchanged at a 0% share; with a share above 0 the others keep their
 * proportions of what is left (largest remainders, so the whole is always 100); a split is taken as given.
 */
export function trafficWithNewDeployment(before: Traffic, name: string, request: TrafficRequest): Traffic {
  if (request.kind === 'split') return { ...request.split };
  const live = Object.entries(before).filter(([, share]) => share > 0);
  if (request.percent === 0) return Object.fromEntries(live);
  if (live.length === 0 || request.percent === 100) return { [name]: 100 };
  const rest = 100 - request.percent;
  const total = live.reduce((sum, [, share]) => sum + share, 0);
  const exact = live.map(([deployment, share]) => ({ deployment, value: (share / total) * rest }));
  const result: Traffic = Object.fromEntries(
    exact.map(({ deployment, value }) => [deployment, Math.floor(value)]),
  );
  let missing = rest - Object.values(result).reduce((sum, share) => sum + share, 0);
  for (const { deployment } of [...exact].sort((a, b) => (b.value % 1) - (a.value % 1))) {
    if (missing-- <= 0) break;
    result[deployment]! += 1;
  }
  return { ...result, [name]: request.percent };
}

export function describeTraffic(traffic: Traffic): string {
  const entries = Object.entries(traffic).filter(([, share]) => share > 0);
  return entries.length ? entries.map(([name, share]) => `${name} ${share}%`).join(', ') : 'none';
}
