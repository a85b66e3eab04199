import { systemClock, type Clock } from '../kit/clock.js';
import { ActionError } from '../kit/errors.js';
import { federatedAudience, type CloudName } from './clouds.js';
import type { ProcessRunner, RunOptions } from './process-runner.js';
import { backoffDelay } from './retry-policy.js';

/** A failed `az` call: the CLI's own `(Code) message`, and the subcommand without its arguments. */
export class AzCliError extends ActionError {
  constructor(
    readonly command: string,
    readonly exitCode: number,
    readonly code: string | undefined,
    readonly cliMessage: string,
    /** How many times the command ran, when it was retried. */
    readonly attempts?: number,
  ) {
    super(
      `az ${command} failed${attempts ? ` after ${attempts} attempt(s)` : ''} (exit ${exitCode})${code ? `: (${code})` : ':'} ${cliMessage}`,
      hintFor(exitCode, cliMessage),
    );
    this.name = 'AzCliError';
  }
}

function hintFor(exitCode: number, message: string): string | undefined {
  if (/AADSTS700024/.test(message))
    return 'The federated token expired: give the job id-token: write so the action can log in again.';
  if (/Please run 'az login'|az login/.test(message))
    return 'Run azure/login before this step, or give client-id and tenant-id with id-token: write.';
  if (exitCode === 2)
    return 'The installed Azure CLI did not accept these arguments: update the CLI and its ml extension.';
  return undefined;
}

/** Parses the CLI's `ERROR: (Code) message` (the code is optional) from stderr. */
export function parseCliError(stderr: string): { code?: string; message: string } {
  const line = stderr.split(/\r?\n/).find((text) => text.startsWith('ERROR:'));
  const text = (line ?? stderr.trim().split(/\r?\n/).slice(-1)[0] ?? '').replace(/^ERROR:\s*/, '');
  const match = /^\(([^)]+)\)\s*(.*)$/.exec(text);
  return match ? { code: match[1], message: match[2] || text } : { message: text || 'no error output' };
}

export interface FederatedLogin {
  clientId: string;
  tenantId: string;
  /** Asks GitHub for a fresh OIDC ID token for this audience. */
  getIdToken: (audience: string) => Promise<string>;
  /** Log in again when the last login is older than this: a federated login cannot refresh itself. */
  maxAgeMs?: number;
  /** Logins in all when Entra fails transiently, the first included; each presents a new ID token. */
  attempts?: number;
  random?: () => number;
}

/**
 * Entra failing the exchange behind `az login` in a way that may pass: AADSTS90033 (transient error),
 * 90055 (throttled), a 5xx, or the connection dropping (the requests library's wording).
 */
export function isTransientLoginFailure(stderr: string): boolean {
  return /AADSTS(90033|90055|50033)|temporarily_unavailable|server_error|Connection aborted|ConnectionResetError|Max retries exceeded|Read timed out/i.test(
    stderr,
  );
}

export interface AzCliOptions {
  runner: ProcessRunner;
  clock?: Clock;
  cloud?: CloudName;
  login?: FederatedLogin;
  secret?: (value: string) => void;
  debug?: (line: string) => void;
}

/**
 * The Azure CLI, for what only it does well (compiling and uploading pipeline YAML, remote image builds).
 * Arguments are arrays, output is JSON, and with GitHub OIDC the CLI's login is renewed before it goes stale.
 */
export class AzCli {
  private readonly clock: Clock;
  private lastLogin: number | undefined;
  private cloudSet = false;
  /** Counts `az` processes started: benchmarks read it. */
  processCount = 0;

  constructor(private readonly options: AzCliOptions) {
    this.clock = options.clock ?? systemClock;
  }

  /** Runs `az ARGS -o json` and parses what it prints. */
  async json<T>(args: readonly string[], options: RunOptions = {}): Promise<T> {
    const { stdout } = await this.run([...args, '--output', 'json'], options);
    try {
      return (stdout.trim() ? JSON.parse(stdout) : undefined) as T;
    } catch {
      throw new AzCliError(
        describe(args),
        0,
        'InvalidOutput',
        `printed something that is not JSON: ${stdout.slice(0, 200)}`,
      );
    }
  }

  /** Runs `az ARGS`; a non-zero exit becomes an AzCliError. A stale federated login is renewed once and retried. */
  async run(args: readonly string[], options: RunOptions = {}): Promise<{ stdout: string; stderr: string }> {
    await this.ensureFreshLogin(options.signal);
    const result = await this.exec(args, options);
    if (result.exitCode === 0) return result;
    if (this.options.login && /AADSTS700024|AADSTS70043|token (has )?expired/i.test(result.stderr)) {
      await this.login(options.signal);
      const retried = await this.exec(args, options);
      if (retried.exitCode === 0) return retried;
      throw this.failure(args, retried);
    }
    throw this.failure(args, result);
  }

  private failure(args: readonly string[], result: { exitCode: number; stderr: string }): AzCliError {
    const { code, message } = parseCliError(result.stderr);
    return new AzCliError(describe(args), result.exitCode, code, message);
  }

  private async ensureFreshLogin(signal?: AbortSignal): Promise<void> {
    const login = this.options.login;
    if (!login) return;
    const maxAge = login.maxAgeMs ?? 4 * 60_000;
    if (this.lastLogin !== undefined && this.clock.now() - this.lastLogin < maxAge) return;
    await this.login(signal);
  }

  private async login(signal?: AbortSignal): Promise<void> {
    const login = this.options.login!;
    if (this.options.cloud && this.options.cloud !== 'AzureCloud' && !this.cloudSet) {
      await this.checked(['cloud', 'set', '--name', this.options.cloud], signal);
      this.cloudSet = true;
    }
    const attempts = login.attempts ?? 4;
    for (let attempt = 1; ; attempt++) {
      // A new ID token for each try: one held across the backoff could expire before Entra sees it.
      const token = await login.getIdToken(federatedAudience(this.options.cloud ?? 'AzureCloud'));
      this.options.secret?.(token);
      const startedAt = this.clock.now();
      const args = loginArgs(login, token);
      const result = await this.exec(args, { signal });
      if (result.exitCode === 0) {
        this.lastLogin = startedAt;
        return;
      }
      if (!isTransientLoginFailure(result.stderr) || attempt >= attempts) {
        const { code, message } = parseCliError(result.stderr);
        throw new AzCliError(describe(args), result.exitCode, code, message, attempt);
      }
      const delay = Math.max(1, backoffDelay(attempt - 1, 1_000, 15_000, login.random ?? Math.random));
      this.options.debug?.(`az login attempt ${attempt} failed transiently; retrying in ${delay} ms.`);
      await this.clock.sleep(delay, signal);
    }
  }

  private async checked(args: readonly string[], signal?: AbortSignal): Promise<void> {
    const result = await this.exec(args, { signal });
    if (result.exitCode !== 0) throw this.failure(args, result);
  }

  private async exec(args: readonly string[], options: RunOptions) {
    this.processCount++;
    this.options.debug?.(`az ${describe(args)}`);
    return this.options.runner.run('az', args, options);
  }
}

function loginArgs(login: FederatedLogin, token: string): string[] {
  return [
    'login',
    '--service-principal',
    '--username',
    login.clientId,
    '--tenant',
    login.tenantId,
    '--federated-token',
    token,
    '--allow-no-subscriptions',
    '--output',
    'none',
  ];
}

/** The subcommand words only (`ml job create`): arguments may hold tokens and never reach a log. */
function describe(args: readonly string[]): string {
  const words: string[] = [];
  for (const arg of args) {
    if (arg.startsWith('-')) break;
    words.push(arg);
  }
  return words.join(' ');
}
