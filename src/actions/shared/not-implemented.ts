import { ActionError } from '../../kit/errors.js';

/** What an action whose behaviour has not landed yet does once its inputs are valid: fail, never pass. */
export function notImplemented(action: string, issue: number): never {
  throw new ActionError(
    `${action}: the inputs are valid, but this action's behaviour is not implemented yet (issue #${issue}).`,
    'Pin an earlier release of next-item-actions that has it, or wait for that issue to land.',
  );
}
