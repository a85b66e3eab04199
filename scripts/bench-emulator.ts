// The emulator's figures (issue #3): time for `npm run emulator` to print its environment (target < 5 s),
// median latency of an ARM GET on loopback (target <= 5 ms), and the wall time of a simulated six-hour
// pipeline job at the default speed (target <= 10 s). Run: npx tsx scripts/bench-emulator.ts
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { ArmClient } from '../src/azure/arm-client.js';
import { AzCli } from '../src/azure/az-cli.js';
import { spawnRunner } from '../src/azure/process-runner.js';
import { startEmulator } from '../action-test/emulator/server.js';
import { writeLoopbackCertificate } from '../action-test/support/loopback-certificate.mjs';

const root = resolve(import.meta.dirname, '..');
const median = (values: number[]) => [...values].sort((a, b) => a - b)[values.length >> 1]!;

async function startupTime(): Promise<number> {
  const state = mkdtempSync(join(tmpdir(), 'emulator-bench-'));
  const started = performance.now();
  const child = spawn(
    join(root, 'node_modules/.bin/tsx'),
    ['action-test/emulator/main.ts', '--state', state],
    { cwd: root, stdio: ['ignore', 'pipe', 'ignore'] },
  );
  await new Promise<void>((done) =>
    child.stdout.on('data', (chunk: Buffer) => chunk.includes('export PATH=') && done()),
  );
  const elapsed = performance.now() - started;
  child.kill('SIGTERM');
  rmSync(state, { recursive: true, force: true });
  return elapsed;
}

if (!process.env.BENCH_TLS_DIR) {
  const startups = [];
  for (let i = 0; i < 3; i++) startups.push(await startupTime());
  console.log(
    `npm run emulator prints its environment in ${median(startups).toFixed(0)} ms (median of 3; target < 5000)`,
  );
}

const tlsDir = process.env.BENCH_TLS_DIR ?? mkdtempSync(join(tmpdir(), 'emulator-tls-'));
const certFile = join(tlsDir, 'cert.pem');
const keyFile = join(tlsDir, 'key.pem');
if (!process.env.BENCH_TLS_DIR) {
  await writeLoopbackCertificate(tlsDir);
  // Node reads NODE_EXTRA_CA_CERTS only at start: run the rest in a child that trusts the new certificate.
  const child = spawn(process.execPath, [...process.execArgv, ...process.argv.slice(1)], {
    stdio: 'inherit',
    env: { ...process.env, NODE_EXTRA_CA_CERTS: certFile, BENCH_TLS_DIR: tlsDir },
  });
  child.on('exit', (code) => process.exit(code ?? 1));
} else {
  await measure();
}

type Emulator = Awaited<ReturnType<typeof startEmulator>>;

async function measure() {
  const emulator = await startEmulator({
    tls: { cert: readFileSync(certFile, 'utf8'), key: readFileSync(keyFile, 'utf8'), certFile },
  });
  const workspace = `/subscriptions/${emulator.config.subscriptionId}/resourceGroups/${emulator.config.resourceGroup}/providers/Microsoft.MachineLearningServices/workspaces/${emulator.config.workspace}`;
  await armGetLatency(emulator, workspace);
  await pipelineJobWallTime(emulator, workspace);
  rmSync(tlsDir, { recursive: true, force: true });
}

/** Median and p95 of 500 ARM GETs of the workspace, after 50 to warm up. */
async function armGetLatency(emulator: Emulator, workspace: string) {
  const token = emulator.identity.issueAccessToken(
    emulator.config.clientId,
    `${emulator.url}/.default`,
  ).token;
  const arm = new ArmClient({
    baseUrl: emulator.url,
    scope: `${emulator.url}/.default`,
    credential: { getToken: async () => ({ token, expiresOnTimestamp: Date.now() + 3_600_000 }) },
  });
  emulator.clock.setSpeed(1); // the latency figure is about the server, not about tokens expiring
  for (let i = 0; i < 50; i++) await arm.get(workspace);
  const latencies: number[] = [];
  for (let i = 0; i < 500; i++) {
    const start = performance.now();
    await arm.get(workspace);
    latencies.push(performance.now() - start);
  }
  console.log(
    `ARM GET on loopback: median ${median(latencies).toFixed(2)} ms, p95 ${[...latencies].sort((a, b) => a - b)[475]!.toFixed(2)} ms over 500 (target median <= 5)`,
  );
}

/** Submits the pipeline through the az shim at the default speed and times it to its end. */
async function pipelineJobWallTime(emulator: Emulator, workspace: string) {
  emulator.clock.setSpeed(emulator.config.speed);
  const home = mkdtempSync(join(tmpdir(), 'az-home-'));
  const az = emulatedAz(emulator, home);
  await az.run(['extension', 'add', '--name', 'ml', '--yes']);
  const started = performance.now();
  const job = await az.json<{ name: string }>([
    'ml',
    'job',
    'create',
    '-f',
    join(root, 'pipeline/pipeline.yml'),
    '-g',
    emulator.config.resourceGroup,
    '-w',
    emulator.config.workspace,
  ]);
  const submittedAt = emulator.store.jobs.get(job.name)!.submittedAt;
  const status = await finalStatus(emulator, `${workspace}/jobs/${job.name}`);
  const wall = (performance.now() - started) / 1000;
  const emulated = (emulator.clock.now() - submittedAt) / 3_600_000;
  console.log(
    `a ${emulated.toFixed(2)}-hour pipeline job (${status}) took ${wall.toFixed(1)} s of wall time at ${emulator.config.speed}x (target <= 10 s)`,
  );
  await emulator.close();
  rmSync(home, { recursive: true, force: true });
}

/** The production az runner, pointed at the emulator's shim and logged in with its federated tokens. */
function emulatedAz(emulator: Emulator, home: string): AzCli {
  const env = {
    ...process.env,
    ...emulator.env,
    HOME: home,
    PATH: `${emulator.env.NEXT_ITEM_EMULATOR_PATH}:${process.env.PATH}`,
  };
  const getIdToken = async (audience: string) => emulator.identity.issueIdToken(audience);
  return new AzCli({
    runner: { run: (c, a, o) => spawnRunner.run(c, a, { ...o, env }) },
    login: { clientId: emulator.config.clientId, tenantId: emulator.config.tenantId, getIdToken },
  });
}

/** Polls the job every 100 ms until it is Completed, Failed or Canceled. */
async function finalStatus(emulator: Emulator, jobPath: string): Promise<string> {
  let status = '';
  while (!['Completed', 'Failed', 'Canceled'].includes(status)) {
    await new Promise((done) => setTimeout(done, 100));
    const fresh = emulator.identity.issueAccessToken(
      emulator.config.clientId,
      `${emulator.url}/.default`,
    ).token;
    const response = await fetch(`${emulator.url}${jobPath}?api-version=2025-12-01`, {
      headers: { authorization: `Bearer ${fresh}` },
    });
    status = ((await response.json()) as { properties: { status: string } }).properties.status;
  }
  return status;
}
