import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { RunningEmulator } from '../emulator/server.js';
import { azureStateViolations } from '../support/chain-invariants.js';
import { FAULT_KINDS, faultsOfKind, NO_FAULT_RATES, type FaultKind } from '../support/fault-kinds.js';
import { emulator, registeredModel } from '../support/emulator-harness.js';
import { runAgainstEmulator } from '../support/emulator-run.js';
import type { BundleRun } from '../support/run-bundle.js';
import { expectNoSecrets } from '../support/secrets.js';
import { removeScratch } from '../support/workflow-world.js';

/**
 * The release half of the chain (deploy-endpoint at 0% → smoke-score → promote, or rollback) under each fault
 * kind at 20%, one kind after another on one emulator: each kind ships a model trained by its own job, so the
 * endpoint sees a release per kind. After each, the Azure state must be sound (chain-invariants.ts).
 * Replay a failure with NEXT_ITEM_FAULT_SEED=<seed printed in the failure>; `npm run bench:faults` is the soak.
 */
const SEED = Number(process.env.NEXT_ITEM_FAULT_SEED ?? 1515);
const RATE = 0.2;
const IMAGE = 'acrnextitem.azurecr.io/next-item-triton:ctx-0123456789abcdef';

let running: RunningEmulator;
const runs: BundleRun[] = [];

beforeAll(async () => {
  // Tokens and logins with their emulated lifetimes (a fraction of a real second here): the actions renew them
  // all along, so the Entra and GitHub OIDC kinds meet their faults on the renewals, as over a long release.
  running = await emulator({
    seed: SEED,
    speed: 20_000,
    operationRetryAfterSeconds: 0,
    accessTokenMinRealMs: 0,
  });
});
afterAll(async () => {
  for (const run of runs) expectNoSecrets(run, running);
  await running.close();
  removeScratch();
});

async function step(action: string, inputs: Record<string, string>): Promise<BundleRun> {
  const run = await runAgainstEmulator(running, { action, inputs, timeoutMs: 90_000 });
  runs.push(run);
  return run;
}

/** What next-item.yml runs after training: deploy at 0%, smoke-test, then promote, or roll back what deploy made. */
async function release(model: string) {
  const endpoint = { endpoint: 'next-item' };
  const deployed = await step('deploy-endpoint', {
    ...endpoint,
    'model-id': model,
    image: IMAGE,
    'create-endpoint': 'true',
  });
  const deployment = deployed.outputs['deployment-name'] ?? '';
  const smoked =
    deployed.exitCode === 0
      ? await step('smoke-score', { ...endpoint, deployment, requests: '12', concurrency: '3' })
      : undefined;
  const promoted =
    smoked?.exitCode === 0
      ? await step('deploy-endpoint', { ...endpoint, mode: 'promote', deployment })
      : undefined;
  const rolledBack =
    deployment && promoted?.exitCode !== 0
      ? await step('deploy-endpoint', {
          ...endpoint,
          mode: 'rollback',
          deployment,
          'previous-deployment': deployed.outputs['previous-deployment'] ?? '',
        })
      : undefined;
  const failed = [deployed, smoked, promoted, rolledBack].find((run) => run && run.exitCode !== 0);
  return { deployment, failed, rolledBack };
}

describe(`the release chain under each fault kind at ${RATE * 100}% (seed ${SEED})`, () => {
  let version = 0;
  it.each(FAULT_KINDS.map((kind) => [kind]))('%s', async (kind: FaultKind) => {
    // A job trained to its end, its model registered (in-process and with no faults: the release is what is tested).
    const model = await registeredModel(running, ++version);
    const injectedBefore = running.counters.injectedFaults;
    running.setFaults(faultsOfKind(kind, RATE));
    const outcome = await release(model);
    running.setFaults(NO_FAULT_RATES);
    const replay = `kind ${kind}, seed ${SEED} (NEXT_ITEM_FAULT_SEED=${SEED} replays it)`;
    expect({ replay, error: outcome.failed?.errorLines.join(' ') ?? '' }).toEqual({ replay, error: '' });
    expect({ replay, violations: azureStateViolations(running) }).toEqual({ replay, violations: [] });
    expect(outcome.rolledBack).toBeUndefined();
    expect(running.store.endpoints.get('next-item')!.traffic).toEqual({ [outcome.deployment]: 100 });
    // A seed whose rolls spared this kind would pass without testing anything: pick another.
    expect({ replay, injected: running.counters.injectedFaults > injectedBefore }).toEqual({
      replay,
      injected: true,
    });
  });
});
