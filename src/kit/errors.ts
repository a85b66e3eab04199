/** An error meant for the person reading the workflow log: what went wrong, and what to do about it. */
export class ActionError extends Error {
  constructor(
    message: string,
    readonly hint?: string,
  ) {
    super(message);
    this.name = 'ActionError';
  }
}

/** A bad input: names the input and what it expects. Raised before anything touches Azure. */
export class InputError extends ActionError {
  constructor(
    readonly input: string,
    problem: string,
    expected: string,
  ) {
    super(`Input '${input}' ${problem}: expected ${expected}.`);
    this.name = 'InputError';
  }
}

/** The one line a failure prints: the message, then the hint when there is one. */
export function describeFailure(error: unknown): string {
  if (error instanceof ActionError) return error.hint ? `${error.message} ${error.hint}` : error.message;
  if (error instanceof Error) return error.message;
  return String(error);
}
