// smoke-score's throughput (issue #6), run: npx tsx scripts/bench-smoke-score.ts
// Requests per second and p50 of the bundled smoke-score at concurrency 8 against the emulator's Triton,
// beside autocannon on the same endpoint, same request, same concurrency, in the same run (target >= 0.5x).
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import autocannon from 'autocannon';
import { startEmulator } from '../action-test/emulator/server.js';
import { finishedJob, productionClients } from '../action-test/support/emulator-harness.js';
import { runAgainstEmulator } from '../action-test/support/emulator-run.js';
import { writeLoopbackCertificate } from './loopback-certificate.mjs';

const REQUESTS = 2000;
const CONCURRENCY = 8;

if (!process.env.BENCH_TLS_DIR) {
  const dir = mkdtempSync(join(tmpdir(), 'bench-tls-'));
  const { certFile } = await writeLoopbackCertificate(dir);
  const child = spawn(process.execPath, [...process.execArgv, ...process.argv.slice(1)], {
    stdio: 'inherit',
    env: { ...process.env, NODE_EXTRA_CA_CERTS: certFile, NEXT_ITEM_TLS_DIR: dir, BENCH_TLS_DIR: dir },
  });
  child.on('exit', (code) => process.exit(code ?? 1));
} else {
  const dir = process.env.BENCH_TLS_DIR;
  const certFile = join(dir, 'cert.pem');
  const emulator = await startEmulator({
    config: { speed: 20_000, operationRetryAfterSeconds: 0 },
    tls: { cert: readFileSync(certFile, 'utf8'), key: readFileSync(join(dir, 'key.pem'), 'utf8'), certFile },
  });
  const job = await finishedJob(emulator);
  const { arm, workspace } = productionClients(emulator);
  await arm.begin('PUT', `${workspace}/models/next-item-triton/versions/1`, {
    body: {
      properties: { modelType: 'triton_model', modelUri: `azureml://jobs/${job}/outputs/model/paths/` },
    },
  });
  const deployed = await runAgainstEmulator(emulator, {
    action: 'deploy-endpoint',
    inputs: {
      endpoint: 'next-item',
      'model-id': 'azureml:next-item-triton:1',
      image: 'acrnextitem.azurecr.io/next-item-triton:x',
      'auth-mode': 'key',
    },
  });
  const deployment = deployed.outputs['deployment-name']!;
  emulator.clock.setSpeed(1);

  const smoke = await runAgainstEmulator(emulator, {
    action: 'smoke-score',
    inputs: {
      endpoint: 'next-item',
      deployment,
      requests: String(REQUESTS),
      concurrency: String(CONCURRENCY),
    },
    timeoutMs: 120_000,
  });
  const row = /\| (\d+) \| (\d+) \| ([\d.]+) \| ([\d.]+) \| ([\d.]+) \| ([\d.]+) \| (\d+) \|/.exec(
    smoke.summary,
  );
  if (smoke.exitCode !== 0 || !row) throw new Error(`smoke-score failed: ${smoke.errorLines.join(' ')}`);
  const smokeRps = Number(row[6]);
  console.log(
    `smoke-score: ${row[1]} requests at concurrency ${row[2]}, ${smokeRps.toFixed(0)} requests/s, p50 ${row[3]} ms, p95 ${row[4]} ms (every answer checked)`,
  );

  const { primaryKey } = await arm.post<{ primaryKey: string }>(
    `${workspace}/onlineEndpoints/next-item/listKeys`,
  );
  const result = await autocannon({
    url: `${emulator.url}/inference/next-item/v2/models/executor_model/infer`,
    method: 'POST',
    connections: CONCURRENCY,
    amount: REQUESTS,
    headers: {
      authorization: `Bearer ${primaryKey}`,
      'azureml-model-deployment': deployment,
      'content-type': 'application/json',
    },
    body: readFileSync('inference/scoring/sample-request.json', 'utf8'),
  });
  const cannonRps = result.requests.total / (result.duration || 1);
  console.log(
    `autocannon: ${result.requests.total} requests at ${CONCURRENCY} connections, ${cannonRps.toFixed(0)} requests/s, p50 ${result.latency.p50} ms, non-2xx ${result.non2xx}`,
  );
  console.log(`smoke-score / autocannon throughput: ${(smokeRps / cannonRps).toFixed(2)}x (target >= 0.5x)`);
  await emulator.close();
}
