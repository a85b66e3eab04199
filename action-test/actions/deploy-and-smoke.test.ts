import { afterAll, afterEach, describe, expect, it } from '@jest/globals';
import type { RunningEmulator } from '../emulator/server.js';
import { emulator, productionClients, registeredModel } from '../support/emulator-harness.js';
import { runAgainstEmulator } from '../support/emulator-run.js';
import type { BundleRun } from '../support/run-bundle.js';
import { savedWorld } from '../support/saved-world.js';
import { expectNoSecrets } from '../support/secrets.js';

let running: RunningEmulator | undefined;
const runs: BundleRun[] = [];
afterEach(async () => {
  for (const run of runs.splice(0)) expectNoSecrets(run, running!);
  await running?.close();
  running = undefined;
});
afterAll(() => liveWorld.remove());

const IMAGE = 'acrnextitem.azurecr.io/next-item-triton:ctx-0123456789abcdef';
const FAST = { speed: 20_000, operationRetryAfterSeconds: 0 };

async function action(name: string, given: Record<string, string>): Promise<BundleRun> {
  // These tests deploy to fresh emulators: the endpoint is created when missing, as asked.
  const inputs = name === 'deploy-endpoint' ? { 'create-endpoint': 'true', ...given } : given;
  const run = await runAgainstEmulator(running!, { action: name, inputs, timeoutMs: 60_000 });
  runs.push(run);
  return run;
}

/**
 * Model version 1 deployed by deploy-endpoint (creating the endpoint) and promoted to 100%: where most tests
 * below start. Built once for the file by the actions themselves, then loaded into each test's own emulator.
 */
const liveWorld = savedWorld(FAST, async (r) => {
  running = r;
  try {
    const deployed = await action('deploy-endpoint', {
      endpoint: 'next-item',
      'model-id': await registeredModel(r, '1'),
      image: IMAGE,
    });
    const live = deployed.outputs['deployment-name']!;
    const promoted = await action('deploy-endpoint', {
      endpoint: 'next-item',
      mode: 'promote',
      deployment: live,
    });
    for (const run of runs.splice(0)) expectNoSecrets(run, r);
    expect([deployed.exitCode, promoted.exitCode, traffic(r)]).toEqual([0, 0, { [live]: 100 }]);
    return live;
  } finally {
    running = undefined;
  }
});

/** A fresh emulator holding what liveWorld built. */
const withLiveDeployment = async () => (await liveWorld.load()).running;
/** The deployment that serves all of next-item's traffic. */
const servingAll = (r: RunningEmulator) => Object.keys(traffic(r))[0]!;

const traffic = (r: RunningEmulator) => r.store.endpoints.get('next-item')!.traffic;
/** All traffic on `name`, and once the deletions Azure runs have ended (ten minutes on), no other deployment. */
function expectOnlyServing(r: RunningEmulator, name: string): void {
  expect(traffic(r)).toEqual({ [name]: 100 });
  r.clock.advance(10 * 60_000);
  expect(deploymentNames(r)).toEqual([name]);
}
const deploymentNames = (r: RunningEmulator) =>
  r.store
    .deploymentsOf('next-item')
    .filter((d) => d.deletingAt === undefined)
    .map((d) => d.name);

describe('deploy-endpoint and smoke-score against the emulator', () => {
  it('deploys to a new endpoint at 0%, proves it with real requests, then promotes it to 100%', async () => {
    running = await emulator(FAST);
    const model = await registeredModel(running, '1');
    const deployed = await action('deploy-endpoint', {
      endpoint: 'next-item',
      'model-id': model,
      image: IMAGE,
    });
    if (deployed.exitCode) console.log(deployed.stdout);
    expect(deployed.exitCode).toBe(0);
    const name = deployed.outputs['deployment-name']!;
    expect(name).toMatch(/^v1-[0-9a-f]{6}$/);
    expect(deployed.outputs).toMatchObject({
      'endpoint-name': 'next-item',
      'previous-deployment': '',
      traffic: '{}',
    });
    expect(deployed.outputs['scoring-uri']).toMatch(/\/inference\/next-item\/$/);
    expect(running.store.endpoints.get('next-item')!.authMode).toBe('AMLToken');

    const smoke = await action('smoke-score', {
      endpoint: 'next-item',
      deployment: name,
      requests: '12',
      concurrency: '3',
    });
    if (smoke.exitCode) console.log(smoke.stdout);
    expect(smoke.exitCode).toBe(0);
    expect(smoke.outputs.requests).toBe('12');
    expect(Number(smoke.outputs['p95-ms'])).toBeGreaterThan(0);
    expect(JSON.parse(smoke.outputs.recommendations!)).toHaveLength(5);
    expect(smoke.summary).toMatch(/\| requests \| concurrency \| p50 ms/);
    expect(running.triton.requestsByDeployment.get(name)).toBeGreaterThanOrEqual(12);

    const promoted = await action('deploy-endpoint', {
      endpoint: 'next-item',
      mode: 'promote',
      deployment: name,
    });
    expect(promoted.exitCode).toBe(0);
    expect(traffic(running)).toEqual({ [name]: 100 });
    expect(promoted.summary).toMatch(new RegExp(`\\| ${name} \\| 0% \\| 100% \\|`));
  });

  it('deploys nothing when a deployment already serves the same model, image and settings, live or held at 0%', async () => {
    running = await emulator(FAST);
    const model = await registeredModel(running, '1');
    const held = await action('deploy-endpoint', { endpoint: 'next-item', 'model-id': model, image: IMAGE });
    const name = held.outputs['deployment-name']!;
    expect(held.outputs.reused).toBe('false');
    const again = await action('deploy-endpoint', { endpoint: 'next-item', 'model-id': model, image: IMAGE });
    expect(again.exitCode).toBe(0);
    expect(again.outputs).toMatchObject({ reused: 'true', 'deployment-name': name, traffic: '{}' });
    expect(again.stdout).toContain(`Deployment ${name} already serves ${model}`);
    await action('deploy-endpoint', { endpoint: 'next-item', mode: 'promote', deployment: name });
    const live = await action('deploy-endpoint', { endpoint: 'next-item', 'model-id': model, image: IMAGE });
    expect(live.outputs).toMatchObject({
      reused: 'true',
      'deployment-name': name,
      'previous-deployment': '',
    });
    const larger = await action('deploy-endpoint', {
      endpoint: 'next-item',
      'model-id': model,
      image: IMAGE,
      'instance-count': '2',
    });
    expect(larger.outputs.reused).toBe('false');
    expect(larger.outputs['deployment-name']).not.toBe(name);
    expect(deploymentNames(running).sort()).toEqual([name, larger.outputs['deployment-name']].sort());
  });

  it('replaces a live deployment safely: the new one at 0% beside it, then promoted, and the old one removed', async () => {
    running = await emulator(FAST);
    const first = (
      await action('deploy-endpoint', {
        endpoint: 'next-item',
        'model-id': await registeredModel(running, '1'),
        image: IMAGE,
        'auth-mode': 'key',
      })
    ).outputs['deployment-name']!;
    await action('deploy-endpoint', { endpoint: 'next-item', mode: 'promote', deployment: first });
    const second = await action('deploy-endpoint', {
      endpoint: 'next-item',
      'model-id': await registeredModel(running, '2'),
      image: IMAGE,
    });
    const name = second.outputs['deployment-name']!;
    expect(second.outputs).toMatchObject({
      'previous-deployment': first,
      traffic: JSON.stringify({ [first]: 100 }),
    });
    expect((await action('smoke-score', { endpoint: 'next-item', deployment: name })).exitCode).toBe(0);
    await action('deploy-endpoint', { endpoint: 'next-item', mode: 'promote', deployment: name });
    expectOnlyServing(running, name);
  });

  it('fails a crash-looping deployment with its log tail, deletes it, and leaves traffic and answers as they were', async () => {
    running = await withLiveDeployment();
    const live = servingAll(running);
    running.setFaults({ crashDeployments: { log: "ModuleNotFoundError: No module named 'merlin'" } });
    const crashed = await action('deploy-endpoint', {
      endpoint: 'next-item',
      'model-id': await registeredModel(running, '2'),
      image: IMAGE,
    });
    expect(crashed.exitCode).toBe(1);
    expect(crashed.errorLines).toHaveLength(1);
    expect(crashed.errorLines[0]).toMatch(
      /Failed: \(ResourceNotReady\) User container has crashed.*Liveness probe failed.*No module named 'merlin'.*Traffic is unchanged \(v1-\w+ 100%25\)/,
    );
    expect(crashed.stdout).toContain('::group::InferenceServer log of');
    expect(crashed.summary).toContain("ModuleNotFoundError: No module named 'merlin'");
    running.setFaults({ crashDeployments: undefined });
    expectOnlyServing(running, live);
    const smoke = await action('smoke-score', { endpoint: 'next-item' });
    expect(smoke.exitCode).toBe(0);
  });

  it('fails the smoke test of a deployment that answers with the wrong shapes, and rollback leaves the old one at 100%', async () => {
    running = await withLiveDeployment();
    const live = servingAll(running);
    running.setFaults({ wrongShapes: true });
    const model = await registeredModel(running, '2');
    running.setFaults({ wrongShapes: false });
    const fresh = (
      await action('deploy-endpoint', { endpoint: 'next-item', 'model-id': model, image: IMAGE })
    ).outputs['deployment-name']!;
    const smoke = await action('smoke-score', { endpoint: 'next-item', deployment: fresh });
    expect(smoke.exitCode).toBe(1);
    expect(smoke.errorLines[0]).toMatch(
      /check\(s\) failed against deployment .*item_ids has shape \[3,19\], expected \[3,20\]/,
    );
    const rolledBack = await action('deploy-endpoint', {
      endpoint: 'next-item',
      mode: 'rollback',
      deployment: fresh,
    });
    expect(rolledBack.exitCode).toBe(0);
    expect(rolledBack.outputs['previous-deployment']).toBe(live);
    expectOnlyServing(running, live);
  });

  it('scores through resets, 503s and 429s on 20% of scoring requests: retried, error rate 0, the step passes', async () => {
    running = await emulator(FAST, { retryAfterSeconds: 0 });
    const model = await registeredModel(running, '1');
    const deployed = await action('deploy-endpoint', {
      endpoint: 'next-item',
      'model-id': model,
      image: IMAGE,
    });
    expect(deployed.exitCode).toBe(0);
    running.setFaults({ scoringFaultRate: 0.2 });
    const smoke = await action('smoke-score', {
      endpoint: 'next-item',
      deployment: deployed.outputs['deployment-name']!,
      requests: '30',
      concurrency: '3',
    });
    if (smoke.exitCode) console.log(smoke.stdout);
    expect(smoke.exitCode).toBe(0);
    expect(smoke.outputs['error-rate']).toBe('0.0000');
    expect(running.counters.injectedFaults).toBeGreaterThan(3);
    expect(smoke.summary).toMatch(/\| errors \| error rate \| retries \|/);
  });

  it('rollback after promote began deleting the previous deployment: no traffic to it, the new one keeps serving', async () => {
    running = await withLiveDeployment();
    const first = servingAll(running);
    const name = (
      await action('deploy-endpoint', {
        endpoint: 'next-item',
        'model-id': await registeredModel(running, '2'),
        image: IMAGE,
      })
    ).outputs['deployment-name']!;
    await action('deploy-endpoint', {
      endpoint: 'next-item',
      mode: 'promote',
      deployment: name,
      'keep-previous': 'true',
    });
    // Promote's delete of the previous deployment started, then its job died (a lost credential).
    const { arm, workspace } = productionClients(running);
    await arm.send('DELETE', `${workspace}/onlineEndpoints/next-item/deployments/${first}`);
    const rolledBack = await action('deploy-endpoint', {
      endpoint: 'next-item',
      mode: 'rollback',
      deployment: name,
      'previous-deployment': first,
    });
    if (rolledBack.exitCode) console.log(rolledBack.stdout);
    expect(rolledBack.exitCode).toBe(0);
    expect(rolledBack.stdout).toMatch(/No previous deployment can take the traffic back/);
    expect(rolledBack.summary).toContain(`Serving now: ${name} 100%`);
    expectOnlyServing(running, name);
  });

  it('a rerun that reused a held deployment which failed its smoke test rolls it back and removes it', async () => {
    running = await withLiveDeployment();
    const live = servingAll(running);
    const model = await registeredModel(running, '2');
    const held = (await action('deploy-endpoint', { endpoint: 'next-item', 'model-id': model, image: IMAGE }))
      .outputs;
    const rerun = (
      await action('deploy-endpoint', { endpoint: 'next-item', 'model-id': model, image: IMAGE })
    ).outputs;
    expect(rerun).toMatchObject({ reused: 'true', 'deployment-name': held['deployment-name'] });
    const rolledBack = await action('deploy-endpoint', {
      endpoint: 'next-item',
      mode: 'rollback',
      deployment: rerun['deployment-name']!,
      'previous-deployment': rerun['previous-deployment']!,
    });
    expect(rolledBack.exitCode).toBe(0);
    expectOnlyServing(running, live);
  });

  it('a rerun after a SIGKILL while the deployment provisions follows it: one deployment, no second PUT', async () => {
    running = await emulator(FAST);
    // Provisioning outlasts any rerun's start-up, however loaded the machine; the clock moves on once the
    // rerun has said what it does.
    running.setFaults({ slowProvisioningMs: 1000 * 3_600_000 });
    const inputs = {
      endpoint: 'next-item',
      'create-endpoint': 'true',
      'model-id': await registeredModel(running, '1'),
      image: IMAGE,
    };
    const killed = await runAgainstEmulator(running, {
      action: 'deploy-endpoint',
      inputs,
      killWhen: /deployment v1-\w+: Creating/,
      timeoutMs: 60_000,
    });
    expect(killed.exitCode).not.toBe(0);
    const name = killed.outputs['deployment-name']!;
    expect(deploymentNames(running)).toEqual([name]);
    let moved = false;
    const rerun = await runAgainstEmulator(running, {
      action: 'deploy-endpoint',
      inputs,
      env: { GITHUB_RUN_ATTEMPT: '2' },
      timeoutMs: 60_000,
      onOutput: (stdout) => {
        if (!moved && stdout.includes('is already Creating')) {
          moved = true;
          running!.clock.advance(1000 * 3_600_000);
        }
      },
    });
    runs.push(rerun);
    if (rerun.exitCode) console.log(rerun.stdout);
    expect(rerun.exitCode).toBe(0);
    expect(rerun.stdout).toContain(`Deployment ${name} with these settings is already Creating`);
    expect(rerun.outputs).toMatchObject({ 'deployment-name': name, reused: 'false' });
    expect(deploymentNames(running)).toEqual([name]);
  });

  it('a rerun after a kill between provisioning and the traffic change still gives the canary its share', async () => {
    running = await withLiveDeployment();
    const live = servingAll(running);
    const inputs = {
      endpoint: 'next-item',
      'model-id': await registeredModel(running, '2'),
      image: IMAGE,
      traffic: '10',
    };
    // What a kill between provisioning and the traffic change leaves (made without a kill, whose timing
    // against the child's next request is a race): the new deployment ready, held at 0%.
    const killed = await action('deploy-endpoint', { ...inputs, traffic: '0' });
    const canary = killed.outputs['deployment-name']!;
    expect(traffic(running)).toEqual({ [live]: 100 });
    const rerun = await action('deploy-endpoint', inputs);
    expect(rerun.exitCode).toBe(0);
    expect(rerun.outputs).toMatchObject({ 'deployment-name': canary, reused: 'false' });
    expect(traffic(running)).toEqual({ [live]: 90, [canary]: 10 });
    expect(deploymentNames(running).sort()).toEqual([live, canary].sort());
  });

  it('refuses to deploy over the live deployment by name', async () => {
    running = await withLiveDeployment();
    const live = servingAll(running);
    const over = await action('deploy-endpoint', {
      endpoint: 'next-item',
      deployment: live,
      'model-id': 'azureml:next-item-triton:1',
      image: IMAGE,
    });
    expect(over.exitCode).toBe(1);
    expect(over.errorLines[0]).toMatch(
      /serves 100%25 of next-item's traffic: deploying over it would replace the live model in place/,
    );
  });

  it('sends a canary share to the new deployment and keeps the rest in proportion', async () => {
    running = await withLiveDeployment();
    const live = servingAll(running);
    const canary = await action('deploy-endpoint', {
      endpoint: 'next-item',
      'model-id': await registeredModel(running, '2'),
      image: IMAGE,
      traffic: '10',
    });
    expect(JSON.parse(canary.outputs.traffic!)).toEqual({
      [live]: 90,
      [canary.outputs['deployment-name']!]: 10,
    });
  });
});
