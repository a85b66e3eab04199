import { ActionError } from './errors.js';

export class CancelledError extends ActionError {
  constructor(signalName: string) {
    super(`Cancelled by ${signalName}.`);
    this.name = 'CancelledError';
  }
}

/**
 * An AbortSignal that fires when the runner cancels the step. The runner sends SIGINT, then SIGTERM
 * 7.5 s later, then kills the process tree: work in flight gets those seconds to clean up remote state.
 */
export function abortOnTermination(target: NodeJS.Process = process): {
  signal: AbortSignal;
  dispose(): void;
} {
  const controller = new AbortController();
  const handlers = (['SIGINT', 'SIGTERM'] as const).map((name) => {
    const handler = () => controller.abort(new CancelledError(name));
    target.on(name, handler);
    return [name, handler] as const;
  });
  return {
    signal: controller.signal,
    dispose: () => handlers.forEach(([name, handler]) => target.off(name, handler)),
  };
}

/** Runs `work` with a signal that fires when the runner cancels the step, and stops listening afterwards. */
export async function withTermination<T>(work: (signal: AbortSignal) => Promise<T>): Promise<T> {
  const termination = abortOnTermination();
  try {
    return await work(termination.signal);
  } finally {
    termination.dispose();
  }
}
