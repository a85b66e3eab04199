import { describe, expect, it } from '@jest/globals';
import { acrBuild, buildArgs, decideTag, runOutcome, tagDigest, type Registry } from '../../src/azure/acr.js';
import { AzCli } from '../../src/azure/az-cli.js';
import { ActionError } from '../../src/kit/errors.js';
import { scriptedRunner, type ScriptedCall } from '../support/scripted-runner.js';
import { VirtualClock } from '../support/virtual-clock.js';

const registry: Registry = {
  id: '/subscriptions/sub-1/resourceGroups/rg-acr/providers/Microsoft.ContainerRegistry/registries/acr1',
  name: 'acr1',
  loginServer: 'acr1.azurecr.io',
  subscriptionId: 'sub-1',
  resourceGroup: 'rg-acr',
};
const cli = (script: ScriptedCall[]) => {
  const scripted = scriptedRunner(script);
  return { az: new AzCli({ runner: scripted.runner }), calls: scripted.calls };
};
const json = (value: unknown) => JSON.stringify(value);
const valueOf = (args: string[], flag: string) => args[args.indexOf(flag) + 1];

describe('tagDigest', () => {
  it('reads the digest from the repository tag list', async () => {
    const { az, calls } = cli([
      {
        match: ['acr', 'repository', 'show-tags'],
        stdout: json([
          { name: 'other', digest: 'sha256:0' },
          { name: 'ctx-1', digest: 'sha256:1' },
        ]),
      },
    ]);
    await expect(tagDigest(az, registry, 'triton:ctx-1')).resolves.toBe('sha256:1');
    expect(valueOf(calls[0]!, '--subscription')).toBe('sub-1');
    expect(calls[0]).toContain('--detail');
  });

  it('is undefined for a tag missing from the list', async () => {
    const { az } = cli([
      { match: ['acr', 'repository', 'show-tags'], stdout: json([{ name: 'a', digest: 'd' }]) },
    ]);
    await expect(tagDigest(az, registry, 'triton:ctx-1')).resolves.toBeUndefined();
  });

  it('decides a missing repository from the catalog, whatever the wording of the registry error', async () => {
    const { az, calls } = cli([
      {
        match: ['acr', 'repository', 'show-tags'],
        exitCode: 1,
        stderr: 'ERROR: Error: wording nobody has seen.',
      },
      { match: ['acr', 'repository', 'list'], stdout: json(['other-repo']) },
    ]);
    await expect(tagDigest(az, registry, 'triton:ctx-1')).resolves.toBeUndefined();
    expect(valueOf(calls[1]!, '--subscription')).toBe('sub-1');
  });

  it('fails when the repository exists but its tags cannot be read, or nothing can be read', async () => {
    const failing = {
      match: ['acr', 'repository', 'show-tags'],
      exitCode: 1,
      stderr: 'ERROR: Error: denied.',
    };
    const listed = cli([failing, { match: ['acr', 'repository', 'list'], stdout: json(['triton']) }]);
    await expect(tagDigest(listed.az, registry, 'triton:ctx-1')).rejects.toThrow(
      /Could not read the tags of triton/,
    );
    const blind = cli([
      failing,
      { match: ['acr', 'repository', 'list'], exitCode: 1, stderr: 'ERROR: Error: denied.' },
    ]);
    await expect(tagDigest(blind.az, registry, 'triton:ctx-1')).rejects.toThrow(ActionError);
  });

  it('decideTag uses only structured answers', () => {
    expect(decideTag('t', [{ name: 't', digest: 'd' }], undefined, 'r')).toEqual({
      found: true,
      digest: 'd',
    });
    expect(decideTag('t', [], undefined, 'r')).toEqual({ found: false });
    expect(decideTag('t', undefined, ['x'], 'r')).toEqual({ found: false });
    expect(decideTag('t', undefined, ['r'], 'r')).toEqual({ found: 'unknown' });
    expect(decideTag('t', undefined, undefined, 'r')).toEqual({ found: 'unknown' });
  });
});

describe('acrBuild', () => {
  const request = {
    registry,
    image: 'triton:ctx-1',
    context: '/checkout/inference/triton',
    dockerfile: '/checkout/inference/triton/Dockerfile',
    platform: 'linux/amd64',
    buildArgs: [['BASE_IMAGE', 'nvcr.io/x:1']] as Array<[string, string]>,
    timeoutSeconds: 3600,
  };

  it('queues with --no-wait, an absolute --file and the registry scope', () => {
    const args = buildArgs(request);
    expect(valueOf(args, '--file')).toBe('/checkout/inference/triton/Dockerfile');
    expect(valueOf(args, '--subscription')).toBe('sub-1');
    expect(valueOf(args, '--resource-group')).toBe('rg-acr');
    expect(args).toContain('--no-wait');
    expect(args.at(-1)).toBe('/checkout/inference/triton');
  });

  it('follows the run after the log stream returns, until show-run says it ended', async () => {
    const clock = new VirtualClock();
    const logs: string[] = [];
    const { az, calls } = cli([
      { match: ['acr', 'build'], stdout: json({ runId: 'ca7', status: 'Queued' }) },
      {
        match: ['acr', 'task', 'logs'],
        stdout: 'Step 1/4\n',
        stderr: 'WARNING: Failed to find any new logs\n',
      },
      { match: ['acr', 'task', 'show-run'], stdout: json({ runId: 'ca7', status: 'Running' }) },
      {
        match: ['acr', 'task', 'show-run'],
        stdout: json({
          runId: 'ca7',
          status: 'Succeeded',
          outputImages: [{ repository: 'triton', tag: 'ctx-1', digest: 'sha256:7' }],
        }),
      },
    ]);
    await expect(acrBuild(az, request, { clock, onLog: (text) => logs.push(text) })).resolves.toBe(
      'sha256:7',
    );
    expect(calls.map((args) => args.slice(0, 3).join(' '))).toEqual([
      'acr build --registry',
      'acr task logs',
      'acr task show-run',
      'acr task show-run',
    ]);
    for (const args of calls.slice(1)) {
      expect(valueOf(args, '--run-id')).toBe('ca7');
      expect(valueOf(args, '--subscription')).toBe('sub-1');
    }
    expect(clock.sleeps).toHaveLength(1);
  });

  it('fails a run that did not succeed with the tail of its log', async () => {
    const { az } = cli([
      { match: ['acr', 'build'], stdout: json({ runId: 'ca8', status: 'Queued' }) },
      {
        match: ['acr', 'task', 'logs'],
        stdout: 'Step 3/4 : RUN pip install x\nERROR: No matching distribution\n',
      },
      { match: ['acr', 'task', 'show-run'], stdout: json({ runId: 'ca8', status: 'Failed' }) },
    ]);
    await expect(acrBuild(az, request, { clock: new VirtualClock(), onLog: () => {} })).rejects.toThrow(
      /run ca8 ended Failed[\s\S]*No matching distribution/,
    );
  });

  it('still follows the run when its log cannot be streamed', async () => {
    const notices: string[] = [];
    const { az } = cli([
      { match: ['acr', 'build'], stdout: json({ runId: 'ca9', status: 'Queued' }) },
      { match: ['acr', 'task', 'logs'], exitCode: 1, stderr: 'ERROR: Could not get logs for ID: ca9' },
      {
        match: ['acr', 'task', 'show-run'],
        stdout: json({ runId: 'ca9', status: 'Succeeded', outputImages: [] }),
      },
    ]);
    await expect(
      acrBuild(az, request, {
        clock: new VirtualClock(),
        onLog: () => {},
        onNotice: (line) => notices.push(line),
      }),
    ).resolves.toBeUndefined();
    expect(notices.join('\n')).toMatch(/could not be streamed/);
  });

  it('runOutcome takes the digest of the image asked for', () => {
    expect(
      runOutcome(
        {
          runId: 'r',
          status: 'Succeeded',
          outputImages: [
            { repository: 'a', tag: '1', digest: 'sha256:a' },
            { repository: 'triton', tag: 'ctx-1', digest: 'sha256:t' },
          ],
        },
        'triton:ctx-1',
      ),
    ).toEqual({ digest: 'sha256:t' });
    expect(runOutcome({ runId: 'r', status: 'Timeout' }, 'triton:ctx-1')).toEqual({
      failure: 'run r ended Timeout',
    });
  });
});
