import { describe, expect, it } from '@jest/globals';
import {
  cardDescription,
  cardTags,
  fitTags,
  headlineMetrics,
  missingCardNote,
  TAG_LIMITS,
  withJobData,
} from '../../src/actions/register-model/card-plan.js';
import { modelOutputs, registrationRequest } from '../../src/actions/register-model/register-plan.js';
import {
  cardFactsFromTags,
  dayWindow,
  parseCardFacts,
  parseModelCard,
} from '../../src/actions/shared/model-card.js';
import { formatDuration } from '../../src/kit/duration.js';
import { DEFAULT_CONFIG } from '../emulator/config.js';
import { CHAMPION_MODEL_CARD_JSON, MODEL_CARD_JSON } from '../emulator/model-repository.js';
import { registerInputs, RUN } from '../support/plan-fixtures.js';

/** The cards the emulator serves: model_card.py's output for the recorded runs (scripts/record-emulator-metrics.py). */
const card = parseModelCard(MODEL_CARD_JSON, 'model_card.json');
const championCard = parseModelCard(CHAMPION_MODEL_CARD_JSON, 'model_card.json');
const raw = JSON.parse(CHAMPION_MODEL_CARD_JSON) as {
  data: string;
  metrics: Record<string, number>;
  baselines: Record<string, Record<string, number>>;
  versions: Record<string, string>;
};
const metrics = { model: { ndcg_at_20: 0.3895 }, baseline: {}, references: {} };

describe('the model card as register-model reads it', () => {
  it('reads model_card.py’s JSON: data, days, hyperparameters as text, metrics, baselines, time, versions', () => {
    expect(championCard).toEqual({
      data: raw.data,
      trainDays: ['2024-01-01', '2024-01-02', '2024-01-03', '2024-01-04', '2024-01-05', '2024-01-06'],
      evalDays: ['2024-01-07'],
      hyperparameters: { last_events: '3', decay: '0.3' },
      metrics: raw.metrics,
      baselines: raw.baselines,
      trainingSeconds: 18000,
      versions: raw.versions,
    });
  });

  it('gives the training time of the train step the emulator plays (record-emulator-metrics.py TRAINING_SECONDS)', () => {
    expect(card.trainingSeconds! * 1000).toBe(DEFAULT_CONFIG.stepDurationsMs.train);
    expect(championCard.trainingSeconds).toBe(card.trainingSeconds);
  });

  it('says which file is not a card', () => {
    expect(() => parseModelCard('{', 'model_card.json of job j1')).toThrow(
      /model_card.json of job j1 is not JSON/,
    );
    expect(() => parseModelCard('{"metrics": {}}', 'model_card.json of job j1')).toThrow(
      'model_card.json of job j1 is not a model card (it needs data and train_days, as model_card.py writes).',
    );
  });

  it('writes windows and durations as a reader says them', () => {
    expect(dayWindow(['2024-01-03', '2024-01-01', '2024-01-02'])).toBe('2024-01-01..2024-01-03 (3 days)');
    expect(dayWindow(['2024-01-07'])).toBe('2024-01-07');
    expect(dayWindow([])).toBe('');
    const seconds = (s: number) => formatDuration(s * 1000);
    expect([seconds(40), seconds(720), seconds(18000), seconds(5430)]).toEqual([
      '40s',
      '12m',
      '5h',
      '1h30m30s',
    ]);
  });
});

describe('the model version’s description', () => {
  it('says the data, the window, the headline metrics against the champion first, then the baselines, and the time', () => {
    const { champion, transition_baseline: transition, popularity_baseline: popularity } = raw.baselines;
    expect(headlineMetrics(championCard.metrics)).toEqual(['ndcg_at_20', 'recall_at_20']);
    expect(cardDescription(championCard, 'j1')).toBe(
      `Next-item model trained by job j1 on ${raw.data}; trained on 2024-01-01..2024-01-06 (6 days), ` +
        `evaluated on 2024-01-07, training took 5h. ` +
        `ndcg_at_20 ${raw.metrics.ndcg_at_20} (champion ${champion!.ndcg_at_20}, popularity ${popularity!.ndcg_at_20}, transition ${transition!.ndcg_at_20}); ` +
        `recall_at_20 ${raw.metrics.recall_at_20} (champion ${champion!.recall_at_20}, popularity ${popularity!.recall_at_20}, transition ${transition!.recall_at_20}).`,
    );
  });

  it('puts the caller’s description first and keeps the card’s part within its length', () => {
    const { request } = registrationRequest(registerInputs({ description: 'Nightly.' }), metrics, RUN, card);
    expect(request.description).toBe(`Nightly.\n\n${cardDescription(card, 'j1')}`);
    const long = cardDescription({ ...card, data: 'x'.repeat(2000) }, 'j1');
    expect(long).toHaveLength(1000);
    expect(long.endsWith('…')).toBe(true);
  });
});

describe('the model version’s tags', () => {
  it('carry the data, the windows, the training seconds, the library versions and the hyperparameters', () => {
    const { request, tagWarnings } = registrationRequest(registerInputs(), metrics, RUN, card);
    expect(tagWarnings).toEqual([]);
    expect(request.tags).toEqual({
      next_item_job: 'j1',
      github_sha: 'abc',
      github_repository: 'o/r',
      github_ref: 'refs/heads/main',
      github_run_url: RUN.runUrl,
      github_workflow: RUN.workflow,
      data: raw.data,
      train_window: '2024-01-01..2024-01-06 (6 days)',
      eval_window: '2024-01-07',
      training_seconds: '18000',
      ndcg_at_20: '0.3895',
      ...Object.fromEntries(Object.entries(raw.versions).map(([name, version]) => [`lib_${name}`, version])),
      hp_last_events: '3',
      hp_decay: '0.3',
    });
  });

  it('read back as the card’s facts, which the run report shows (the model-card output)', () => {
    const { request } = registrationRequest(registerInputs(), metrics, RUN, card);
    const facts = cardFactsFromTags(request.tags);
    expect(facts).toEqual({
      data: raw.data,
      trainWindow: '2024-01-01..2024-01-06 (6 days)',
      evalWindow: '2024-01-07',
      trainingSeconds: 18000,
      hyperparameters: { last_events: '3', decay: '0.3' },
      versions: raw.versions,
    });
    const outputs = modelOutputs('m', '1', 'id', false, request.tags);
    expect(parseCardFacts(outputs['model-card'])).toEqual(facts);
    expect(outputs['model-card'].length).toBeLessThan(1024);
    expect(modelOutputs('m', '1', 'id', false, { next_item_job: 'j1' })['model-card']).toBe('');
  });

  it('stay within Azure’s limits: 50 tags, lineage and core kept first, long values cut, bad name characters replaced', () => {
    const many = {
      ...card,
      data: 'd'.repeat(300),
      hyperparameters: Object.fromEntries(Array.from({ length: 60 }, (_, i) => [`p${i}`, String(i)])),
    };
    const { request, tagWarnings } = registrationRequest(registerInputs(), metrics, RUN, many);
    const keys = Object.keys(request.tags);
    expect(keys).toHaveLength(TAG_LIMITS.count);
    expect(keys.slice(0, 8)).toEqual([
      'next_item_job',
      'github_sha',
      'github_repository',
      'github_ref',
      'github_run_url',
      'github_workflow',
      'data',
      'train_window',
    ]);
    expect(request.tags.ndcg_at_20).toBe('0.3895');
    expect(request.tags.data).toHaveLength(256);
    expect(tagWarnings).toEqual([
      expect.stringMatching(/^Azure keeps 50 tags a version: left out hp_p\d+, .*hp_p59\.$/),
      "Cut to 256 characters, Azure's longest tag value: data.",
    ]);
    expect(
      fitTags([
        ['a/b?c', 'v'],
        ['e', ''],
      ]).tags,
    ).toEqual({ a_b_c: 'v' });
  });

  it('put the core facts above the metrics and the details below them', () => {
    const { core, details } = cardTags(card);
    expect(core.map(([key]) => key)).toEqual(['data', 'train_window', 'eval_window', 'training_seconds']);
    expect(details.map(([key]) => key)).toEqual([
      ...Object.keys(raw.versions).map((name) => `lib_${name}`),
      'hp_last_events',
      'hp_decay',
    ]);
  });
});

describe('the data a card names', () => {
  it('is the data asset version the job read, where the train step saw only a mount path', () => {
    const mounted = { ...card, data: '/mnt/azureml/cr/j/abc/cap/data-capability/wd/INPUT_sessions' };
    const ws = '/subscriptions/s/resourceGroups/rg/providers/Microsoft.MachineLearningServices/workspaces/ws';
    const inputs = {
      start_date: { jobInputType: 'literal' },
      interactions: { jobInputType: 'uri_folder', uri: `azureml:${ws}/data/clicks/versions/2` },
    };
    expect(withJobData(mounted, inputs).data).toBe('azureml:clicks:2');
    expect(withJobData(mounted, { x: { uri: 'azureml:clicks:3' } }).data).toBe('azureml:clicks:3');
    // Synthetic data (no data input): the card's own words stay.
    expect(withJobData(card, { start_date: { jobInputType: 'literal' } })).toBe(card);
    expect(withJobData(card, undefined)).toBe(card);
  });
});

describe('a job without a card', () => {
  it('is registered as before, with a note that names the file and the output', () => {
    const { request } = registrationRequest(registerInputs(), metrics, RUN);
    expect(request.description).toBe('Merlin next-item model trained by job j1');
    expect(cardFactsFromTags(request.tags)).toBeUndefined();
    expect(missingCardNote('j1')).toBe(
      'Job j1 wrote no model_card.json to its metrics output (a pipeline older than the model card): the model is registered without a card.',
    );
    expect(missingCardNote('j1', 'x is not JSON')).toBe(
      'The model card of job j1 cannot be read (x is not JSON): the model is registered without it.',
    );
  });
});
