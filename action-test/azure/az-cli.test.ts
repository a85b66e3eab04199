import { describe, expect, it } from '@jest/globals';
import { AzCli, AzCliError, parseCliError } from '../../src/azure/az-cli.js';
import { scriptedRunner } from '../support/scripted-runner.js';
import { VirtualClock } from '../support/virtual-clock.js';

const login = (issued: string[]) => ({
  clientId: 'client',
  tenantId: 'tenant',
  getIdToken: async () => {
    issued.push(`jwt-${issued.length + 1}`);
    return issued.at(-1)!;
  },
});

describe('AzCli', () => {
  it('runs az with an argument array and parses its JSON output', async () => {
    const script = scriptedRunner([
      { match: ['ml', 'job', 'show'], stdout: '{"name":"job-1","status":"Running"}' },
    ]);
    const az = new AzCli({ runner: script.runner });
    await expect(az.json(['ml', 'job', 'show', '--name', 'job-1'])).resolves.toEqual({
      name: 'job-1',
      status: 'Running',
    });
    expect(script.calls).toEqual([['ml', 'job', 'show', '--name', 'job-1', '--output', 'json']]);
  });

  it("turns 'ERROR: (Code) message' into a typed error that names the subcommand but none of its arguments", async () => {
    const script = scriptedRunner([
      {
        match: ['ml', 'job', 'create'],
        exitCode: 1,
        stderr: 'WARNING: x\nERROR: (UserError) The compute gpu-cluster was not found.\nCode: UserError',
      },
    ]);
    const az = new AzCli({ runner: script.runner });
    const error = (await az
      .run(['ml', 'job', 'create', '--file', 'secret-path.yml'])
      .catch((e: unknown) => e)) as AzCliError;
    expect(error).toBeInstanceOf(AzCliError);
    expect(error).toMatchObject({ code: 'UserError', command: 'ml job create', exitCode: 1 });
    expect(error.message).toBe(
      'az ml job create failed (exit 1): (UserError) The compute gpu-cluster was not found.',
    );
    expect(error.message).not.toContain('secret-path');
  });

  it('reads an error without a code, and an argument error (exit 2) with a hint', () => {
    expect(parseCliError('ERROR: unrecognized arguments: --bogus')).toEqual({
      message: 'unrecognized arguments: --bogus',
    });
    expect(new AzCliError('ml job create', 2, undefined, 'x').hint).toMatch(/update the CLI/);
  });

  it('logs in with a fresh federated token before the first call, and again once the login is a few minutes old', async () => {
    const clock = new VirtualClock();
    const issued: string[] = [];
    const secrets: string[] = [];
    const script = scriptedRunner([
      { match: ['login'] },
      { match: ['account', 'show'], stdout: '{}' },
      { match: ['account', 'show'], stdout: '{}' },
      { match: ['login'] },
      { match: ['account', 'show'], stdout: '{}' },
    ]);
    const az = new AzCli({
      runner: script.runner,
      clock,
      login: login(issued),
      secret: (s) => secrets.push(s),
    });
    await az.json(['account', 'show']);
    clock.advance(3 * 60_000);
    await az.json(['account', 'show']);
    clock.advance(2 * 60_000);
    await az.json(['account', 'show']);
    expect(script.calls.map((call) => call[0])).toEqual(['login', 'account', 'account', 'login', 'account']);
    expect(script.calls[0]).toEqual([
      'login',
      '--service-principal',
      '--username',
      'client',
      '--tenant',
      'tenant',
      '--federated-token',
      'jwt-1',
      '--allow-no-subscriptions',
      '--output',
      'none',
    ]);
    expect(script.calls[3]).toContain('jwt-2');
    expect(secrets).toEqual(['jwt-1', 'jwt-2']);
  });

  it('renews the login and retries once when a call meets AADSTS700024', async () => {
    const issued: string[] = [];
    const script = scriptedRunner([
      { match: ['login'] },
      {
        match: ['acr', 'build'],
        exitCode: 1,
        stderr: 'ERROR: AADSTS700024: Client assertion is not within its valid time range.',
      },
      { match: ['login'] },
      { match: ['acr', 'build'], stdout: '{"status":"Succeeded"}' },
    ]);
    const az = new AzCli({ runner: script.runner, login: login(issued) });
    await expect(az.json(['acr', 'build'])).resolves.toEqual({ status: 'Succeeded' });
    expect(issued).toEqual(['jwt-1', 'jwt-2']);
    expect(az.processCount).toBe(4);
  });

  it('retries a login that Entra failed transiently, each time with a new ID token, after a backoff', async () => {
    const issued: string[] = [];
    const script = scriptedRunner([
      {
        match: ['login'],
        exitCode: 1,
        stderr: 'ERROR: AADSTS90033: A transient error has occurred. Please try again.',
      },
      {
        match: ['login'],
        exitCode: 1,
        stderr: "ERROR: ('Connection aborted.', ConnectionResetError(104, 'Connection reset by peer'))",
      },
      { match: ['login'] },
      { match: ['version'], stdout: '{}' },
    ]);
    const clock = new VirtualClock();
    const az = new AzCli({ runner: script.runner, clock, login: { ...login(issued), random: () => 0.5 } });
    await expect(az.json(['version'])).resolves.toEqual({});
    const presented = script.calls.filter((call) => call[0] === 'login').map((call) => call[7]);
    expect(presented).toEqual(['jwt-1', 'jwt-2', 'jwt-3']);
    expect(clock.sleeps).toEqual([500, 1000]);
  });

  it('does not retry a login Entra refused, and a login that keeps failing names its attempts', async () => {
    const refused = scriptedRunner([
      {
        match: ['login'],
        exitCode: 1,
        stderr: 'ERROR: AADSTS70021: No matching federated identity record found.',
      },
    ]);
    const clock = new VirtualClock();
    await expect(
      new AzCli({ runner: refused.runner, clock, login: login([]) }).json(['version']),
    ).rejects.toThrow(/^az login failed after 1 attempt\(s\) \(exit 1\): AADSTS70021/);
    const failing = scriptedRunner(
      Array.from({ length: 9 }, () => ({
        match: ['login'],
        exitCode: 1,
        stderr: 'ERROR: AADSTS90033: A transient error has occurred. Please try again.',
      })),
    );
    await expect(
      new AzCli({ runner: failing.runner, clock, login: { ...login([]), attempts: 3 } }).json(['version']),
    ).rejects.toThrow(/^az login failed after 3 attempt\(s\) \(exit 1\): AADSTS90033/);
    expect(failing.calls).toHaveLength(3);
  });

  it('selects a sovereign cloud once before logging in', async () => {
    const script = scriptedRunner([
      { match: ['cloud', 'set', '--name', 'AzureUSGovernment'] },
      { match: ['login'] },
      { match: ['version'], stdout: '{}' },
    ]);
    const az = new AzCli({ runner: script.runner, cloud: 'AzureUSGovernment', login: login([]) });
    await az.json(['version']);
    expect(script.calls.map((call) => call.slice(0, 2).join(' '))).toEqual([
      'cloud set',
      'login --service-principal',
      'version --output',
    ]);
  });

  it('without OIDC it uses whatever login the CLI has, and never logs in itself', async () => {
    const script = scriptedRunner([{ match: ['account', 'show'], stdout: '{"id":"sub"}' }]);
    const az = new AzCli({ runner: script.runner });
    await az.json(['account', 'show']);
    expect(script.calls).toHaveLength(1);
  });
});
