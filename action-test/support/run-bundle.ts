import { spawn } from 'node:child_process';
import { chmodSync, existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { readManifest, repoRoot } from './action-manifests.js';
import { compileCacheEnv } from './compile-cache-env.js';

/**
 * Where the actions' bundles are: under Jest, those its global set-up built from src/ for this run
 * (action-bundles.mjs); outside Jest (the benchmarks, the demo), the committed dist/ that ships.
 */
export function actionBundleDir(): string {
  const built = process.env.NEXT_ITEM_ACTION_BUNDLES;
  if (built) return built;
  if (process.env.JEST_WORKER_ID)
    throw new Error(
      'NEXT_ITEM_ACTION_BUNDLES is not set: run the tests through jest.config.js, whose global set-up builds the actions from src/.',
    );
  return join(repoRoot, 'dist');
}

export interface BundleRun {
  exitCode: number;
  stdout: string;
  stderr: string;
  outputs: Record<string, string>;
  /** What the step saved for its post step (GITHUB_STATE). */
  state: Record<string, string>;
  summary: string;
  /** Each `az` invocation the bundle made, as its argument line. */
  azCalls: string[];
  errorLines: string[];
}

export interface BundleRunOptions {
  action: string;
  entry?: 'main' | 'post';
  inputs?: Record<string, string>;
  env?: Record<string, string>;
  workspace: string;
  /** Folders put before the tripwire `az` on PATH (an emulator's `az`, say). */
  pathPrefix?: string[];
  timeoutMs?: number;
  /** Sends SIGINT once the step's output so far matches, as the runner does when a workflow is cancelled. */
  interruptWhen?: RegExp;
  /** Sends SIGKILL once the output so far matches: a runner that dies, with no post step. */
  killWhen?: RegExp;
  /** Sends SIGKILL when this settles: a runner that dies at a moment the test picks (crash-trials.ts). */
  killOn?: Promise<unknown>;
  /** Sees the step's output so far after each chunk: a test moves the emulator's clock on at a given line. */
  onOutput?: (stdout: string) => void;
  /** STATE_* values, as the runner gives a post step what its main step saved. */
  state?: Record<string, string>;
}

/** One run's files and environment, laid out as the runner lays them out, before the entry starts. */
interface PreparedRun {
  dir: string;
  entry: string;
  env: NodeJS.ProcessEnv;
  files: { output: string; summary: string; state: string; azLog: string };
}

/**
 * Runs an action's bundle the way the runner does: inputs as INPUT_* with the manifest's defaults filled
 * in, GITHUB_OUTPUT / GITHUB_STEP_SUMMARY / GITHUB_STATE files, and PATH ending in an `az` that only
 * records that it was started, so a test can tell whether a process was spawned.
 */
export async function runBundle(options: BundleRunOptions): Promise<BundleRun> {
  const prepared = prepareRun(options);
  return collectRun(prepared, await runEntry(prepared.entry, prepared.env, options));
}

/**
 * Runs several bundles' entries one after another in one Node process (bundle-batch.mjs), each with its own
 * environment, files and tripwire `az`, as runBundle would run each: for many runs that end before any
 * connection or process, such as input validation, where starting Node per run would cost most of the time.
 * Each entry is the real bundle, imported afresh; its process.exit() ends that run, not the process.
 */
export async function runBundles(runs: BundleRunOptions[]): Promise<BundleRun[]> {
  const prepared = runs.map(prepareRun);
  const dir = mkdtempSync(join(tmpdir(), 'bundle-batch-'));
  const casesFile = join(dir, 'cases.json');
  const resultsFile = join(dir, 'results.json');
  writeFileSync(casesFile, JSON.stringify(prepared.map(({ entry, env }) => ({ entry, env }))));
  // The process starts with next to nothing of Jest's environment: each run gets its own before its entry loads.
  const batch = await runEntry(
    join(import.meta.dirname, 'bundle-batch.mjs'),
    { PATH: '/usr/bin:/bin' },
    {
      workspace: runs[0]!.workspace,
      action: 'batch',
      timeoutMs: runs.reduce((total, run) => total + (run.timeoutMs ?? 30_000), 0),
      args: [casesFile, resultsFile],
    },
  );
  if (!existsSync(resultsFile))
    throw new Error(`bundle-batch.mjs ended with ${batch.exitCode} and no results: ${batch.stderr}`);
  const results = JSON.parse(readFileSync(resultsFile, 'utf8')) as EntryResult[];
  rmSync(dir, { recursive: true, force: true });
  return prepared.map((run, i) => collectRun(run, results[i]!));
}

function prepareRun(options: BundleRunOptions): PreparedRun {
  const dir = mkdtempSync(join(tmpdir(), 'bundle-run-'));
  const files = {
    output: join(dir, 'output'),
    summary: join(dir, 'summary'),
    state: join(dir, 'state'),
    azLog: join(dir, 'az-calls'),
  };
  for (const file of [files.output, files.summary, files.state]) writeFileSync(file, '');
  writeFileSync(
    join(dir, 'az'),
    `#!/bin/sh\necho "$*" >> '${files.azLog}'\necho 'ERROR: tripwire az' >&2\nexit 1\n`,
  );
  chmodSync(join(dir, 'az'), 0o755);

  const manifest = readManifest(options.action);
  const env: NodeJS.ProcessEnv = {
    PATH: [...(options.pathPrefix ?? []), dir, '/usr/bin', '/bin'].join(':'),
    HOME: dir,
    RUNNER_TEMP: dir,
    GITHUB_WORKSPACE: options.workspace,
    GITHUB_OUTPUT: files.output,
    GITHUB_STEP_SUMMARY: files.summary,
    GITHUB_STATE: files.state,
    ...compileCacheEnv(),
    ...options.env,
  };
  for (const [name, value] of Object.entries(options.state ?? {})) env[`STATE_${name}`] = value;
  for (const [name, spec] of Object.entries(manifest.inputs)) {
    const value = options.inputs?.[name] ?? spec.default ?? '';
    env[`INPUT_${name.toUpperCase()}`] = value;
  }
  const entry =
    options.entry === 'post'
      ? join(actionBundleDir(), options.action, 'post', 'index.js')
      : join(actionBundleDir(), options.action, 'index.js');
  return { dir, entry, env, files };
}

type EntryResult = { exitCode: number; stdout: string; stderr: string };

function collectRun({ dir, files }: PreparedRun, result: EntryResult): BundleRun {
  const run: BundleRun = {
    ...result,
    outputs: parseFileCommands(readFileSync(files.output, 'utf8')),
    state: parseFileCommands(readFileSync(files.state, 'utf8')),
    summary: readFileSync(files.summary, 'utf8'),
    azCalls: existsSync(files.azLog) ? readFileSync(files.azLog, 'utf8').trim().split('\n') : [],
    errorLines: result.stdout.split('\n').filter((line) => line.startsWith('::error::')),
  };
  rmSync(dir, { recursive: true, force: true });
  return run;
}

/** Starts the entry as the runner does and collects its output, interrupting or killing it when asked. */
function runEntry(
  entry: string,
  env: NodeJS.ProcessEnv,
  options: BundleRunOptions & { args?: string[] },
): Promise<EntryResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [entry, ...(options.args ?? [])], {
      cwd: options.workspace,
      env,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    let interrupted = false;
    child.stdout.on('data', (chunk: Buffer) => {
      stdout += chunk.toString();
      if (options.interruptWhen && !interrupted && options.interruptWhen.test(stdout)) {
        interrupted = true;
        child.kill('SIGINT');
      }
      if (options.killWhen?.test(stdout)) child.kill('SIGKILL');
      options.onOutput?.(stdout);
    });
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    void options.killOn?.then(() => child.kill('SIGKILL'));
    const timer = setTimeout(() => child.kill('SIGKILL'), options.timeoutMs ?? 30_000);
    child.on('error', reject);
    child.on('close', (code) => {
      clearTimeout(timer);
      resolve({ exitCode: code ?? 1, stdout, stderr });
    });
  });
}

/** Reads `name<<DELIMITER ... DELIMITER` and `name=value` entries of a GITHUB_OUTPUT file. */
export function parseFileCommands(text: string): Record<string, string> {
  const values: Record<string, string> = {};
  const lines = text.split('\n');
  for (let i = 0; i < lines.length; i++) {
    const heredoc = /^([^=<]+)<<(.+)$/.exec(lines[i]!);
    if (heredoc) {
      const end = lines.indexOf(heredoc[2]!, i + 1);
      values[heredoc[1]!] = lines.slice(i + 1, end).join('\n');
      i = end;
    } else if (lines[i]!.includes('=')) {
      const at = lines[i]!.indexOf('=');
      values[lines[i]!.slice(0, at)] = lines[i]!.slice(at + 1);
    }
  }
  return values;
}
