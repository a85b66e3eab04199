import type { AzureTarget } from '../../azure/target.js';
import { DATA_REFERENCE, parseDataReference, type DataReference } from '../../azure/ml/data-assets.js';
import { InputError } from '../../kit/errors.js';
import type { Inputs } from '../../kit/inputs.js';
import { NAME_RULES } from '../../kit/names.js';
import { quote } from '../../kit/quote.js';
import { MODEL_REFERENCE, parseModelReference } from './champion-plan.js';
import type { ChampionSource } from './champion-source.js';
import { readAzureTarget } from '../shared/azure-inputs.js';
import { existingPath, workspaceRoot } from '../shared/files.js';
import { encodeResumeInputs, RESUME_INPUT_TAGS_MAX, TAG_VALUE_MAX } from '../shared/pending-rollout.js';

export interface SubmitPipelineInputs {
  target: AzureTarget;
  pipelineFile: string;
  data?: DataReference;
  champion?: ChampionSource;
  experimentName?: string;
  displayName?: string;
  compute?: string;
  startDate?: string;
  endDate?: string;
  rowsPerDay?: number;
  hyperparameters: Array<[string, string]>;
  overrides: Array<[string, string]>;
  tags: Array<[string, string]>;
  mlExtensionVersion?: string;
  wait: boolean;
  timeoutMs: number;
  reuse: boolean;
  force: boolean;
  /** Detached training: how the rollout resumes when the job ends (wait: false only). */
  resume?: ResumeSettings;
}

export interface ResumeSettings {
  /** Workflow file of this repository to dispatch, e.g. deploy.yml. */
  workflow: string;
  /** The caller's inputs the resumed workflow gets. */
  inputs: Array<[string, string]>;
  /** Key Vault holding the GitHub token the pipeline's last step dispatches with; none: resume.yml only. */
  keyVaultUrl?: string;
  tokenSecret: string;
  apiUrl: string;
}

const SAFE_VALUE = /^[\w.:/@+-]{0,256}$/;

/**
 * hyperparameters: at most 64 pairs. The training component declares 10 inputs, and a pipeline of one's
 * own rarely more; hundreds of pairs are a generated mistake, and each pair is one more --set argument.
 */
export const HYPERPARAMETER_LIMITS = { maxItems: 64, maxItemLength: 64 + 3 + 64 };

export function readSubmitPipelineInputs(inputs: Inputs, env: NodeJS.ProcessEnv): SubmitPipelineInputs {
  const target = readAzureTarget(inputs, env);
  const pipelineFile = existingPath(
    inputs,
    'pipeline-file',
    'pipeline/pipeline.yml',
    'file',
    workspaceRoot(env),
  );
  const dates = dateRange(inputs);
  return {
    target,
    pipelineFile,
    data: dataReference(inputs),
    champion: championSource(inputs),
    experimentName: inputs.name('experiment-name', NAME_RULES.experiment),
    displayName: inputs.text('display-name', { maxLength: 256 }),
    compute: inputs.name('compute', NAME_RULES.compute),
    ...dates,
    rowsPerDay: inputs.integer('rows-per-day', { min: 1, max: 1_000_000_000 }),
    hyperparameters: inputs.keyValues('hyperparameters', {
      key: /^[a-z][a-z0-9_]{0,63}$/,
      value: /^[\w.+-]{1,64}$/,
      expected: `at most ${HYPERPARAMETER_LIMITS.maxItems} name=value pairs such as d_model=64, learning_rate=0.0005 (one per line or comma-separated), each name once`,
      ...HYPERPARAMETER_LIMITS,
    }),
    overrides: inputs.keyValues('set', {
      key: /^[A-Za-z_][\w]{0,63}(\.[\w]{1,64}){0,15}$/,
      value: SAFE_VALUE,
      expected:
        'at most 64 dotted.path=value pairs for az ml job create --set, such as jobs.train.resources.instance_count=2',
      maxItems: 64,
      maxItemLength: 1024 + 3 + 256,
    }),
    tags: inputs.keyValues('tags', {
      key: /^[A-Za-z][\w.-]{0,63}$/,
      value: SAFE_VALUE,
      expected: 'at most 45 name=value tag pairs of letters, digits and ._-:/@+, values up to 256 characters',
      // Azure allows 50 tags on a resource, with values up to 256 characters; the action sets 5 of its own.
      maxItems: 45,
      maxItemLength: 64 + 3 + 256,
    }),
    mlExtensionVersion: inputs.name('ml-extension-version', {
      pattern: /^\d+\.\d+\.\d+$/,
      expected: 'a version of the az ml extension such as 2.30.0',
      maxLength: 32,
    }),
    wait: inputs.boolean('wait', true),
    timeoutMs: inputs.duration('timeout', '6h', { maxMs: 120 * 3_600_000 }),
    reuse: inputs.boolean('reuse', true),
    force: inputs.boolean('force', false),
    resume: resumeSettings(inputs, env),
  };
}

function resumeSettings(inputs: Inputs, env: NodeJS.ProcessEnv): ResumeSettings | undefined {
  const workflow = inputs.name('resume-workflow', {
    pattern: /^[\w.-]{1,250}\.ya?ml$/,
    expected: 'a workflow file name of this repository, such as deploy.yml',
    maxLength: 255,
  });
  const pairs = resumeInputPairs(inputs);
  const keyVaultUrl = inputs.name('resume-key-vault', {
    pattern: /^https:\/\/[a-z0-9-]{3,24}\.vault\.[a-z0-9.]+\/?$/i,
    expected: 'a Key Vault URL such as https://my-vault.vault.azure.net',
    maxLength: 300,
  });
  const tokenSecret = inputs.name('resume-token-secret', {
    pattern: /^[A-Za-z0-9-]{1,127}$/,
    expected: 'a Key Vault secret name (letters, digits, hyphens)',
    maxLength: 127,
  });
  if (!workflow) {
    const stray = pairs.length ? 'resume-inputs' : keyVaultUrl ? 'resume-key-vault' : undefined;
    if (stray)
      throw new InputError(
        stray,
        'is set without resume-workflow',
        'resume-workflow (and wait: false), or leave it empty',
      );
    return undefined;
  }
  if (inputs.boolean('wait', true))
    throw new InputError('resume-workflow', 'is set while wait is true', 'wait: false with resume-workflow');
  const encoded = encodeResumeInputs(pairs);
  if (encoded.length > TAG_VALUE_MAX * RESUME_INPUT_TAGS_MAX)
    throw new InputError(
      'resume-inputs',
      `is ${encoded.length} characters once encoded`,
      `at most ${TAG_VALUE_MAX * RESUME_INPUT_TAGS_MAX} (${RESUME_INPUT_TAGS_MAX} Azure tag values): pass only the inputs that differ from the workflow's defaults`,
    );
  return {
    workflow,
    inputs: pairs,
    keyVaultUrl,
    tokenSecret: tokenSecret ?? 'github-dispatch-token',
    apiUrl: env.GITHUB_API_URL || 'https://api.github.com',
  };
}

/** start-date and end-date, each a calendar date, the end on or after the start. */
function dateRange(inputs: Inputs): { startDate?: string; endDate?: string } {
  const startDate = date(inputs, 'start-date');
  const endDate = date(inputs, 'end-date');
  if (startDate && endDate && endDate < startDate) {
    throw new InputError(
      'end-date',
      `(${endDate}) is before start-date (${startDate})`,
      'an end date on or after the start date',
    );
  }
  return { startDate, endDate };
}

function date(inputs: Inputs, name: string): string | undefined {
  const value = inputs.name(name, {
    pattern: /^\d{4}-\d{2}-\d{2}$/,
    expected: 'a date as YYYY-MM-DD',
    maxLength: 10,
  });
  const parsed = value ? Date.parse(`${value}T00:00:00Z`) : 0;
  if (value && (Number.isNaN(parsed) || new Date(parsed).toISOString().slice(0, 10) !== value)) {
    throw new InputError(name, `is ${quote(value)}, which is not a calendar date`, 'a date as YYYY-MM-DD');
  }
  return value;
}

function dataReference(inputs: Inputs): DataReference | undefined {
  const value = inputs.name('data', {
    pattern: DATA_REFERENCE,
    // azureml: + a 255-character asset name + : + a 64-character version (DATA_REFERENCE's bounds).
    maxLength: 328,
    expected: 'a data asset as azureml:<name>:<version> or azureml:<name>@latest, e.g. azureml:clicks:3',
  });
  return value === undefined ? undefined : parseDataReference(value);
}

/** champion-model (a registered version) or champion-endpoint (whatever that endpoint serves most), not both. */
function championSource(inputs: Inputs): ChampionSource | undefined {
  const model = inputs.name('champion-model', {
    pattern: MODEL_REFERENCE,
    // azureml: + a 255-character model name + : + a 50-character version (NAME_RULES.asset, assetVersion).
    maxLength: 8 + 255 + 1 + 50,
    expected: 'a registered model as azureml:<name>:<version>, e.g. azureml:next-item-triton:7',
  });
  const endpoint = inputs.name('champion-endpoint', NAME_RULES.endpoint);
  if (model && endpoint) {
    throw new InputError(
      'champion-model',
      `and champion-endpoint are both set`,
      'one of them: champion-endpoint to score whatever the endpoint serves, or champion-model for a given version',
    );
  }
  if (model) return { model: parseModelReference(model)! };
  return endpoint ? { endpoint } : undefined;
}

const RESUME_INPUTS_EXPECTED =
  'a JSON object of the resumed workflow\'s inputs, such as {"endpoint":"next-item","min-metrics":"ndcg_at_20>=0.1"}';
const RESUME_INPUT_NAME = /^[A-Za-z_][\w-]{0,63}$/;

/** resume-inputs: one line of JSON (values keep commas, `>=` and spaces), each value a string, number or boolean. */
function resumeInputPairs(inputs: Inputs): Array<[string, string]> {
  const text = inputs.text('resume-inputs', { maxLength: 4096 });
  if (!text) return [];
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    throw new InputError('resume-inputs', `is ${quote(text)}, not JSON`, RESUME_INPUTS_EXPECTED);
  }
  if (!value || typeof value !== 'object' || Array.isArray(value))
    throw new InputError('resume-inputs', `is ${quote(text)}`, RESUME_INPUTS_EXPECTED);
  const entries = Object.entries(value);
  if (entries.length > 24)
    throw new InputError(
      'resume-inputs',
      `has ${entries.length} inputs`,
      'at most 24 (GitHub takes 25 with model-job)',
    );
  return entries.map(([key, item]) => {
    if (!RESUME_INPUT_NAME.test(key))
      throw new InputError('resume-inputs', `has the input name ${quote(key)}`, RESUME_INPUTS_EXPECTED);
    if (!['string', 'number', 'boolean'].includes(typeof item))
      throw new InputError(
        'resume-inputs',
        `gives ${quote(key)} a value that is not text, a number or a boolean`,
        RESUME_INPUTS_EXPECTED,
      );
    return [key, String(item)];
  });
}
