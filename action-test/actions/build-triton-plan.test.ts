import { describe, expect, it } from '@jest/globals';
import { readFileSync } from 'node:fs';
import { githubRun } from '../../src/kit/github-run.js';
import { lineageTags } from '../../src/kit/lineage.js';
import { dockerfileLabels } from '../emulator/az/acr-emulator.js';
import {
  acrBuildArgs,
  buildOutputs,
  buildSummary,
  contentTag,
  decideBuild,
  tagHashInputs,
} from '../../src/actions/build-triton/plan.js';

describe('build-triton planners', () => {
  it('hashes the Dockerfile by its path inside the context, the same on any runner', () => {
    const on = (root: string) =>
      tagHashInputs({
        context: `${root}/inference/triton`,
        dockerfile: `${root}/inference/triton/docker/Triton.Dockerfile`,
        platform: 'linux/amd64',
        buildArgs: [['BASE_IMAGE', 'nvcr.io/x:1']],
      });
    expect(on('/home/runner/work/a').extra).toEqual(on('/tmp/other').extra);
    expect(on('/a').extra).toEqual({
      dockerfile: 'docker/Triton.Dockerfile',
      platform: 'linux/amd64',
      buildArgs: 'BASE_IMAGE=nvcr.io/x:1',
    });
    expect(contentTag('0123456789abcdef0123')).toBe('ctx-0123456789abcdef');
  });

  it("gives ACR the run's commit and repository for the image's OCI labels, outside the tag's hash", () => {
    const run = githubRun({
      GITHUB_REPOSITORY: 'o/r',
      GITHUB_SHA: 'abc123',
      GITHUB_RUN_ID: '7',
      GITHUB_SERVER_URL: 'https://ghe.example.com',
    });
    const hashed: Array<[string, string]> = [['BASE_IMAGE', 'nvcr.io/x:1']];
    const args = acrBuildArgs(hashed, run);
    expect(args).toEqual([
      ['BASE_IMAGE', 'nvcr.io/x:1'],
      ['OCI_REVISION', 'abc123'],
      ['OCI_SOURCE', 'https://ghe.example.com/o/r'],
    ]);
    // The project's Dockerfile turns them into the labels (the emulator reads LABEL as Docker does).
    const dockerfile = readFileSync('inference/triton/Dockerfile', 'utf8');
    expect(
      dockerfileLabels(
        dockerfile,
        args.map(([k, v]) => `${k}=${v}`),
      ),
    ).toEqual({
      'org.opencontainers.image.revision': 'abc123',
      'org.opencontainers.image.source': 'https://ghe.example.com/o/r',
    });
    expect(lineageTags(run)).toEqual({
      github_sha: 'abc123',
      github_repository: 'o/r',
      github_run_url: 'https://ghe.example.com/o/r/actions/runs/7',
    });
  });

  it('builds only when the tag is missing', () => {
    expect(decideBuild(undefined)).toEqual({ build: true });
    expect(decideBuild('sha256:1')).toEqual({ build: false, digest: 'sha256:1' });
  });

  it('says what was built in the outputs and the summary', () => {
    const result = {
      image: 'acr1.azurecr.io/triton:ctx-1',
      digest: 'sha256:1',
      built: false,
      registry: { name: 'acr1', loginServer: 'acr1.azurecr.io' },
      baseImage: 'nvcr.io/x:1',
    };
    expect(buildOutputs(result)).toEqual({
      image: 'acr1.azurecr.io/triton:ctx-1',
      'image-digest': 'sha256:1',
      'acr-name': 'acr1',
      'login-server': 'acr1.azurecr.io',
      built: 'false',
      'run-id': '',
    });
    expect(buildSummary(result)).toContain('## Triton image already built');
    expect(buildOutputs({ ...result, built: 'queued', runId: 'ca1', digest: undefined })).toMatchObject({
      built: 'queued',
      'run-id': 'ca1',
      'image-digest': '',
    });
    expect(buildSummary({ ...result, built: 'queued', runId: 'ca1' })).toContain(
      '## Triton image build queued: ACR run ca1',
    );
    expect(buildSummary({ ...result, built: true, digest: undefined })).toContain('| digest | `` |');
  });
});
