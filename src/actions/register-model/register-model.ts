import { notImplemented } from '../shared/not-implemented.js';
import type { RegisterModelInputs } from './inputs.js';

export async function registerModel(_inputs: RegisterModelInputs): Promise<void> {
  notImplemented('register-model', 5);
}
