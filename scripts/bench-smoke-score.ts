// smoke-score's throughput (issue #6), run: npx tsx scripts/bench-smoke-score.ts
// Requests per second and p50 of the bundled smoke-score at concurrency 8 against the emulator's Triton,
// beside autocannon on the same endpoint, same request, same concurrency, in the same run (target >= 0.5x).
import { readFileSync } from 'node:fs';
import autocannon from 'autocannon';
import { startEmulator } from '../action-test/emulator/server.js';
import { finishedJob, productionClients } from '../action-test/support/emulator-harness.js';
import { runAgainstEmulator } from '../action-test/support/emulator-run.js';
import { relaunchTrustingLoopback } from './bench-tls.js';

const REQUESTS = 2000;
const CONCURRENCY = 8;

const tls = await relaunchTrustingLoopback();
if (tls) {
  const emulator = await startEmulator({ config: { speed: 20_000, operationRetryAfterSeconds: 0 }, tls });
  const job = await finishedJob(emulator);
  const { arm, workspace } = productionClients(emulator);
  await arm.begin('PUT', `${workspace}/models/next-item-triton/versions/1`, {
    body: {
      properties: {
        modelType: 'triton_model',
        modelUri: `azureml://jobs/${job}/outputs/model/paths/triton/`,
      },
    },
  });
  const deployed = await runAgainstEmulator(emulator, {
    action: 'deploy-endpoint',
    inputs: {
      endpoint: 'next-item',
      'create-endpoint': 'true',
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
