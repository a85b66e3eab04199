import { afterAll, describe, expect, it } from '@jest/globals';
import { readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { ACTIONS, readManifest, readmeWithTables, repoRoot } from '../support/action-manifests.js';
import type { ActionName } from '../../src/actions/shared/shared-names.js';
import { readBuildTritonInputs } from '../../src/actions/build-triton/inputs.js';
import { readDeployEndpointInputs } from '../../src/actions/deploy-endpoint/inputs.js';
import { readRegisterModelInputs } from '../../src/actions/register-model/inputs.js';
import { readSmokeScoreInputs } from '../../src/actions/smoke-score/inputs.js';
import { readCommentContext, readRunFacts } from '../../src/actions/run-report/inputs.js';
import { readPlanRolloutInputs } from '../../src/actions/plan-rollout/inputs.js';
import { readResumeRolloutInputs } from '../../src/actions/resume-rollout/inputs.js';
import { readSubmitPipelineInputs } from '../../src/actions/submit-pipeline/inputs.js';
import { githubRun } from '../../src/kit/github-run.js';
import { Inputs } from '../../src/kit/inputs.js';
import { fixtureWorkspace } from '../support/fixture-workspace.js';
import { VALID } from '../support/valid-inputs.js';

const READERS: Record<ActionName, (inputs: Inputs, env: NodeJS.ProcessEnv) => unknown> = {
  'plan-rollout': readPlanRolloutInputs,
  'submit-pipeline': readSubmitPipelineInputs,
  'register-model': readRegisterModelInputs,
  'build-triton': readBuildTritonInputs,
  'deploy-endpoint': readDeployEndpointInputs,
  'smoke-score': readSmokeScoreInputs,
  'run-report': (inputs, env) => [
    readRunFacts(inputs, env, githubRun(env)),
    readCommentContext(inputs, env, githubRun(env), '', ''),
  ],
  'resume-rollout': readResumeRolloutInputs,
};

const workspace = fixtureWorkspace();
afterAll(() => rmSync(workspace, { recursive: true, force: true }));

describe.each(ACTIONS)('%s manifest', (action) => {
  const manifest = readManifest(action);

  it('runs on node24 from its bundle, with submit-pipeline cancelling in a post step', () => {
    const runs = (manifest as unknown as { runs: Record<string, string> }).runs;
    expect(runs.using).toBe('node24');
    expect(runs.main).toBe(`../../dist/${action}/index.js`);
    if (action === 'submit-pipeline')
      expect(runs).toMatchObject({
        post: '../../dist/submit-pipeline/post/index.js',
        'post-if': 'cancelled()',
      });
  });

  it('declares exactly the inputs the code reads, and the code accepts the manifest defaults', () => {
    const read = new Set<string>();
    const defaults = Object.fromEntries(
      Object.entries(manifest.inputs).map(([name, spec]) => [name, spec.default ?? '']),
    );
    const values = { ...defaults, ...VALID[action] };
    READERS[action]!(
      new Inputs((name) => {
        read.add(name);
        return values[name] ?? '';
      }),
      { GITHUB_WORKSPACE: workspace },
    );
    expect([...read].sort()).toEqual(Object.keys(manifest.inputs).sort());
  });

  it('defaults in code to what the manifest declares: a run without the input reads as a run with the default', () => {
    const defaults = Object.fromEntries(
      Object.entries(manifest.inputs)
        // An expression default (`${{ github.token }}`) is the runner's to evaluate, not the code's to repeat.
        .filter(([, spec]) => spec.default !== undefined && !spec.default.startsWith('${{'))
        .map(([name, spec]) => [name, spec.default!]),
    );
    const read = (values: Record<string, string>) =>
      READERS[action]!(new Inputs((name) => values[name] ?? ''), { GITHUB_WORKSPACE: workspace });
    expect(read({ ...VALID[action] })).toEqual(read({ ...defaults, ...VALID[action] }));
  });

  it('names the shared inputs the same way as every other action', () => {
    for (const name of [
      'subscription-id',
      'resource-group',
      'workspace',
      'cloud',
      'client-id',
      'tenant-id',
    ]) {
      expect(manifest.inputs[name]).toEqual(readManifest('submit-pipeline').inputs[name]);
    }
  });
});

describe('README', () => {
  it("keeps each action's input and output tables identical to its action.yml", () => {
    const readme = readFileSync(join(repoRoot, 'README.md'), 'utf8');
    expect(readme).toBe(readmeWithTables(readme));
  });
});
