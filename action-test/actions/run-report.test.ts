import { describe, expect, it } from '@jest/globals';
import { parseResults } from '../../src/actions/run-report/inputs.js';
import {
  metricCharts,
  metricRows,
  runReport,
  studioLinks,
  trafficBefore,
  type RunFacts,
} from '../../src/actions/run-report/report.js';
import { runVerdict, type RunOutcome } from '../../src/actions/run-report/verdict.js';
import { parseCardFacts } from '../../src/actions/shared/model-card.js';

const ALL_OK = {
  plan: 'success',
  train: 'success',
  image: 'success',
  register: 'success',
  deploy: 'success',
  smoke: 'success',
  promote: 'success',
  rollback: 'skipped',
} as const;
const outcome = (changes: Partial<RunOutcome> = {}): RunOutcome => ({
  results: ALL_OK,
  rollout: 'promote',
  reused: false,
  modelId: 'azureml:next-item-triton:2',
  endpoint: 'next-item',
  deployment: 'v2-abc123',
  previousDeployment: 'v1-def456',
  ...changes,
});

describe('the run verdict', () => {
  it('promoted', () => {
    expect(runVerdict(outcome())).toEqual({
      kind: 'promoted',
      line: '✅ Promoted azureml:next-item-triton:2 (v2-abc123) to 100% of the traffic on next-item.',
    });
  });

  it('rolled back, the cause first: a failed smoke test or a failed promotion', () => {
    const smoke = runVerdict(
      outcome({ results: { ...ALL_OK, smoke: 'failure', promote: 'skipped', rollback: 'success' } }),
    );
    expect(smoke).toEqual({
      kind: 'rolled-back',
      line: '↩️ Rolled back v2-abc123 on next-item: the smoke test failed. Traffic is back on v1-def456.',
    });
    const promote = runVerdict(outcome({ results: { ...ALL_OK, promote: 'failure', rollback: 'success' } }));
    expect(promote.line).toContain(': the promotion failed.');
    const stuck = runVerdict(outcome({ results: { ...ALL_OK, smoke: 'failure', rollback: 'failure' } }));
    expect(stuck.kind).toBe('failed');
    expect(stuck.line).toMatch(
      /^❌ The rollback of v2-abc123 on next-item did not finish after the smoke test failed/,
    );
  });

  it('held at 0% when asked to hold, or when the promotion was not approved', () => {
    expect(runVerdict(outcome({ rollout: 'hold', results: { ...ALL_OK, promote: 'skipped' } })).line).toBe(
      '⏸️ Held at 0%: v2-abc123 serves azureml:next-item-triton:2 on next-item beside v1-def456; promote it when ready.',
    );
    expect(runVerdict(outcome({ results: { ...ALL_OK, promote: 'skipped' } })).kind).toBe('held');
  });

  it('training submitted, detached: the job trains in Azure and the rollout resumes later', () => {
    const submitted = {
      register: 'skipped',
      deploy: 'skipped',
      smoke: 'skipped',
      promote: 'skipped',
    } as const;
    expect(runVerdict(outcome({ detachedJob: 'job_1', results: { ...ALL_OK, ...submitted } }))).toEqual({
      kind: 'submitted',
      line: '⏸️ Training submitted: job job_1 trains in Azure without a runner; its rollout on next-item resumes when it ends (dispatched from the pipeline, or by resume.yml).',
    });
    // A failed submission is still a failure.
    const failed = runVerdict(
      outcome({ detachedJob: 'job_1', results: { ...ALL_OK, ...submitted, train: 'failure' } }),
    );
    expect(failed.kind).toBe('failed');
  });

  it('a resumed rollout of a detached job that failed or was cancelled in Azure names that, not the register job', () => {
    const claimed = {
      train: 'skipped',
      image: 'skipped',
      register: 'failure',
      deploy: 'skipped',
      smoke: 'skipped',
      promote: 'skipped',
    } as const;
    for (const status of ['Failed', 'Canceled'])
      expect(runVerdict(outcome({ trainingStatus: status, results: { ...ALL_OK, ...claimed } }))).toEqual({
        kind: 'failed',
        line: `❌ Nothing changed: training ended ${status} in Azure; nothing was registered or deployed.`,
      });
    // A Completed job that fails its gates is still the register job's failure.
    const gated = runVerdict(outcome({ trainingStatus: 'Completed', results: { ...ALL_OK, ...claimed } }));
    expect(gated.line).toMatch(/the model was not registered/);
  });

  it('nothing changed: reused, or the first failure named', () => {
    expect(runVerdict(outcome({ reused: true })).line).toBe(
      '➖ Nothing changed: v2-abc123 already serves azureml:next-item-triton:2 on next-item.',
    );
    const later = { register: 'skipped', deploy: 'skipped', smoke: 'skipped', promote: 'skipped' } as const;
    expect(runVerdict(outcome({ results: { ...ALL_OK, ...later, train: 'failure' } })).line).toBe(
      '❌ Nothing changed: training failed (see the Train job).',
    );
    expect(runVerdict(outcome({ results: { ...ALL_OK, ...later, image: 'failure' } })).line).toBe(
      '❌ Nothing changed: the Triton image build failed (see the image job).',
    );
    expect(
      runVerdict(outcome({ results: { ...ALL_OK, deploy: 'failure', smoke: 'skipped', promote: 'skipped' } }))
        .line,
    ).toBe('❌ Nothing changed: the new deployment failed to start; live traffic was not touched.');
    const failedDeploy = { ...ALL_OK, deploy: 'failure', smoke: 'skipped', promote: 'skipped' } as const;
    expect(runVerdict(outcome({ results: { ...failedDeploy, rollback: 'success' } })).line).toBe(
      '❌ Nothing changed: the new deployment failed to start; live traffic was not touched.',
    );
    expect(runVerdict(outcome({ results: { ...failedDeploy, rollback: 'failure' } })).line).toBe(
      "❌ Nothing changed: the new deployment failed to start; live traffic was not touched; removing v2-abc123 did not finish: check the endpoint's deployments.",
    );
    expect(runVerdict(outcome({ results: { plan: 'failure' } })).line).toMatch(
      /^❌ Nothing changed: the plan stopped/,
    );
    expect(
      runVerdict(
        outcome({ results: { plan: 'failure' }, planError: "Input rollout is 'all': use promote or hold." }),
      ).line,
    ).toBe("❌ Nothing changed: the plan stopped: Input rollout is 'all': use promote or hold.");
  });

  it('reads the results as the workflow passes them, ignoring other jobs', () => {
    expect(
      parseResults([
        ['plan', 'success'],
        ['train', 'skipped'],
        ['rollback', ''],
        ['report', 'success'],
      ]),
    ).toEqual({
      plan: 'success',
      train: 'skipped',
      rollback: '',
    });
  });
});

const METRICS = {
  ndcg_at_20: 0.39,
  recall_at_20: 0.62,
  popularity_baseline: { ndcg_at_20: 0.02, recall_at_20: 0.04 },
  transition_baseline: { ndcg_at_20: 0.38, recall_at_20: 0.58 },
  train_days: ['2024-01-01'],
};
const facts = (changes: Partial<RunFacts> = {}): RunFacts => ({
  ...outcome(),
  commit: {
    sha: '0123456789abcdef0123456789abcdef01234567',
    ref: 'refs/heads/main',
    event: 'push',
    runUrl: 'https://github.com/o/r/actions/runs/9',
    commitUrl: 'https://github.com/o/r/commit/0123456789abcdef0123456789abcdef01234567',
  },
  modelJob: 'job-1',
  image: 'acr.azurecr.io/next-item-triton:ctx-1',
  imageDigest: 'sha256:aa',
  trafficDeployed: { 'v1-def456': 100, 'v2-abc123': 0 },
  trafficFinal: { 'v2-abc123': 100 },
  p95Ms: '120',
  metrics: METRICS,
  studio: {
    base: 'https://ml.azure.com',
    workspaceId: '/subscriptions/s/resourceGroups/g/providers/Microsoft.MachineLearningServices/workspaces/w',
    tenantId: 't-1',
  },
  ...changes,
});

describe('the run report', () => {
  it('starts with the verdict, then the commit, trigger, model, image and endpoint with Studio links carrying the tenant', () => {
    const markdown = runReport(facts(), runVerdict(outcome()));
    expect(markdown.split('\n')[0]).toBe(runVerdict(outcome()).line);
    expect(markdown).toContain(
      '| commit | [0123456789ab](https://github.com/o/r/commit/0123456789abcdef0123456789abcdef01234567) |',
    );
    expect(markdown).toContain(
      '| trigger | push on refs/heads/main ([run](https://github.com/o/r/actions/runs/9)) |',
    );
    expect(markdown).toContain('| image digest | `sha256:aa` |');
    const links = studioLinks(facts());
    expect(Object.keys(links)).toEqual(['job', 'model', 'endpoint', 'deployment logs']);
    for (const url of Object.values(links)) expect(url).toMatch(/\?wsid=\/subscriptions\/s\/.*&tid=t-1$/);
    expect(links.model).toBe(
      'https://ml.azure.com/model/next-item-triton:2/details?wsid=/subscriptions/s/resourceGroups/g/providers/Microsoft.MachineLearningServices/workspaces/w&tid=t-1',
    );
  });

  it('shows traffic before (without the new deployment at 0%) and after', () => {
    expect(trafficBefore(facts())).toEqual({ 'v1-def456': 100 });
    expect(runReport(facts(), runVerdict(outcome()))).toContain('| v2-abc123 | 0% | 100% |');
  });

  it('tabulates and charts the model against each baseline, per metric', () => {
    expect(metricRows(METRICS)).toEqual([
      { metric: 'ndcg_at_20', model: 0.39, baselines: { popularity: 0.02, transition: 0.38 } },
      { metric: 'recall_at_20', model: 0.62, baselines: { popularity: 0.04, transition: 0.58 } },
    ]);
    const charts = metricCharts(metricRows(METRICS));
    expect(charts.match(/```mermaid\nxychart-beta/g)).toHaveLength(2);
    expect(charts).toContain(
      '  x-axis ["model", "popularity", "transition"]\n  y-axis "ndcg_at_20" 0 --> 0.429\n  bar [0.39, 0.02, 0.38]',
    );
    expect(runReport(facts(), runVerdict(outcome()))).toContain(
      '| ndcg_at_20 | 0.39 | 0.02 (+0.3700, 1850%) | 0.38 (+0.0100, 3%) |',
    );
  });

  it('says what is missing rather than inventing it when jobs did not run', () => {
    const markdown = runReport(
      facts({
        modelJob: '',
        modelId: '',
        image: '',
        imageDigest: '',
        metrics: {},
        trafficDeployed: {},
        trafficFinal: {},
      }),
      { kind: 'failed', line: '❌ Nothing changed: the plan stopped on an input (see the Plan job).' },
    );
    expect(markdown).toContain('| model version | — |');
    expect(markdown).toContain('_No deployment takes traffic._');
    expect(markdown).not.toContain('mermaid');
  });
});

describe('the run report, model card', () => {
  const card = {
    data: 'azureml:sessions:3',
    trainWindow: '2024-01-01..2024-01-06 (6 days)',
    evalWindow: '2024-01-07',
    trainingSeconds: 18000,
    hyperparameters: { d_model: '64', epochs: '3' },
    versions: { 'merlin-core': '23.08.00', torch: '2.0.1' },
  };

  it('shows the data, window, hyperparameters, training time and library versions after the metrics', () => {
    const markdown = runReport(facts({ card }), runVerdict(outcome()));
    expect(markdown).toContain(
      [
        '### Model card',
        '',
        '|  |  |',
        '| --- | --- |',
        '| data | azureml:sessions:3 |',
        '| trained on | 2024-01-01..2024-01-06 (6 days) |',
        '| evaluated on | 2024-01-07 |',
        '| training time | 5h |',
        '| hyperparameters | d_model=64, epochs=3 |',
        '| libraries | merlin-core 23.08.00, torch 2.0.1 |',
      ].join('\n'),
    );
    expect(markdown.indexOf('### Model card')).toBeGreaterThan(markdown.indexOf('### Model against'));
    expect(markdown).toMatch(
      /\| data \| azureml:sessions:3, 2024-01-01\.\.2024-01-06 \(6 days\) \(job \[job-1\]\(https:\/\/ml\.azure\.com\/runs\/job-1\?/,
    );
  });

  it('reads the card from the model-card input, leaves out what it lacks, and keeps HTML out', () => {
    const partial = parseCardFacts(
      JSON.stringify({ ...card, data: '<img src=x>', hyperparameters: {}, trainingSeconds: 'x' }),
    );
    const markdown = runReport(facts({ card: partial }), runVerdict(outcome()));
    expect(markdown).toContain('| data | &lt;img src=x> |');
    expect(markdown).not.toContain('| hyperparameters |');
    expect(markdown).not.toContain('| training time |');
    expect(parseCardFacts('')).toBeUndefined();
    expect(parseCardFacts('[1]')).toBeUndefined();
    const without = runReport(facts(), runVerdict(outcome()));
    expect(without).not.toContain('### Model card');
    expect(without).toContain('| data | the inputs of job [job-1]');
  });
});

describe('the run report, smoke side', () => {
  it("a rollback after a failed smoke test names the smoke test's own cause", () => {
    const rolledBack = runVerdict(
      outcome({
        results: { ...ALL_OK, smoke: 'failure', promote: 'skipped', rollback: 'success' },
        smokeFailure:
          '20 check(s) failed against deployment v2-abc123; most often: 20 of 20 requests (1, 2, 3, 4, 5, … 20): item_ids has shape [3,19], expected [3,20]',
      }),
    );
    expect(rolledBack.line).toBe(
      '↩️ Rolled back v2-abc123 on next-item: the smoke test failed (20 check(s) failed against deployment v2-abc123; most often: 20 of 20 requests (1, 2, 3, 4, 5, … 20): item_ids has shape [3,19], expected [3,20]). Traffic is back on v1-def456.',
    );
  });

  it('charts the smoke-test latency distribution when the smoke test ran', () => {
    const withChart = runReport(
      facts({ latencyHistogram: { binMs: 5, counts: [1, 4, 2] } }),
      runVerdict(outcome()),
    );
    expect(withChart).toContain(
      '### Smoke-test latency\n\n```mermaid\nxychart-beta\n  title "Smoke-test latency"\n  x-axis "latency (ms)" ["0-5", "5-10", "10-15"]\n  y-axis "requests" 0 --> 4\n  bar [1, 4, 2]\n```',
    );
    expect(runReport(facts(), runVerdict(outcome()))).not.toContain('Smoke-test latency');
  });
});
