import type { ProcessResult, ProcessRunner } from '../../src/azure/process-runner.js';

export interface ScriptedCall {
  /** The leading arguments this step answers. */
  match: string[];
  exitCode?: number;
  stdout?: string;
  stderr?: string;
}

/** A ProcessRunner that answers from a script, in order of first match, and records every call. */
export function scriptedRunner(script: ScriptedCall[]): { runner: ProcessRunner; calls: string[][] } {
  const calls: string[][] = [];
  const remaining = [...script];
  const runner: ProcessRunner = {
    run: async (_command, args): Promise<ProcessResult> => {
      calls.push([...args]);
      const index = remaining.findIndex((step) => step.match.every((word, i) => args[i] === word));
      if (index < 0)
        return { exitCode: 2, stdout: '', stderr: `ERROR: unexpected call: ${args.slice(0, 3).join(' ')}` };
      const [step] = remaining.splice(index, 1);
      return { exitCode: step!.exitCode ?? 0, stdout: step!.stdout ?? '', stderr: step!.stderr ?? '' };
    },
  };
  return { runner, calls };
}
