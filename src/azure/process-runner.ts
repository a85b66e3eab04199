import { spawn } from 'node:child_process';

export interface ProcessResult {
  exitCode: number;
  stdout: string;
  stderr: string;
}

export interface RunOptions {
  signal?: AbortSignal;
  env?: NodeJS.ProcessEnv;
  cwd?: string;
  /** Called with each chunk of output as it arrives, for live logs of long commands. */
  onOutput?: (chunk: string, stream: 'stdout' | 'stderr') => void;
}

/** Runs a program with an argument array: never through a shell, so no argument is ever re-parsed. */
export interface ProcessRunner {
  run(command: string, args: readonly string[], options?: RunOptions): Promise<ProcessResult>;
}

export const spawnRunner: ProcessRunner = {
  run: (command, args, options = {}) =>
    new Promise((resolve, reject) => {
      const child = spawn(command, args, {
        stdio: ['ignore', 'pipe', 'pipe'],
        env: options.env ?? process.env,
        cwd: options.cwd,
        signal: options.signal,
      });
      const out: Record<'stdout' | 'stderr', string[]> = { stdout: [], stderr: [] };
      for (const stream of ['stdout', 'stderr'] as const) {
        child[stream].setEncoding('utf8');
        child[stream].on('data', (chunk: string) => {
          out[stream].push(chunk);
          options.onOutput?.(chunk, stream);
        });
      }
      child.on('error', reject);
      child.on('close', (code, signal) =>
        resolve({
          exitCode: code ?? (signal ? 128 : 1),
          stdout: out.stdout.join(''),
          stderr: out.stderr.join(''),
        }),
      );
    }),
};
