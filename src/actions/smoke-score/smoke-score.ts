import { notImplemented } from '../shared/not-implemented.js';
import type { SmokeScoreInputs } from './inputs.js';

export async function smokeScore(_inputs: SmokeScoreInputs): Promise<void> {
  notImplemented('smoke-score', 6);
}
