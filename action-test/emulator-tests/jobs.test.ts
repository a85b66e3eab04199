import { afterEach, describe, expect, it } from '@jest/globals';
import { cpSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { repoRoot } from '../support/action-manifests.js';
import type { RunningEmulator } from '../emulator/server.js';
import { emulator, productionClients, runAz } from '../support/emulator-harness.js';

let running: RunningEmulator | undefined;
afterEach(async () => {
  await running?.close();
  running = undefined;
});

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

async function submit(
  r: RunningEmulator,
  home: string,
  extra: string[] = [],
  file = join(repoRoot, 'pipeline/pipeline.yml'),
) {
  const { config } = r;
  return runAz(
    r,
    [
      'ml',
      'job',
      'create',
      '-f',
      file,
      '-g',
      config.resourceGroup,
      '-w',
      config.workspace,
      '--subscription',
      config.subscriptionId,
      ...extra,
      '-o',
      'json',
    ],
    home,
  );
}

async function loggedIn(r: RunningEmulator) {
  const clients = productionClients(r);
  // Through src/azure's AzCli: it logs the emulator's `az` in with a fresh federated token first.
  await clients.az.run(['extension', 'add', '--name', 'ml', '--yes']);
  return clients;
}

describe('pipeline jobs', () => {
  it('follows a job submitted through the az shim to Completed through the ARM client, on the accelerated clock', async () => {
    // Submitted in real time, so the answer is the job as just submitted (at 20,000x its 30 s before the first step
    // is 1.5 ms, which a busy machine can spend between the write and the answer); then six hours in seconds.
    running = await emulator({ speed: 1 });
    const { arm, az, workspace } = await loggedIn(running);
    const job = await az.json<{
      name: string;
      status: string;
      services: { Studio: { endpoint: string } };
      type: string;
    }>([
      'ml',
      'job',
      'create',
      '--file',
      join(repoRoot, 'pipeline/pipeline.yml'),
      '--resource-group',
      running.config.resourceGroup,
      '--workspace-name',
      running.config.workspace,
      '--set',
      'tags.git_sha=abc123',
    ]);
    expect(job).toMatchObject({ type: 'pipeline', status: 'NotStarted' });
    expect(job.services.Studio.endpoint).toMatch(/^https:\/\/ml\.azure\.com\/runs\//);
    running.clock.setSpeed(20_000);
    const seen: string[] = [];
    const started = Date.now();
    for (;;) {
      const status = (await arm.get<{ properties: { status: string } }>(`${workspace}/jobs/${job.name}`))
        .properties.status;
      if (seen.at(-1) !== status) seen.push(status);
      if (['Completed', 'Failed', 'Canceled'].includes(status)) break;
      await sleep(50);
    }
    expect(seen.slice(-2)).toEqual(['Running', 'Completed']);
    expect(Date.now() - started).toBeLessThan(5000); // six hours of Azure time
    const tagged = await arm.get<{ value: Array<{ name: string }> }>(`${workspace}/jobs`, {
      query: { tag: 'git_sha=abc123' },
    });
    expect(tagged.value.map((j) => j.name)).toEqual([job.name]);
  });

  it('moves every step through NotStarted, Queued, Preparing, Running, Finalizing and Completed', async () => {
    running = await emulator({ speed: 1 });
    const { home } = await loggedIn(running);
    const created = JSON.parse((await submit(running, home)).stdout) as { name: string };
    const steps = async () =>
      JSON.parse(
        (
          await runAz(
            running!,
            [
              'ml',
              'job',
              'list',
              '--parent-job-name',
              created.name,
              '-g',
              running!.config.resourceGroup,
              '-w',
              running!.config.workspace,
            ],
            home,
          )
        ).stdout,
      ) as Array<{ display_name: string; status: string }>;
    const timeline: string[] = [];
    for (const advance of [0, 60_000, 3 * 60_000, 6 * 60_000, 18 * 60_000, 60_000]) {
      running.clock.advance(advance);
      const train = (await steps()).find((step) => step.display_name === 'data_gen')!;
      if (timeline.at(-1) !== train.status) timeline.push(train.status);
    }
    expect(timeline).toEqual(['NotStarted', 'Queued', 'Preparing', 'Running', 'Finalizing', 'Completed']);
    expect((await steps()).map((step) => step.display_name)).toEqual([
      'data_gen',
      'data_prep',
      'train',
      'resume_rollout',
    ]);
  });

  it('lists child runs in run history with a graph node id (8 hex digits), not the YAML key, and serves no MLflow', async () => {
    running = await emulator({ speed: 1 });
    const { home } = await loggedIn(running);
    const created = JSON.parse((await submit(running, home)).stdout) as { name: string };
    const { arm } = productionClients(running);
    const dataPlane = `/history/v1.0/subscriptions/${running.config.subscriptionId}/resourceGroups/${running.config.resourceGroup}/providers/Microsoft.MachineLearningServices/workspaces/${running.config.workspace}`;
    const children = await arm.get<{
      value: Array<{ displayName: string; properties: Record<string, string> }>;
    }>(`${dataPlane}/runs/${created.name}/children`, { apiVersion: null });
    expect(children.value.map((run) => run.displayName)).toEqual([
      'data_gen',
      'data_prep',
      'train',
      'resume_rollout',
    ]);
    for (const run of children.value) expect(run.properties['azureml.nodeid']).toMatch(/^[0-9a-f]{8}$/);
    await expect(
      arm.get(`/mlflow/v2.0${dataPlane.slice('/history/v1.0'.length)}/api/2.0/mlflow/runs/get`, {
        apiVersion: null,
        query: { run_id: 'x' },
      }),
    ).rejects.toMatchObject({ status: 404 });
  });

  it('fails the named step with its message, and cancels on request', async () => {
    running = await emulator(
      { speed: 1 },
      { failStep: { step: 'train', message: 'CUDA out of memory. Tried to allocate 2.00 GiB' } },
    );
    const { arm, az, workspace, home } = await loggedIn(running);
    const failing = JSON.parse((await submit(running, home)).stdout) as { name: string };
    running.setFaults({ failStep: undefined });
    const cancelled = JSON.parse((await submit(running, home)).stdout) as { name: string };
    running.clock.advance(4 * 3_600_000);
    const failed = await arm.get<{ properties: { status: string } }>(`${workspace}/jobs/${failing.name}`);
    expect(failed.properties.status).toBe('Failed');
    // Four hours on, the CLI's federated login has expired: src/azure's AzCli logs in again and retries.
    const children = await az.json<
      Array<{ display_name: string; status: string; error?: { message: string } }>
    >([
      'ml',
      'job',
      'list',
      '-p',
      failing.name,
      '-g',
      running.config.resourceGroup,
      '-w',
      running.config.workspace,
    ]);
    expect(children.map((c) => [c.display_name, c.status])).toEqual([
      ['data_gen', 'Completed'],
      ['data_prep', 'Completed'],
      ['train', 'Failed'],
      // The on_finalize step runs after a failed step too, so the job's rollout hears of it.
      ['resume_rollout', 'Completed'],
    ]);
    expect(children[2]!.error?.message).toBe('CUDA out of memory. Tried to allocate 2.00 GiB');

    // Cancelling takes Azure half a minute: only waited, so it passes on a faster clock.
    running.clock.setSpeed(3600);
    await arm.begin('POST', `${workspace}/jobs/${cancelled.name}/cancel`);
    expect(
      (await arm.get<{ properties: { status: string } }>(`${workspace}/jobs/${cancelled.name}`)).properties
        .status,
    ).toBe('Canceled');
  });

  it('answers 20% of ARM calls with 429/503 and resets some connections, and the ARM client still gets through', async () => {
    running = await emulator(
      { speed: 1 },
      { throttleRate: 0.1, unavailableRate: 0.05, resetRate: 0.05, retryAfterSeconds: 0 },
    );
    const { arm, workspace } = productionClients(running, { maxRetries: 12 });
    for (let i = 0; i < 40; i++) await arm.get(workspace);
    expect(running.counters.injectedFaults).toBeGreaterThan(3);
    expect(arm.requestCount).toBe(40 + running.counters.injectedFaults);
  });
});

describe('the az shim', () => {
  it('rejects unknown flags with exit 2 as the real argument parser does', async () => {
    running = await emulator();
    const result = await runAz(
      running,
      ['ml', 'job', 'show', '--name', 'x', '--bogus', '-g', 'rg', '-w', 'ws'],
      mkdtempSync(join(tmpdir(), 'home-')),
    );
    expect(result).toMatchObject({ exitCode: 2, stderr: 'ERROR: unrecognized arguments: --bogus\n' });
  });

  it('needs a login, checks the federated token, and lets the login expire like the real one', async () => {
    running = await emulator({ speed: 1 });
    const home = mkdtempSync(join(tmpdir(), 'home-'));
    const { config } = running;
    expect((await runAz(running, ['account', 'show'], home)).stderr).toBe(
      "ERROR: Please run 'az login' to setup account.\n",
    );
    const stale = running.identity.issueIdToken('api://AzureADTokenExchange', -60_000);
    const refused = await runAz(
      running,
      [
        'login',
        '--service-principal',
        '-u',
        config.clientId,
        '-t',
        config.tenantId,
        '--federated-token',
        stale,
      ],
      home,
    );
    expect(refused.exitCode).toBe(1);
    expect(refused.stderr).toMatch(
      /^ERROR: AADSTS700024: Client assertion is not within its valid time range/,
    );
    const fresh = running.identity.issueIdToken('api://AzureADTokenExchange');
    expect(
      (
        await runAz(
          running,
          [
            'login',
            '--service-principal',
            '-u',
            config.clientId,
            '-t',
            config.tenantId,
            '--federated-token',
            fresh,
            '-o',
            'none',
          ],
          home,
        )
      ).exitCode,
    ).toBe(0);
    expect(
      (await runAz(running, ['account', 'get-access-token', '--scope', `${running.url}/.default`], home))
        .exitCode,
    ).toBe(0);
    running.clock.advance(61 * 60_000);
    const late = await runAz(
      running,
      ['account', 'get-access-token', '--scope', `${running.url}/.default`],
      home,
    );
    expect(late.stderr).toMatch(/AADSTS700024/);
  });

  it('installs the ml extension into the config folder, where a cache can keep it', async () => {
    running = await emulator();
    const home = mkdtempSync(join(tmpdir(), 'home-'));
    expect((await runAz(running, ['extension', 'show', '--name', 'ml'], home)).stderr).toBe(
      'ERROR: The extension ml is not installed.\n',
    );
    await runAz(running, ['extension', 'add', '-n', 'ml', '-y'], home);
    expect(
      JSON.parse((await runAz(running, ['extension', 'show', '--name', 'ml'], home)).stdout),
    ).toMatchObject({ name: 'ml', version: '2.30.0' });
    expect(
      readFileSync(join(home, '.azure/cliextensions/ml/ml-2.30.0.dist-info/METADATA'), 'utf8'),
    ).toContain('Version: 2.30.0');
  });

  it.each([
    [
      'a component path that does not exist',
      (yaml: string) =>
        yaml.replace('./components/train/component.yml', './components/training/component.yml'),
      /component file .* does not exist/,
    ],
    [
      'a reference to a missing job',
      (yaml: string) => yaml.replace('parent.jobs.data_prep.outputs', 'parent.jobs.prep.outputs'),
      /names job prep, which is not in this pipeline/,
    ],
    [
      'a reference to a missing output',
      (yaml: string) => yaml.replace('outputs.sessions_by_day', 'outputs.sessions'),
      /names output sessions, which job data_prep does not have/,
    ],
    [
      'an input the component does not declare',
      (yaml: string) => yaml.replace('      sessions: ${{parent', '      session_data: ${{parent'),
      /does not declare an input named session_data/,
    ],
    [
      'an on_finalize step that is not a job',
      (yaml: string) => yaml.replace('on_finalize: resume_rollout', 'on_finalize: resume'),
      /On_finalize job name resume not exists in jobs/,
    ],
    [
      'an on_finalize step wired to another step',
      (yaml: string) =>
        yaml.replace(
          'component: ./components/resume-rollout/component.yml',
          'component: ./components/resume-rollout/component.yml\n    inputs:\n      github_ref: ${{parent.jobs.train.outputs.metrics}}',
        ),
      /On_finalize job should not have connection to other execution node/,
    ],
  ])('ml job create rejects %s', async (_what, mutate, message) => {
    running = await emulator();
    const copy = mkdtempSync(join(tmpdir(), 'pipeline-'));
    cpSync(join(repoRoot, 'pipeline'), copy, { recursive: true });
    writeFileSync(join(copy, 'pipeline.yml'), mutate(readFileSync(join(copy, 'pipeline.yml'), 'utf8')));
    const { home } = await loggedIn(running);
    const result = await submit(running, home, [], join(copy, 'pipeline.yml'));
    expect(result.exitCode).toBe(1);
    expect(result.stderr).toMatch(/^ERROR: \(UserError\) /);
    expect(result.stderr).toMatch(message);
    expect(running.store.jobs.size).toBe(0);
  });

  it('applies --set overrides before checking, and rejects an unknown compute', async () => {
    running = await emulator();
    const { home } = await loggedIn(running);
    const result = await submit(running, home, ['--set', 'settings.default_compute=azureml:tiny-cluster']);
    expect(result.stderr).toMatch(/Compute tiny-cluster was not found/);
    const ok = JSON.parse(
      (
        await submit(running, home, [
          '--set',
          'inputs.start_date=2024-02-01',
          '--set',
          'experiment_name=override',
        ])
      ).stdout,
    ) as { experiment_name: string; inputs: Record<string, { value: string }> };
    expect(ok.experiment_name).toBe('override');
    expect(ok.inputs.start_date!.value).toBe('2024-02-01');
  });
});
