import { describe, expect, it } from '@jest/globals';
import { readFileSync } from 'node:fs';
import type { ArmClient } from '../../src/azure/arm-client.js';
import { TRAINING_METRICS, TRAINING_METRICS_FILE } from '../emulator/model-repository.js';
import { jobOutputUri, MlJobs, type Job, type Step } from '../../src/azure/ml/jobs.js';
import { jobNeedsReading } from '../../src/actions/submit-pipeline/follow-job.js';
import { modelUri, parseTrainingMetrics } from '../../src/actions/shared/ml-outputs.js';
import {
  belowBar,
  metricsSource,
  notRegistrable,
  registrationRequest,
} from '../../src/actions/register-model/register-plan.js';
import {
  failure,
  finishedOutputs,
  jobCreateArgs,
  metricsOutput,
  submissionSets,
  detachedSummary,
  resumeStepSets,
  resumeTags,
} from '../../src/actions/submit-pipeline/submit-plan.js';
import {
  decodeResumeInputs,
  encodeResumeInputs,
  resumeTarget,
} from '../../src/actions/shared/pending-rollout.js';
import { registerInputs, RUN } from '../support/plan-fixtures.js';

/** azure-ai-ml `constants/_common.py` JOB_URI_REGEX_FORMAT (MIT, Azure/azure-sdk-for-python). */
const JOB_URI_REGEX = /^azureml:\/\/jobs\/([^/]+)\/outputs\/([^/]+)\/paths\/(.+)$/;
const TARGET = { subscriptionId: 'sub', resourceGroup: 'rg', workspace: 'ws', cloud: 'AzureCloud' as const };
const job = (status: Job['status'], outputs: Job['outputs'] = { model: {}, metrics: {} }): Job => ({
  name: 'j1',
  status,
  studioUrl: 'https://ml.azure.com/runs/j1',
  tags: {},
  outputs,
});

describe('job output paths', () => {
  it('names the Triton repository folder of the model output in a form the SDK job-URI pattern accepts', () => {
    expect(modelUri('j1')).toBe('azureml://jobs/j1/outputs/model/paths/triton/');
    expect(JOB_URI_REGEX.exec(modelUri('j1'))?.slice(1)).toEqual(['j1', 'model', 'triton/']);
    expect(() => jobOutputUri('j1', 'model', '')).toThrow(/path inside output model/);
  });
});

describe('metrics.json of the metrics output', () => {
  it('takes numeric top-level keys as the model metrics and popularity_baseline as the baseline', () => {
    const parsed = parseTrainingMetrics(readFileSync(TRAINING_METRICS_FILE, 'utf8'), 'metrics.json');
    const { ndcg_at_20, recall_at_20, ndcg_at_40, recall_at_40, popularity_baseline } = TRAINING_METRICS;
    expect(parsed.model).toEqual({ ndcg_at_20, recall_at_20, ndcg_at_40, recall_at_40 });
    expect(parsed.baseline).toEqual(popularity_baseline);
    expect(parsed.model).not.toHaveProperty('hyperparameters');
  });

  it('says which file is not JSON', () => {
    expect(() => parseTrainingMetrics('nan', 'metrics.json of job j1')).toThrow(
      /metrics.json of job j1 is not JSON/,
    );
    expect(() => parseTrainingMetrics('[1]', 'm')).toThrow(/not a JSON object/);
  });
});

describe('MlJobs.steps', () => {
  it("names steps by run history's displayName, never by azureml.nodeid (a graph id)", async () => {
    const dataPlane = {
      async *list() {
        yield {
          runId: 'r1',
          displayName: 'train',
          status: 'Running',
          properties: { 'azureml.nodeid': 'e92ca11c' },
        };
        yield { runId: 'r2', status: 'NotStarted', properties: { 'azureml.nodeid': '4a72cbf2' } };
      },
    } as unknown as ArmClient;
    const steps = await new MlJobs({} as ArmClient, TARGET, async () => dataPlane).steps('j1');
    expect(steps.map((step) => step.name)).toEqual(['train', 'r2']);
  });
});

describe('register-model planning', () => {
  it('registers only Completed jobs', () => {
    expect(notRegistrable(job('Completed'))).toBeUndefined();
    expect(notRegistrable(job('Running'))?.message).toMatch(/Job j1 is Running/);
  });

  it('needs the metrics output only when a bar needs a metric', () => {
    expect(metricsSource(job('Completed'), registerInputs())).toBe('output');
    expect(metricsSource(job('Completed', { model: {} }), registerInputs())).toBe('none');
    expect(() =>
      metricsSource(job('Completed', { model: {} }), registerInputs({ beatBaseline: ['ndcg_at_20'] })),
    ).toThrow(/has no 'metrics' output/);
  });

  it('registers the triton/ folder, tagged with the run and the metrics, the baseline as properties', () => {
    const request = registrationRequest(
      registerInputs(),
      {
        model: { ndcg_at_20: 0.2 },
        baseline: { ndcg_at_20: 0.1 },
        references: { popularity_baseline: { ndcg_at_20: 0.1 } },
      },
      RUN,
    );
    expect(request).toEqual({
      tagWarnings: [],
      request: {
        modelType: 'triton_model',
        modelUri: 'azureml://jobs/j1/outputs/model/paths/triton/',
        jobName: 'j1',
        description: 'Merlin next-item model trained by job j1',
        tags: {
          next_item_job: 'j1',
          github_sha: 'abc',
          github_repository: 'o/r',
          github_ref: 'refs/heads/main',
          github_run_url: RUN.runUrl,
          github_workflow: RUN.workflow,
          ndcg_at_20: '0.2',
        },
        properties: { baseline_ndcg_at_20: '0.1' },
      },
    });
  });

  it('names each failed bar with its value', () => {
    const { error, summary } = belowBar('j1', [
      { metric: 'ndcg_at_20', value: 0.1, bar: '>= 0.5', passed: false },
      { metric: 'recall_at_20', value: undefined, bar: '> 0.3 (popularity baseline)', passed: false },
    ]);
    expect(error.message).toBe(
      'Job j1 is below the quality bar, so nothing was registered: ndcg_at_20 0.1 (needs >= 0.5); recall_at_20 not logged (needs > 0.3 (popularity baseline)).',
    );
    expect(summary).toContain('| metric | value | bar |');
  });
});

describe('submit-pipeline planning', () => {
  it('builds az ml job create with the overrides, the tags that are set, and the display name', () => {
    const sets = submissionSets(
      ['inputs.rows_per_day=10'],
      { tags: [['team', 'recs']], displayName: 'nightly' },
      'h'.repeat(64),
      {
        ...RUN,
        ref: '',
      },
      { name: 'n', steps: ['train'] },
    );
    expect(sets).toEqual([
      'inputs.rows_per_day=10',
      `tags.next_item_content_hash=${'h'.repeat(64)}`,
      'tags.github_sha=abc',
      'tags.github_repository=o/r',
      `tags.github_run_url=${RUN.runUrl}`,
      `tags.github_workflow=${RUN.workflow}`,
      'tags.team=recs',
      'display_name=nightly',
    ]);
    expect(jobCreateArgs('p.yml', 'n', TARGET, ['a=1'])).toEqual([
      'ml',
      'job',
      'create',
      '--file',
      'p.yml',
      '--name',
      'n',
      '--resource-group',
      'rg',
      '--workspace-name',
      'ws',
      '--subscription',
      'sub',
      '--set',
      'a=1',
      '--only-show-errors',
    ]);
  });

  const RESUME = {
    workflow: 'deploy.yml',
    inputs: [
      ['endpoint', 'next-item'],
      ['create-endpoint', 'true'],
    ] as Array<[string, string]>,
    keyVaultUrl: 'https://kv-next-item.vault.azure.net/',
    tokenSecret: 'github-dispatch-token',
    apiUrl: 'https://api.github.com',
  };

  it('tags a detached job pending, with the workflow and inputs that resume it, and feeds its resume step', () => {
    const sets = submissionSets([], { tags: [], resume: RESUME }, 'h'.repeat(64), RUN, {
      name: 'job1',
      steps: ['data_gen', 'train', 'resume_rollout'],
    });
    expect(sets).toEqual(
      expect.arrayContaining([
        'tags.next_item_rollout=pending',
        'tags.next_item_resume_workflow=deploy.yml',
        `tags.next_item_resume_inputs=${encodeResumeInputs(RESUME.inputs)}`,
        'jobs.resume_rollout.inputs.github_repository=o/r',
        `jobs.resume_rollout.inputs.github_ref=${RUN.ref}`,
        'jobs.resume_rollout.inputs.github_workflow=deploy.yml',
        `jobs.resume_rollout.inputs.dispatch_inputs=${encodeResumeInputs([...RESUME.inputs, ['model-job', 'job1']])}`,
        'jobs.resume_rollout.inputs.model_job=job1',
        'jobs.resume_rollout.inputs.key_vault_url=https://kv-next-item.vault.azure.net',
        'jobs.resume_rollout.inputs.token_secret=github-dispatch-token',
      ]),
    );
    // Without a Key Vault, or a pipeline without the step, only the schedule resumes it: the tags stay.
    const scheduleOnly = submissionSets(
      [],
      { tags: [], resume: { ...RESUME, keyVaultUrl: undefined } },
      'h',
      RUN,
      {
        name: 'job1',
        steps: ['data_gen', 'train', 'resume_rollout'],
      },
    );
    expect(scheduleOnly.some((set) => set.startsWith('jobs.resume_rollout'))).toBe(false);
    expect(scheduleOnly).toContain('tags.next_item_rollout=pending');
    expect(resumeStepSets(RESUME, RUN, { name: 'job1', steps: ['train'] })).toEqual([]);
  });

  it('carries gates with commas, comparisons and spaces in the tags, split across tags when long', () => {
    const gates: Array<[string, string]> = [
      ['min-metrics', 'ndcg_at_20>=0.15, recall_at_20>=0.3'],
      ['beat-baseline', 'ndcg_at_20,recall_at_20'],
      ['instance-type', `Standard_${'X'.repeat(200)}`],
    ];
    const tags = Object.fromEntries(resumeTags({ ...RESUME, inputs: gates }));
    expect(tags.next_item_resume_inputs).toHaveLength(256);
    expect(tags.next_item_resume_inputs_2).toBeDefined();
    expect(tags.next_item_resume_inputs_3).toBeUndefined();
    // The value is safe on a shell's command line and is not JSON to `az --set`.
    expect(tags.next_item_resume_inputs).toMatch(/^[\w-]+$/);
    expect(resumeTarget({ tags: { ...tags, github_repository: 'o/r' } })?.inputs).toEqual(
      Object.fromEntries(gates),
    );
    // Jobs tagged before the JSON encoding still resume with their inputs.
    expect(decodeResumeInputs('endpoint=next-item&rollout=promote')).toEqual({
      endpoint: 'next-item',
      rollout: 'promote',
    });
  });

  it("says in a detached job's summary what was submitted and how its rollout resumes", () => {
    const viaAzure = detachedSummary('job1', 'https://studio/job1', RESUME, true, false);
    expect(viaAzure).toContain('## Pipeline job [job1](https://studio/job1): submitted, detached');
    expect(viaAzure).toContain('dispatches `deploy.yml` with model-job=job1');
    expect(viaAzure).toContain('`endpoint`: `next-item`, `create-endpoint`: `true`');
    const viaSchedule = detachedSummary(
      'job1',
      'https://studio/job1',
      { ...RESUME, keyVaultUrl: undefined },
      false,
      true,
    );
    expect(viaSchedule).toContain('followed, detached');
    expect(viaSchedule).toContain('scheduled resume.yml resumes it');
  });

  it('puts every reference beside the metrics, and gives no metrics when none were written', () => {
    const popularity = { ndcg_at_20: 0.1 };
    const champion = { ndcg_at_20: 0.19 };
    expect(
      metricsOutput({
        model: { ndcg_at_20: 0.2 },
        baseline: popularity,
        references: { champion, popularity_baseline: popularity },
      }),
    ).toEqual({ ndcg_at_20: 0.2, champion, popularity_baseline: popularity });
    expect(
      metricsOutput({ model: {}, baseline: popularity, references: { popularity_baseline: popularity } }),
    ).toBeUndefined();
    expect(finishedOutputs(job('Completed'), undefined, true)).toMatchObject({
      'model-uri': 'azureml://jobs/j1/outputs/model/paths/triton/',
      metrics: '',
      reused: 'true',
    });
  });

  it('fails a job that did not complete, naming the failed step by its display name', () => {
    expect(failure(job('Completed'), [])).toBeUndefined();
    const error = failure(job('Failed'), [
      { runId: 'r1', name: 'data_prep', status: 'Completed' },
      { runId: 'r2', name: 'train', status: 'Failed', error: 'CUDA out of memory' },
    ]);
    expect(error?.message).toBe(
      "Pipeline job j1 Failed: step 'train' Failed: CUDA out of memory. Studio: https://ml.azure.com/runs/j1",
    );
    expect(failure(job('Canceled'), [])?.message).toMatch(/the job ended Canceled/);
  });
});

describe('following a job', () => {
  const step = (status: Step['status']): Step => ({ runId: status, name: status, status });
  it('reads the job itself before steps start, when they settle or fail, and every two minutes', () => {
    expect(jobNeedsReading([step('NotStarted')], 0)).toBe(true);
    expect(jobNeedsReading([step('Completed'), step('Running')], 60_000)).toBe(false);
    expect(jobNeedsReading([step('Completed'), step('Running')], 120_000)).toBe(true);
    expect(jobNeedsReading([step('Completed'), step('NotStarted')], 0)).toBe(true);
    expect(jobNeedsReading([step('Failed'), step('Running')], 0)).toBe(true);
  });
});
