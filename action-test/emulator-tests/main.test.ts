import { afterAll, describe, expect, it } from '@jest/globals';
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { repoRoot } from '../support/action-manifests.js';

const state = mkdtempSync(join(tmpdir(), 'emulator-state-'));
let child: ChildProcess | undefined;
afterAll(() => {
  child?.kill('SIGTERM');
  rmSync(state, { recursive: true, force: true });
});

describe('npm run emulator', () => {
  it('prints an environment that a separate process can use as is', async () => {
    child = spawn(
      join(repoRoot, 'node_modules/.bin/tsx'),
      ['action-test/emulator/main.ts', '--state', state],
      { cwd: repoRoot, stdio: ['ignore', 'pipe', 'pipe'] },
    );
    let printed = '';
    await new Promise<void>((resolve, reject) => {
      child!.stdout!.on('data', (chunk: Buffer) => {
        printed += chunk.toString();
        if (printed.includes('export PATH=')) resolve();
      });
      child!.on('exit', (code) => reject(new Error(`emulator exited with ${code}`)));
    });
    const env: Record<string, string> = {};
    for (const [, name, value] of printed.matchAll(/^export (\w+)='([^']*)'$/gm)) env[name!] = value!;
    expect(Object.keys(env)).toEqual(
      expect.arrayContaining([
        'AZURE_AUTHORITY_HOST',
        'AZURE_RESOURCE_MANAGER_URL',
        'ACTIONS_ID_TOKEN_REQUEST_URL',
        'ACTIONS_ID_TOKEN_REQUEST_TOKEN',
        'NODE_EXTRA_CA_CERTS',
        'NEXT_ITEM_EMULATOR_URL',
      ]),
    );
    // A fresh process, trusting the emulator only through the printed NODE_EXTRA_CA_CERTS.
    const home = mkdtempSync(join(tmpdir(), 'home-'));
    const result = spawnSync(join(repoRoot, 'action-test/bin/az'), ['account', 'show'], {
      env: { PATH: `${dirname(process.execPath)}:/usr/bin:/bin`, HOME: home, ...env },
      encoding: 'utf8',
    });
    expect(result.stderr).toBe("ERROR: Please run 'az login' to setup account.\n");
    expect(result.status).toBe(1);
  });
});
