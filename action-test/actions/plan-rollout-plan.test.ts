import { describe, expect, it } from '@jest/globals';
import { readPlanRolloutInputs, type PlanRolloutInputs } from '../../src/actions/plan-rollout/inputs.js';
import { readOrRefuse, run } from '../../src/actions/plan-rollout/plan-rollout.js';
import { failureSummary, planOutputs, planRollout, reportLine } from '../../src/actions/plan-rollout/plan.js';
import { Inputs } from '../../src/kit/inputs.js';
import { memoryLog } from '../../src/kit/log.js';

const IDENTITY = {
  'client-id': '00000000-0000-0000-0000-00000000000c',
  'tenant-id': '00000000-0000-0000-0000-00000000000a',
  'subscription-id': '00000000-0000-0000-0000-000000000001',
};
const REQUEST: PlanRolloutInputs = {
  resourceGroup: 'rg-ml',
  workspace: 'ws-merlin',
  cloud: 'AzureCloud',
  identity: IDENTITY,
  skipTraining: false,
  modelName: 'next-item-triton',
  projectPath: '.',
  rollout: 'promote',
  reportComment: 'auto',
};
const plan = (changes: Partial<PlanRolloutInputs>) => planRollout({ ...REQUEST, ...changes });

describe('planRollout', () => {
  it('trains and registers by default, registers a finished job without training, deploys a version as it is', () => {
    expect(plan({})).toEqual({
      ok: true,
      plan: { train: true, register: true, modelJob: '', modelId: '' },
    });
    expect(plan({ modelJob: 'sleepy_lamp_x1', skipTraining: true })).toEqual({
      ok: true,
      plan: { train: false, register: true, modelJob: 'sleepy_lamp_x1', modelId: '' },
    });
    expect(plan({ modelVersion: '7', modelName: 'recs' })).toEqual({
      ok: true,
      plan: { train: false, register: false, modelJob: '', modelId: 'azureml:recs:7' },
    });
  });

  it('refuses two model sources, and skip-training with no model, naming the inputs', () => {
    expect(plan({ modelJob: 'j1', modelVersion: '7' })).toEqual({
      ok: false,
      cause: 'Inputs model-job and model-version are both set: give one of them.',
    });
    expect(plan({ skipTraining: true })).toEqual({
      ok: false,
      cause:
        'Input skip-training is true but neither model-job nor model-version is set: name the model to deploy.',
    });
  });

  it.each(['client-id', 'tenant-id', 'subscription-id'] as const)(
    'needs the training identity (%s) only when this run trains or registers',
    (id) => {
      const identity = { ...IDENTITY, [id]: undefined };
      const refused = plan({ identity });
      expect(refused.ok).toBe(false);
      expect(!refused.ok && refused.cause).toMatch(
        new RegExp(
          `^Input '${id}' is empty and AZURE_${id.split('-')[0]!.toUpperCase()}_ID is not set: set the training identity`,
        ),
      );
      expect(plan({ identity, modelJob: 'j1' }).ok).toBe(false);
      // A registered version is deployed by the environments' own identity.
      expect(plan({ identity: {}, modelVersion: '7' }).ok).toBe(true);
    },
  );
});

describe('the outputs and the summary', () => {
  it('sets every output the workflow reads, error empty on success', () => {
    expect(planOutputs({ train: false, register: false, modelJob: '', modelId: 'azureml:m:7' })).toEqual({
      train: 'false',
      register: 'false',
      'model-job': '',
      'model-id': 'azureml:m:7',
      error: '',
    });
  });

  it('puts a cause on one line without markup, for the summary and the run report', () => {
    expect(reportLine('a\r\nb <script>')).toBe('a b &lt;script>');
    expect(failureSummary('Input x is bad.')).toBe('❌ Input x is bad.\n');
  });
});

/** The step as main.ts runs it, with the runner's pieces in memory. */
async function runPlan(values: Record<string, string>, env: NodeJS.ProcessEnv = {}) {
  const outputs: Record<string, string> = {};
  const summaries: string[] = [];
  const log = memoryLog();
  const read = readOrRefuse(() => readPlanRolloutInputs(new Inputs((name) => values[name] ?? ''), env));
  const done = run(read, {
    log,
    setOutputs: (o) => Object.assign(outputs, o),
    writeSummary: async (markdown) => void summaries.push(markdown),
  });
  const error = await done.then(
    () => undefined,
    (e: unknown) => (e as Error).message,
  );
  return { outputs, summaries, log: log.lines, error };
}

describe('run', () => {
  const base = { 'resource-group': 'rg-ml', workspace: 'ws-merlin' };
  const env = {
    AZURE_CLIENT_ID: IDENTITY['client-id'],
    AZURE_TENANT_ID: IDENTITY['tenant-id'],
    AZURE_SUBSCRIPTION_ID: IDENTITY['subscription-id'],
  };

  it('sets the choice and says it in the log, taking the ids from the AZURE_* variables', async () => {
    const result = await runPlan({ ...base, 'project-path': 'recs' }, env);
    expect(result.error).toBeUndefined();
    expect(result.outputs).toMatchObject({ train: 'true', register: 'true', error: '' });
    expect(result.summaries).toEqual([]);
    expect(result.log).toEqual(['Training: true. Registration: true. pipeline/ and inference/ from: recs.']);
  });

  it('states a refused input first in the summary and as the error output, and fails with the same line', async () => {
    const result = await runPlan({ ...base, rollout: 'all' }, env);
    const cause = "Input 'rollout' is 'all': expected one of promote, hold.";
    expect(result.error).toBe(cause);
    expect(result.outputs).toEqual({ error: cause });
    expect(result.summaries.join('').split('\n')[0]).toBe(`❌ ${cause}`);
  });

  it('states a refused plan the same way', async () => {
    const result = await runPlan({ ...base, 'skip-training': 'true' }, env);
    expect(result.error).toMatch(/^Input skip-training is true but neither/);
    expect(result.outputs).toEqual({ error: result.error });
    expect(result.summaries).toEqual([`❌ ${result.error}\n`]);
  });
});
