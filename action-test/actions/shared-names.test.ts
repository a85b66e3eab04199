import { describe, expect, it } from '@jest/globals';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { parse } from 'yaml';
import { ACTIONS, POST_STEP_ACTIONS, savedState, TRAIN_STEP } from '../../src/actions/shared/shared-names.js';
import { pipelineOverrides } from '../../src/actions/submit-pipeline/overrides.js';
import type { SubmitPipelineInputs } from '../../src/actions/submit-pipeline/inputs.js';

const root = resolve(import.meta.dirname, '../..');
const manifest = (action: string) =>
  parse(readFileSync(join(root, 'actions', action, 'action.yml'), 'utf8')) as {
    runs: { main: string; post?: string };
  };

describe('the names the actions share', () => {
  it('lists exactly the actions there are manifests for, each with its entry in src/', () => {
    const folders = readdirSync(join(root, 'actions')).filter((name) =>
      existsSync(join(root, 'actions', name, 'action.yml')),
    );
    expect([...ACTIONS].sort()).toEqual(folders.sort());
    for (const action of ACTIONS) expect(existsSync(join(root, 'src/actions', action, 'main.ts'))).toBe(true);
  });

  it('gives a post step to the actions whose manifest runs one, and to no other', () => {
    for (const action of ACTIONS) {
      const hasPost = POST_STEP_ACTIONS.includes(action);
      expect([action, manifest(action).runs.post !== undefined]).toEqual([action, hasPost]);
      expect([action, existsSync(join(root, 'src/actions', action, 'post.ts'))]).toEqual([action, hasPost]);
    }
  });

  it('reads saved state the way the runner hands it to a post step', () => {
    expect(savedState('job-name', { 'STATE_job-name': ' next_item_1 \n' })).toBe('next_item_1');
    expect(savedState('job-name', {})).toBe('');
  });

  it.each(readdirSync(join(root, 'pipeline')).filter((file) => /^pipeline.*\.yml$/.test(file)))(
    '%s has the training step that hyperparameters are set on',
    (file) => {
      const pipeline = parse(readFileSync(join(root, 'pipeline', file), 'utf8')) as {
        jobs: Record<string, { component?: string }>;
      };
      const train = pipeline.jobs[TRAIN_STEP];
      expect(train?.component).toBeDefined();
      const component = parse(readFileSync(join(root, 'pipeline', train!.component!), 'utf8')) as {
        inputs: Record<string, unknown>;
      };
      const [override] = pipelineOverrides({
        hyperparameters: [['d_model', '64']],
        overrides: [],
      } as unknown as SubmitPipelineInputs);
      expect(override).toBe(`jobs.${TRAIN_STEP}.inputs.d_model=64`);
      expect(Object.keys(component.inputs)).toContain('d_model');
    },
  );
});
