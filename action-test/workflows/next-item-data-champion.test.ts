import { describe, expect, it, jest } from '@jest/globals';
import type { RunningEmulator } from '../emulator/server.js';
import { results, retrain, start, traffic } from '../support/workflow-scenarios.js';
import { callerSettings } from '../support/workflow-world.js';

// Three runs of the whole chain, jobs as separate processes, on a machine shared with other suites.
jest.setTimeout(600_000);

/** A data version the team registered (az ml data create, as an owner of the workspace; not the workflow's identity). */
function registerData(r: RunningEmulator, version: string): void {
  r.store.dataAssets.put({
    name: 'clicks',
    version,
    dataType: 'uri_folder',
    dataUri: `azureml://datastores/blob/paths/clicks/v${version}/`,
    tags: {},
    properties: {},
    createdAt: r.clock.now(),
  });
}

/** retrain.yml with the repository variable that names the team's data asset. */
const onClicks = (r: RunningEmulator, runId: string) => ({
  vars: { ...callerSettings(r).vars, NEXT_ITEM_DATA_ASSET: 'clicks' },
  runId,
});

const dataInputOf = (r: RunningEmulator, job: string) =>
  (r.store.jobs.get(job)?.inputs as Record<string, { uri?: string }>).interactions?.uri;

describe('the reusable workflow on a data asset, against the live model', () => {
  it('trains on the newest version, reuses it on a rerun, and retrains on a new version with the live model as champion', async () => {
    const r = await start();
    registerData(r, '1');
    const first = await retrain(r, onClicks(r, '9001'));
    if (first.result !== 'success') console.log(first.log.join('\n'));
    expect(first.wiringErrors).toEqual([]);
    expect(first.result).toBe('success');
    const firstJob = first.outputs['model-job-name']!;
    expect(dataInputOf(r, firstJob)).toMatch(/\/data\/clicks\/versions\/1$/);
    // No endpoint before the first run: no champion, and the first model passes beat-champion.
    expect(first.log.join('\n')).toContain(
      'Champion: endpoint next-item does not exist yet, so there is none.',
    );
    expect(first.outputs['model-id']).toBe('azureml:next-item-triton:1');

    // Nothing changed, and the live model is this job's: the job is reused, not retrained against itself.
    const rerun = await retrain(r, onClicks(r, '9002'));
    expect(rerun.result).toBe('success');
    expect(rerun.outputs['model-job-name']).toBe(firstJob);
    expect(rerun.jobs.train!.outputs).toMatchObject({ 'job-name': firstJob });
    expect(rerun.outputs['model-id']).toBe('azureml:next-item-triton:1');
    expect(r.store.jobs.size).toBe(1);

    // A new version of the data retrains, with the live model (version 1) as the champion.
    registerData(r, '2');
    const newer = await retrain(r, onClicks(r, '9003'));
    if (newer.result !== 'success') console.log(newer.log.join('\n'));
    expect(results(newer)).toMatchObject({ train: 'success', register: 'success', promote: 'success' });
    const secondJob = newer.outputs['model-job-name']!;
    expect(secondJob).not.toBe(firstJob);
    expect(dataInputOf(r, secondJob)).toMatch(/\/data\/clicks\/versions\/2$/);
    expect(newer.log.join('\n')).toContain('Champion: azureml:next-item-triton:1 (live deployment v1-');
    expect(newer.outputs['model-id']).toBe('azureml:next-item-triton:2');
    expect(traffic(r)).toEqual({ [newer.outputs.deployment!]: 100 });

    // The run report (the demo's final summary is this run's): the verdict first, then model, champion,
    // transition and popularity side by side with deltas, their charts, and the smoke test's latency chart.
    const report = newer.jobs.report!.summaries.join('');
    expect(report.split('\n')[0]).toMatch(
      /^✅ Promoted azureml:next-item-triton:2 \(v2-[0-9a-f]{6}\) to 100% /,
    );
    expect(report).toMatch(/### Smoke-test latency\n\n```mermaid\nxychart-beta\n/);
    expect(report).toContain('### Model against the champion and the baselines');
    expect(report).toContain(
      '| metric | model | new model, served | champion (Δ) | transition baseline (Δ) | popularity baseline (Δ) |',
    );
    expect(report).toMatch(/\| ndcg_at_20 \| 0\.\d+ \| 0\.\d+ \| 0\.\d+ \(\+0\.\d{4}, \d+%\) \| 0\.\d+ \(/);
    expect(report).toContain(
      '```mermaid\nxychart-beta\n  title "ndcg_at_20"\n  x-axis ["model", "champion", "transition", "popularity"]',
    );
    // The model card names the data asset version the job read, on the version and in the report.
    expect(r.store.models.get('next-item-triton')!.get('2')!.tags.data).toBe('azureml:clicks:2');
    expect(report).toMatch(/\| data \| azureml:clicks:2, 2024-01-01\.\.2024-01-06 \(6 days\) \(job /);
    expect(report).toContain('### Model card\n\n|  |  |\n| --- | --- |\n| data | azureml:clicks:2 |');
    // register-model's beat-champion gate ran on the champion the training step scored.
    expect(newer.jobs.register!.summaries.join('')).toContain('champion');
  });
});
