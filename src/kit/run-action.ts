import { describeFailure } from './errors.js';
import { reportFailure } from './runner-protocol.js';

/**
 * The one error path of every entry point: a thrown error becomes a single `::error::` line with its hint,
 * and the process ends as soon as the work is done, so a stray timer or socket cannot keep a step alive.
 */
export async function runAction(body: () => Promise<void>): Promise<void> {
  try {
    await body();
  } catch (error) {
    reportFailure(describeFailure(error));
  }
  process.exit();
}
