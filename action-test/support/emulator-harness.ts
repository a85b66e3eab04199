import { spawn } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { ArmClient } from '../../src/azure/arm-client.js';
import { AzCli } from '../../src/azure/az-cli.js';
import { armScope, cloudEndpoints } from '../../src/azure/clouds.js';
import { chooseCredential } from '../../src/azure/credentials.js';
import { spawnRunner } from '../../src/azure/process-runner.js';
import { workspacePath } from '../../src/azure/target.js';
import { armContracts } from '../contracts/recorder.js';
import type { EmulatorConfig, Faults } from '../emulator/config.js';
import { AZ_SHIM_DIR, launcherTls, startEmulator, type RunningEmulator } from '../emulator/server.js';
import { repoRoot as repoRootDir } from './action-manifests.js';

/**
 * A pipeline job of an hour rather than six (about a second at 3600×), for tests that need a job to finish but
 * not to last: the waiting is all the difference (action-test/README.md, "Keeping the suite fast").
 */
export const HOUR_LONG_JOB: Partial<EmulatorConfig> = {
  stepDurationsMs: { data_gen: 10 * 60_000, data_prep: 10 * 60_000, train: 40 * 60_000 },
};

export async function emulator(
  config: Partial<EmulatorConfig> = {},
  faults: Partial<Faults> = {},
): Promise<RunningEmulator> {
  return startEmulator({ config, faults, tls: launcherTls(), onArmExchange: armContracts.record });
}

/** Asks the emulator's GitHub OIDC endpoint for an ID token, as `core.getIDToken` does. */
export function githubIdTokens(running: RunningEmulator): (audience: string) => Promise<string> {
  return async (audience) => {
    const response = await fetch(
      `${running.env.ACTIONS_ID_TOKEN_REQUEST_URL}&audience=${encodeURIComponent(audience)}`,
      {
        headers: { authorization: `Bearer ${running.env.ACTIONS_ID_TOKEN_REQUEST_TOKEN}` },
      },
    );
    return ((await response.json()) as { value: string }).value;
  };
}

/** The processes `src/` would start, with the emulator's `az` first on PATH and its environment. */
export function shimEnv(running: RunningEmulator, home: string): NodeJS.ProcessEnv {
  return {
    ...process.env,
    ...running.env,
    HOME: home,
    PATH: [AZ_SHIM_DIR, dirname(process.execPath), process.env.PATH].join(':'),
  };
}

/** The production clients of src/azure, pointed at the emulator only through endpoints. */
export function productionClients(
  running: RunningEmulator,
  options: { maxRetries?: number; requestTimeoutMs?: number } = {},
) {
  const cloud = cloudEndpoints('AzureCloud', running.env);
  const home = mkdtempSync(join(tmpdir(), 'az-home-'));
  const getIdToken = githubIdTokens(running);
  const env = shimEnv(running, home);
  const runner = {
    run: (command: string, args: readonly string[], opts = {}) =>
      spawnRunner.run(command, args, { ...opts, env }),
  };
  const az = new AzCli({
    runner,
    login: { clientId: running.config.clientId, tenantId: running.config.tenantId, getIdToken },
  });
  const { credential } = chooseCredential({
    cloud,
    clientId: running.config.clientId,
    tenantId: running.config.tenantId,
    getIdToken,
    az,
  });
  const arm = new ArmClient({
    baseUrl: cloud.resourceManager,
    credential,
    scope: armScope(cloud),
    maxRetries: options.maxRetries,
    requestTimeoutMs: options.requestTimeoutMs,
    baseDelayMs: 20,
    maxDelayMs: 200,
  });
  const workspace = workspacePath({
    subscriptionId: running.config.subscriptionId,
    resourceGroup: running.config.resourceGroup,
    workspace: running.config.workspace,
    cloud: 'AzureCloud',
  });
  return { arm, az, workspace, home, env };
}

/** Runs the emulator's `az` as a separate process, as the actions do. */
export function runAz(
  running: RunningEmulator,
  args: string[],
  home: string,
  cwd = process.cwd(),
): Promise<{ exitCode: number; stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(join(AZ_SHIM_DIR, 'az'), args, { env: shimEnv(running, home), cwd });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk));
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk));
    child.on('error', reject);
    child.on('close', (code) => resolve({ exitCode: code ?? 1, stdout, stderr }));
  });
}

/**
 * A pipeline job submitted to the emulator's `az` and run to its end by moving the clock on: set-up for tests
 * about what comes after training, so it calls the emulated CLI in-process (login with a fresh federated token,
 * the ml extension, `ml job create`) instead of starting three processes.
 */
export async function finishedJob(running: RunningEmulator): Promise<string> {
  const env = { HOME: mkdtempSync(join(tmpdir(), 'az-home-')) };
  const az = (...argv: string[]) => {
    const result = running.az.handle({ argv, cwd: repoRootDir, env });
    if (result.exitCode !== 0) throw new Error(`az ${argv.slice(0, 3).join(' ')} failed: ${result.stderr}`);
    return result.stdout;
  };
  const { clientId, tenantId, resourceGroup, workspace } = running.config;
  const federatedToken = running.identity.issueIdToken('api://AzureADTokenExchange');
  az('login', '--service-principal', '-u', clientId, '-t', tenantId, '--federated-token', federatedToken);
  az('extension', 'add', '--name', 'ml', '--yes');
  const created = az(
    'ml',
    'job',
    'create',
    '-f',
    join(repoRootDir, 'pipeline/pipeline.yml'),
    '-g',
    resourceGroup,
    '-w',
    workspace,
  );
  running.clock.advance(8 * 3_600_000);
  return (JSON.parse(created) as { name: string }).name;
}

/**
 * A finished job's model registered as version `version` of next-item-triton, as register-model would register
 * it but without its process: set-up for tests about deploying. One job per version, as the chain's
 * invariants allow one model version per job.
 */
export async function registeredModel(running: RunningEmulator, version: string | number): Promise<string> {
  const job = await finishedJob(running);
  const { arm, workspace } = productionClients(running);
  await arm.begin('PUT', `${workspace}/models/next-item-triton/versions/${version}`, {
    body: {
      properties: {
        modelType: 'triton_model',
        modelUri: `azureml://jobs/${job}/outputs/model/paths/triton/`,
      },
    },
  });
  return `azureml:next-item-triton:${version}`;
}
