import { afterEach, describe, expect, it } from '@jest/globals';
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { COMMANDS, SOURCES } from '../emulator/az/cli-tables.js';
import type { RunningEmulator } from '../emulator/server.js';
import { emulator, runAz } from '../support/emulator-harness.js';

let running: RunningEmulator | undefined;
afterEach(async () => {
  await running?.close();
  running = undefined;
});

async function loggedIn(r: RunningEmulator): Promise<string> {
  const home = mkdtempSync(join(tmpdir(), 'home-'));
  const token = r.identity.issueIdToken('api://AzureADTokenExchange');
  const login = await runAz(
    r,
    [
      'login',
      '--service-principal',
      '-u',
      r.config.clientId,
      '-t',
      r.config.tenantId,
      '--federated-token',
      token,
    ],
    home,
  );
  expect(login.exitCode).toBe(0);
  return home;
}

/** A checkout with the build context in a subfolder, as the actions' runs have. */
function checkout(): string {
  const root = mkdtempSync(join(tmpdir(), 'checkout-'));
  mkdirSync(join(root, 'inference/triton/docker'), { recursive: true });
  writeFileSync(
    join(root, 'inference/triton/docker/Triton.Dockerfile'),
    'ARG BASE_IMAGE\nFROM ${BASE_IMAGE}\n',
  );
  writeFileSync(join(root, 'inference/triton/start.sh'), '#!/bin/sh\n');
  return root;
}

describe('the az shim tables', () => {
  it('record where each table was read: repository, a 40-hex commit and a path', () => {
    for (const source of Object.values(SOURCES)) {
      expect(source.repository).toMatch(/^Azure\/azure-cli(-extensions)?$/);
      expect(source.commit).toMatch(/^[0-9a-f]{40}$/);
      expect(source.path).toMatch(/\.py$/);
    }
    for (const table of COMMANDS) expect(table.sources.length).toBeGreaterThan(0);
  });

  it('fails as argparse does: required before unrecognized, invalid choices, unknown subcommands (exit 2)', async () => {
    running = await emulator();
    const home = mkdtempSync(join(tmpdir(), 'home-'));
    expect(await runAz(running, ['acr', 'build', '--bogus'], home)).toMatchObject({
      exitCode: 2,
      stderr: 'ERROR: the following arguments are required: --registry/-r, SOURCE_LOCATION\n',
    });
    expect(
      await runAz(
        running,
        ['acr', 'repository', 'show-tags', '-n', 'a', '--repository', 'r', '--bogus'],
        home,
      ),
    ).toMatchObject({
      exitCode: 2,
      stderr: 'ERROR: unrecognized arguments: --bogus\n',
    });
    expect(
      (
        await runAz(
          running,
          ['acr', 'repository', 'show-tags', '-n', 'a', '--repository', 'r', '--orderby', 'x'],
          home,
        )
      ).stderr,
    ).toBe("ERROR: argument --orderby: invalid choice: 'x' (choose from 'time_asc', 'time_desc')\n");
    expect(await runAz(running, ['acr', 'frobnicate', '-n', 'a'], home)).toMatchObject({
      exitCode: 2,
      stderr: "ERROR: az acr: 'frobnicate' is not in the 'az acr' command group. See 'az acr --help'.\n",
    });
    expect((await runAz(running, ['login', '--subscription', 's'], home)).stderr).toBe(
      'ERROR: unrecognized arguments: --subscription s\n',
    );
  });
});

describe('the az shim process', () => {
  it('carries every argument, its folders and the answer byte for byte, exit code included', async () => {
    running = await emulator();
    const home = mkdtempSync(join(tmpdir(), 'home-'));
    const odd = ['login', 'two words', 'line\nbreak', 'ünïcødé ✓', '', '--', 'a=b', ' trailing\n\n'];
    const calls = [['version'], odd, ['account', 'show']];
    for (const argv of calls) {
      const shim = await runAz(running, argv, home, home);
      expect(running.az.invocations.at(-1)).toEqual(argv);
      expect(shim).toEqual(running.az.handle({ argv, cwd: home, env: { HOME: home } }));
    }
    expect((await runAz(running, odd, home)).stderr).toContain('ünïcødé ✓');
    expect((await runAz(running, ['version'], home)).stdout).toMatch(/\n$/);
  });
});

describe('az acr in the shim', () => {
  it('resolves --file from the working directory the CLI was started in, not from the context', async () => {
    running = await emulator({ speed: 1 });
    const home = await loggedIn(running);
    const root = checkout();
    const build = (file: string, cwd: string) =>
      runAz(
        running!,
        [
          'acr',
          'build',
          '-r',
          'acrnextitem',
          '-t',
          'triton:1',
          '--subscription',
          running!.config.subscriptionId,
          '-f',
          file,
          '--no-logs',
          'inference/triton',
        ],
        home,
        cwd,
      );
    expect(await build('docker/Triton.Dockerfile', root)).toMatchObject({
      exitCode: 1,
      stderr: "ERROR: Unable to find 'docker/Triton.Dockerfile'.\n",
    });
    expect((await build('inference/triton/docker/Triton.Dockerfile', root)).exitCode).toBe(0);
    const fromContext = await runAz(
      running,
      [
        'acr',
        'build',
        '-r',
        'acrnextitem',
        '-t',
        'triton:2',
        '--subscription',
        running.config.subscriptionId,
        '-f',
        'docker/Triton.Dockerfile',
        '--no-logs',
        '.',
      ],
      home,
      join(root, 'inference/triton'),
    );
    expect(fromContext.exitCode).toBe(0);
  });

  it('prints no JSON while streaming logs, the camelCase run with --no-logs or --no-wait', async () => {
    running = await emulator({ speed: 1 });
    const home = await loggedIn(running);
    const root = checkout();
    const base = [
      'acr',
      'build',
      '-r',
      'acrnextitem',
      '--subscription',
      running.config.subscriptionId,
      '-f',
      'inference/triton/docker/Triton.Dockerfile',
    ];
    const streamed = await runAz(
      running,
      [...base, '-t', 'triton:s', 'inference/triton', '-o', 'json'],
      home,
      root,
    );
    expect(streamed.exitCode).toBe(0);
    expect(streamed.stdout).toContain('Successfully tagged acrnextitem.azurecr.io/triton:s');
    expect(streamed.stdout).not.toMatch(/^\{/m);
    expect(streamed.stderr).toMatch(/WARNING: Queued a build with ID: \w+/);
    const quiet = JSON.parse(
      (await runAz(running, [...base, '-t', 'triton:q', '--no-logs', 'inference/triton'], home, root)).stdout,
    );
    expect(quiet).toMatchObject({ status: 'Succeeded', outputImages: [{ repository: 'triton', tag: 'q' }] });
    expect(quiet.output_images).toBeUndefined();
    const queued = JSON.parse(
      (await runAz(running, [...base, '-t', 'triton:w', '--no-wait', 'inference/triton'], home, root)).stdout,
    );
    expect(queued).toMatchObject({ status: 'Queued', runId: expect.any(String) });
    const scope = [
      '--registry',
      'acrnextitem',
      '--run-id',
      queued.runId,
      '--subscription',
      running.config.subscriptionId,
    ];
    expect(
      JSON.parse((await runAz(running, ['acr', 'task', 'show-run', ...scope], home)).stdout).status,
    ).toBe('Running');
    running.clock.advance(running.config.acrBuildMs);
    expect(
      JSON.parse((await runAz(running, ['acr', 'task', 'show-run', ...scope], home)).stdout),
    ).toMatchObject({
      status: 'Succeeded',
      outputImages: [{ repository: 'triton', tag: 'w', digest: expect.stringMatching(/^sha256:/) }],
    });
  });

  it('finds registries in the default subscription, which after login is not the workspace one', async () => {
    running = await emulator({ speed: 1 });
    const home = await loggedIn(running);
    const root = checkout();
    const args = [
      'acr',
      'build',
      '-r',
      'acrnextitem',
      '-t',
      'triton:1',
      '-f',
      'inference/triton/docker/Triton.Dockerfile',
      '--no-logs',
      'inference/triton',
    ];
    const unscoped = await runAz(running, args, home, root);
    expect(unscoped.exitCode).toBe(1);
    expect(unscoped.stderr).toMatch(/could not be found in subscription 'next-item-sandbox/);
    expect(
      (await runAz(running, [...args, '--subscription', running.config.subscriptionId], home, root)).exitCode,
    ).toBe(0);
    expect(
      (await runAz(running, ['account', 'set', '-s', running.config.subscriptionId], home)).exitCode,
    ).toBe(0);
    expect((await runAz(running, args, home, root)).exitCode).toBe(0);
  });

  it('answers a missing tag or repository as parse_error_message prints registry errors', async () => {
    running = await emulator({ speed: 1 });
    const home = await loggedIn(running);
    const show = await runAz(
      running,
      ['acr', 'repository', 'show', '-n', 'acrnextitem', '--image', 'triton:none'],
      home,
    );
    expect(show.exitCode).toBe(1);
    expect(show.stderr).toMatch(/^ERROR: Error: [^\n]+\. Correlation ID: [0-9a-f-]{36}\.\n$/);
    const tags = await runAz(
      running,
      ['acr', 'repository', 'show-tags', '-n', 'acrnextitem', '--repository', 'triton'],
      home,
    );
    expect(tags.stderr).toMatch(/^ERROR: Error: [^\n]+\. Correlation ID: [0-9a-f-]{36}\.\n$/);
    expect(
      JSON.parse((await runAz(running, ['acr', 'repository', 'list', '-n', 'acrnextitem'], home)).stdout),
    ).toEqual([]);
  });
});
