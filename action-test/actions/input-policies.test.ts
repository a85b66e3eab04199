import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { rmSync } from 'node:fs';
import { readManifest } from '../support/action-manifests.js';
import { readRegisterModelInputs } from '../../src/actions/register-model/inputs.js';
import { METRIC_BAR_LIMITS, parseMetricBars } from '../../src/actions/register-model/quality-bar.js';
import { IMAGE_REFERENCE, imageName, imageReferenceInput } from '../../src/actions/shared/image-ref.js';
import { HYPERPARAMETER_LIMITS, readSubmitPipelineInputs } from '../../src/actions/submit-pipeline/inputs.js';
import { fixtureWorkspace } from '../support/fixture-workspace.js';
import { VALID } from '../support/valid-inputs.js';
import { failure, inputs } from '../support/input-failure.js';

let workspace: string;
beforeAll(() => {
  workspace = fixtureWorkspace();
});
afterAll(() => rmSync(workspace, { recursive: true, force: true }));

describe('quality bars (min-metrics)', () => {
  const bars = (...items: string[]) => parseMetricBars('min-metrics', items);

  it('reads plain and exponent forms that are finite', () => {
    expect(bars('ndcg_at_20>=0.1', 'recall_at_40 > 2.5e-1', 'loss<=1E+3', 'ndcg_at_20>=0e1')).toEqual([
      { metric: 'ndcg_at_20', comparison: '>=', bar: 0.1 },
      { metric: 'recall_at_40', comparison: '>', bar: 0.25 },
      { metric: 'loss', comparison: '<=', bar: 1000 },
      { metric: 'ndcg_at_20', comparison: '>=', bar: 0 },
    ]);
  });

  it('refuses a bar that is not a finite number, rather than reading Infinity or 0', () => {
    for (const item of ['ndcg_at_20>=1e999', 'loss<-1e999', 'loss>=1e-999', `loss<=${'9'.repeat(40)}`]) {
      expect(failure(() => bars(item)).message).toMatch(
        /^Input 'min-metrics' has '.+', whose bar is not a finite/,
      );
    }
  });

  it('holds NDCG and recall bars to [0, 1], where those metrics lie; other metrics to any finite bar', () => {
    expect(bars('ndcg_at_20>=1', 'recall_at_20>=0', 'loss<=5')).toHaveLength(3);
    for (const item of ['ndcg_at_20>=1.5', 'recall_at_20>=-0.1', 'NDCG_AT_40<2']) {
      expect(failure(() => bars(item)).message).toMatch(/a bar outside \[0, 1\]/);
    }
  });

  it('takes at most 32 bars, as the input description says', () => {
    const env = { GITHUB_WORKSPACE: workspace };
    const many = (n: number) => Array.from({ length: n }, (_, i) => `m${i}>=0`).join(',');
    const read = (n: number) =>
      readRegisterModelInputs(inputs({ ...VALID['register-model'], 'min-metrics': many(n) }), env);
    expect(read(32).minMetrics).toHaveLength(32);
    expect(failure(() => read(33)).message).toMatch(/^Input 'min-metrics' has 33 items: expected at most 32/);
  });
});

describe('hyperparameters', () => {
  const env = () => ({ GITHUB_WORKSPACE: workspace });
  const read = (hyperparameters: string) =>
    readSubmitPipelineInputs(inputs({ ...VALID['submit-pipeline'], hyperparameters }), env());

  it('takes up to 64 pairs, each name once', () => {
    const pairs = Array.from({ length: 64 }, (_, i) => `p${i}=${'9'.repeat(64)}`).join('\n');
    expect(read(pairs).hyperparameters).toHaveLength(64);
    expect(failure(() => read(`${pairs}\np64=1`)).message).toMatch(
      /^Input 'hyperparameters' has 65 items: expected at most 64/,
    );
    expect(failure(() => read('epochs=3, epochs=4')).message).toMatch(/sets 'epochs' twice/);
  });
});

describe('the policies as the action.yml descriptions state them', () => {
  it('says the limits the code holds', () => {
    const hyperparameters = readManifest('submit-pipeline').inputs['hyperparameters']!.description;
    expect(hyperparameters).toContain(`At most ${HYPERPARAMETER_LIMITS.maxItems} pairs`);
    expect(hyperparameters).toContain('each name once');
    const minMetrics = readManifest('register-model').inputs['min-metrics']!.description;
    expect(minMetrics).toContain(`At most ${METRIC_BAR_LIMITS.maxItems} bars`);
    expect(minMetrics).toContain('1e999 is refused');
    expect(minMetrics).toContain('NDCG and recall bars lie between 0 and 1');
  });
});

describe('image references', () => {
  it('finds the name part: registry host and port kept, tag and digest dropped', () => {
    const digest = `sha256:${'a'.repeat(64)}`;
    expect(imageName('nvcr.io/nvidia/merlin/merlin-pytorch:23.08')).toBe(
      'nvcr.io/nvidia/merlin/merlin-pytorch',
    );
    expect(imageName(`localhost:5000/repo:tag@${digest}`)).toBe('localhost:5000/repo');
    expect(imageName(`localhost:5000/repo@${digest}`)).toBe('localhost:5000/repo');
    expect(imageName('repo')).toBe('repo');
  });

  it('accepts a name of 255 characters and refuses 256, the Docker reference limit', () => {
    const host = 'acr01.azurecr.io/';
    const at = (length: number) => `${host}${'r'.repeat(length - host.length)}:${'t'.repeat(128)}`;
    const read = (value: string) =>
      imageReferenceInput(inputs({ image: value }), 'image', { required: true });
    expect(read(at(255))).toBe(at(255));
    expect(failure(() => read(at(256))).message).toMatch(
      /^Input 'image' names an image 256 characters long \('acr01.azurecr.io\/r+…'\): expected .* at most 255 characters/,
    );
  });

  it('bounds the whole reference by its longest valid form: name, 128-character tag and digest', () => {
    expect(IMAGE_REFERENCE.maxLength).toBe(255 + 1 + 128 + 8 + 64);
    expect(failure(() => imageReferenceInput(inputs({ image: 'a'.repeat(457) }), 'image')).message).toMatch(
      /is 457 characters long .*expected at most 456 characters/,
    );
  });
});
