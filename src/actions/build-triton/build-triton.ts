import { notImplemented } from '../shared/not-implemented.js';
import type { BuildTritonInputs } from './inputs.js';

export async function buildTriton(_inputs: BuildTritonInputs): Promise<void> {
  notImplemented('build-triton', 5);
}
