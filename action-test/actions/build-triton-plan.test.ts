import { describe, expect, it } from '@jest/globals';
import {
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
    });
    expect(buildSummary(result)).toContain('## Triton image already built');
    expect(buildSummary({ ...result, built: true, digest: undefined })).toContain('| digest | `` |');
  });
});
