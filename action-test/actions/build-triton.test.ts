import { afterEach, describe, expect, it } from '@jest/globals';
import { cpSync, mkdirSync, mkdtempSync, renameSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { repoRoot } from '../support/action-manifests.js';
import type { RunningEmulator } from '../emulator/server.js';
import { emulator } from '../support/emulator-harness.js';
import { runAgainstEmulator } from '../support/emulator-run.js';

let running: RunningEmulator | undefined;
afterEach(async () => {
  await running?.close();
  running = undefined;
});

const acrCalls = (r: RunningEmulator) => r.az.invocations.filter((args) => args[0] === 'acr');
const builds = (r: RunningEmulator) => acrCalls(r).filter((args) => args[1] === 'build').length;

describe('build-triton against the emulator', () => {
  it('builds in the workspace registry once, then skips an unchanged context', async () => {
    running = await emulator({ speed: 1 });
    const first = await runAgainstEmulator(running, { action: 'build-triton' });
    if (first.exitCode) console.log(first.stdout);
    expect(first.exitCode).toBe(0);
    expect(first.outputs).toMatchObject({
      'acr-name': 'acrnextitem',
      'login-server': 'acrnextitem.azurecr.io',
      built: 'true',
    });
    expect(first.outputs.image).toMatch(/^acrnextitem\.azurecr\.io\/next-item-triton:ctx-[0-9a-f]{16}$/);
    expect(first.outputs['image-digest']).toMatch(/^sha256:[0-9a-f]{64}$/);
    expect(first.stdout).toContain('::group::ACR build of next-item-triton:ctx-');
    expect(first.stdout).toContain('Successfully tagged acrnextitem.azurecr.io/next-item-triton:ctx-');
    expect(builds(running)).toBe(1);
    const second = await runAgainstEmulator(running, { action: 'build-triton' });
    expect(second.outputs).toMatchObject({
      image: first.outputs.image,
      'image-digest': first.outputs['image-digest'],
      built: 'false',
    });
    expect(builds(running)).toBe(1);
    const otherBase = await runAgainstEmulator(running, {
      action: 'build-triton',
      inputs: { 'base-image': 'nvcr.io/nvidia/merlin/merlin-pytorch:23.12' },
    });
    expect(otherBase.outputs.image).not.toBe(first.outputs.image);
    expect(builds(running)).toBe(2);
  });

  it('with wait false queues the build and ends without following it; a later run finds the image built', async () => {
    running = await emulator({ speed: 1 });
    const queued = await runAgainstEmulator(running, { action: 'build-triton', inputs: { wait: 'false' } });
    if (queued.exitCode) console.log(queued.stdout);
    expect(queued.exitCode).toBe(0);
    expect(queued.outputs).toMatchObject({ built: 'queued', 'image-digest': '' });
    expect(queued.outputs['run-id']).not.toBe('');
    expect(queued.summary).toContain(`Triton image build queued: ACR run ${queued.outputs['run-id']}`);
    // Only queued: no log stream, no show-run polling.
    expect(acrCalls(running).filter((args) => args[1] === 'task')).toEqual([]);
    running.clock.setSpeed(3600);
    await new Promise((done) => setTimeout(done, 1500));
    const later = await runAgainstEmulator(running, { action: 'build-triton' });
    expect(later.outputs).toMatchObject({ image: queued.outputs.image, built: 'false' });
    expect(builds(running)).toBe(1);
  });

  it('names the subscription on every az acr call: the CLI default after login is another one', async () => {
    running = await emulator({ speed: 1 });
    const run = await runAgainstEmulator(running, { action: 'build-triton', inputs: { tag: 'scoped-1' } });
    expect(run.exitCode).toBe(0);
    const calls = acrCalls(running);
    expect(calls.length).toBeGreaterThanOrEqual(3);
    for (const args of calls) {
      expect(args[args.indexOf('--subscription') + 1]).toBe(running.config.subscriptionId);
      if (args[1] === 'build' || args[1] === 'task')
        expect(args[args.indexOf('--resource-group') + 1]).toBe(running.config.resourceGroup);
    }
  });

  it('passes the Dockerfile as the CLI resolves it, from its working directory rather than the context', async () => {
    running = await emulator({ speed: 1 });
    const workspace = mkdtempSync(join(tmpdir(), 'checkout-'));
    cpSync(join(repoRoot, 'inference/triton'), join(workspace, 'serving'), { recursive: true });
    mkdirSync(join(workspace, 'serving/docker'));
    renameSync(join(workspace, 'serving/Dockerfile'), join(workspace, 'serving/docker/Triton.Dockerfile'));
    const run = await runAgainstEmulator(running, {
      action: 'build-triton',
      workspace,
      inputs: { context: 'serving', dockerfile: 'docker/Triton.Dockerfile' },
    });
    if (run.exitCode) console.log(run.stdout);
    expect(run.exitCode).toBe(0);
    expect(run.outputs.built).toBe('true');
    const build = acrCalls(running).find((args) => args[1] === 'build')!;
    expect(build[build.indexOf('--file') + 1]).toBe(join(workspace, 'serving/docker/Triton.Dockerfile'));
  });

  it('follows the run by its id to its end when the log stream gives up before the build ends', async () => {
    running = await emulator({ speed: 3600, acrBuildMs: 3 * 3_600_000 }, { acrLogStreamStops: true });
    const run = await runAgainstEmulator(running, { action: 'build-triton', inputs: { tag: 'slow-1' } });
    if (run.exitCode) console.log(run.stdout, run.stderr);
    expect(run.exitCode).toBe(0);
    expect(run.stdout + run.stderr).toContain('Failed to find any new logs in 1800 seconds');
    expect(run.outputs.built).toBe('true');
    expect(run.outputs['image-digest']).toMatch(/^sha256:[0-9a-f]{64}$/);
    expect(run.outputs['image-digest']).toBe(running.store.images.get('next-item-triton:slow-1')?.digest);
    expect(acrCalls(running).some((args) => args[1] === 'task' && args[2] === 'show-run')).toBe(true);
  });

  it('fails a failed ACR build cause first, in its error and its summary, with the tail of its log', async () => {
    running = await emulator(
      { speed: 1 },
      {
        failAcrBuild: {
          log: 'Step 3/4 : RUN pip install merlin-systems\nERROR: No matching distribution found for merlin-systems',
        },
      },
    );
    const run = await runAgainstEmulator(running, { action: 'build-triton', inputs: { tag: 'broken-1' } });
    expect(run.exitCode).toBe(1);
    const cause =
      'at Step 3/4 : RUN pip install merlin-systems: ERROR: No matching distribution found for merlin-systems';
    expect(run.errorLines[0]).toMatch(
      /^::error::ACR build of next-item-triton:broken-1 in acrnextitem failed at Step 3\/4 : RUN pip install merlin-systems: ERROR: No matching distribution found for merlin-systems \(run \w+ ended Failed: failed during run, err: exit status 1\)%0A/,
    );
    expect(run.errorLines[0]).toMatch(/Last lines of the build log:%0A[\s\S]*Run ID: \w+ failed after/);
    expect(run.summary.split('\n')[0]).toBe(
      `## ❌ Image build of next-item-triton:broken-1 in acrnextitem failed ${cause}`,
    );
    expect(run.summary).toContain('Last lines of the build log');
  });
});
