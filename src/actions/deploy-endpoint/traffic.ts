import { InputError } from '../../kit/errors.js';
import { NAME_RULES } from '../../kit/names.js';
import { quote } from '../../kit/quote.js';

/** Traffic for the new deployment: a share (`10`), or the whole split (`blue=90,green=10`). */
export type TrafficRequest =
  { kind: 'share'; percent: number } | { kind: 'split'; split: Record<string, number> };

export function parseTraffic(input: string, items: string[]): TrafficRequest {
  const expected = 'a percentage for the new deployment (0-100), or deployment=percent pairs that sum to 100';
  if (items.length === 0) return { kind: 'share', percent: 0 };
  if (items.length === 1 && /^\d+$/.test(items[0]!)) {
    const percent = Number(items[0]);
    if (percent > 100) throw new InputError(input, `is ${percent}`, expected);
    return { kind: 'share', percent };
  }
  const split: Record<string, number> = {};
  for (const item of items) {
    const match = /^([^=\s]+)\s*=\s*(\d+)$/.exec(item);
    if (!match || !NAME_RULES.deployment.pattern.test(match[1]!))
      throw new InputError(input, `has ${quote(item)}`, expected);
    split[match[1]!] = Number(match[2]);
  }
  const total = Object.values(split).reduce((sum, value) => sum + value, 0);
  if (total !== 100) throw new InputError(input, `sums to ${total}`, expected);
  return { kind: 'split', split };
}
