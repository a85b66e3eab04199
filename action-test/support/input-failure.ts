import { InputError } from '../../src/kit/errors.js';
import { Inputs } from '../../src/kit/inputs.js';

/** Inputs read from a plain record, trimmed as the runner trims them. */
export const inputs = (values: Record<string, string>): Inputs =>
  new Inputs((name) => (values[name] ?? '').trim());

/** The InputError `fn` throws; any other outcome fails the test. */
export function failure(fn: () => unknown): InputError {
  try {
    fn();
  } catch (error) {
    if (error instanceof InputError) return error;
    throw error;
  }
  throw new Error('expected an InputError');
}
