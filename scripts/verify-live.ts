// npm run verify:live — holds a real Azure ML workspace against what the emulator and the contract tests
// believe: read-only GETs of every kind of resource the actions touch, each ARM answer validated against the
// vendored Microsoft specs (action-test/contracts/), the data-plane answers (discovery, run history) compared
// with the fields the actions read and the emulator serves (action-test/contracts/UNVERIFIED.md). Prints a
// table; `--save <dir>` writes the answers, redacted, as fixtures. See docs/live-check.md.
import { DefaultAzureCredential } from '@azure/identity';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { ContractValidator } from '../action-test/contracts/validate.js';
import { armScope, cloudEndpoints, CLOUD_NAMES, type CloudName } from '../src/azure/clouds.js';
import type { TokenSource } from '../src/azure/token-source.js';

export interface LiveSettings {
  subscriptionId: string;
  resourceGroup: string;
  workspace: string;
  endpoint: string;
  model: string;
  cloud: CloudName;
  saveDir?: string;
}

export interface LiveRow {
  check: string;
  operation: string;
  status: number | '-';
  verdict: 'ok' | 'differs' | 'skipped' | 'error';
  detail: string;
}

/** One answer as received, for validation and for fixtures. */
interface Answer {
  check: string;
  method: string;
  url: string;
  status: number;
  headers: Record<string, string>;
  body?: unknown;
}

const REQUIRED = {
  AZURE_SUBSCRIPTION_ID: 'the subscription of the workspace',
  AZUREML_RESOURCE_GROUP: 'the resource group of the workspace',
  AZUREML_WORKSPACE: 'the Azure ML workspace name',
} as const;

/** The settings from the environment and arguments, or the names of what is missing. */
export function readSettings(env: NodeJS.ProcessEnv, argv: string[]): LiveSettings | { missing: string[] } {
  const missing = Object.keys(REQUIRED).filter((name) => !env[name]);
  if (missing.length) return { missing };
  const cloud = (env.AZURE_CLOUD || 'AzureCloud') as CloudName;
  if (!CLOUD_NAMES.includes(cloud)) return { missing: [`AZURE_CLOUD (one of ${CLOUD_NAMES.join(', ')})`] };
  const save = argv.indexOf('--save');
  return {
    subscriptionId: env.AZURE_SUBSCRIPTION_ID!,
    resourceGroup: env.AZUREML_RESOURCE_GROUP!,
    workspace: env.AZUREML_WORKSPACE!,
    endpoint: env.NEXT_ITEM_ENDPOINT || 'next-item',
    model: env.NEXT_ITEM_MODEL || 'next-item-triton',
    cloud,
    saveDir: save >= 0 && argv[save + 1] ? resolve(argv[save + 1]!) : undefined,
  };
}

export function missingSettingsMessage(missing: string[]): string {
  return [
    `verify:live needs a real Azure ML workspace and an identity that can read it; not set: ${missing.join(', ')}.`,
    ...Object.entries(REQUIRED).map(([name, what]) => `  ${name}: ${what}`),
    'Sign in with `az login` (or any identity DefaultAzureCredential finds), then see docs/live-check.md.',
  ].join('\n');
}

/** Reads the workspace's resources and compares each answer; returns one row per check. */
export async function runLiveCheck(
  settings: LiveSettings,
  credential: TokenSource,
  env: NodeJS.ProcessEnv = process.env,
): Promise<{ rows: LiveRow[]; answers: Answer[] }> {
  const cloud = cloudEndpoints(settings.cloud, env);
  const token = async () => (await credential.getToken(armScope(cloud)))?.token ?? '';
  const validator = new ContractValidator();
  const rows: LiveRow[] = [];
  const answers: Answer[] = [];
  const get = async (check: string, url: string): Promise<Answer> => {
    const response = await fetch(url, {
      headers: { authorization: `Bearer ${await token()}`, accept: 'application/json' },
    });
    const text = await response.text();
    const answer: Answer = {
      check,
      method: 'GET',
      url,
      status: response.status,
      headers: Object.fromEntries([...response.headers].map(([k, v]) => [k.toLowerCase(), v])),
      body: text ? parseJson(text) : undefined,
    };
    answers.push(answer);
    return answer;
  };
  const arm = async (check: string, path: string, query = '', apiVersion = '2025-12-01') => {
    const answer = await get(check, `${cloud.resourceManager}${path}?api-version=${apiVersion}${query}`);
    rows.push(armRow(validator, answer));
    return answer;
  };
  const ws = `/subscriptions/${settings.subscriptionId}/resourceGroups/${settings.resourceGroup}/providers/Microsoft.MachineLearningServices/workspaces/${settings.workspace}`;
  const skip = (check: string, operation: string, detail: string) =>
    rows.push({ check, operation, status: '-', verdict: 'skipped', detail });

  const workspace = await arm('workspace', ws);
  if (workspace.status !== 200) return { rows, answers };
  const props = (workspace.body as { properties?: Record<string, string> }).properties ?? {};
  const jobs = await arm('jobs list', `${ws}/jobs`, '&jobType=Pipeline&listViewType=All');
  const firstJob = (jobs.body as { value?: { name: string }[] } | undefined)?.value?.[0]?.name;
  if (firstJob) await arm('job', `${ws}/jobs/${firstJob}`);
  else skip('job', 'Jobs_Get', 'no pipeline job in the workspace');
  const container = await arm('model', `${ws}/models/${settings.model}`);
  if (container.status === 200) await arm('model versions', `${ws}/models/${settings.model}/versions`);
  else skip('model versions', 'ModelVersions_List', `no model ${settings.model}`);
  const endpoint = await arm('endpoint', `${ws}/onlineEndpoints/${settings.endpoint}`);
  if (endpoint.status === 200)
    await arm('deployments', `${ws}/onlineEndpoints/${settings.endpoint}/deployments`);
  else skip('deployments', 'OnlineDeployments_List', `no endpoint ${settings.endpoint}`);
  if (props.containerRegistry) await arm('registry', props.containerRegistry, '', '2023-07-01');
  else skip('registry', 'Registries_Get', 'the workspace names no container registry');
  await dataPlane(props, firstJob, get, rows, ws);
  if (settings.saveDir) saveFixtures(settings, answers, settings.saveDir);
  return { rows, answers };
}

function armRow(validator: ContractValidator, answer: Answer): LiveRow {
  const { operationId, violations } = validator.check({
    method: answer.method,
    url: answer.url,
    requestBody: '',
    status: answer.status,
    responseHeaders: answer.headers,
    responseBody: answer.body,
  });
  const detail = violations.length
    ? violations
        .slice(0, 3)
        .map((v) => `${v.kind} ${v.at}: ${v.message}`)
        .join('; ') + (violations.length > 3 ? ` (+${violations.length - 3} more)` : '')
    : answer.status === 200
      ? 'matches the vendored spec'
      : `${answer.status}: error body matches the spec's ErrorResponse`;
  return {
    check: answer.check,
    operation: operationId,
    status: answer.status,
    verdict: violations.length ? 'differs' : 'ok',
    detail,
  };
}

/** Discovery and run history: no published contract, so compared with the fields the actions read. */
async function dataPlane(
  props: Record<string, string>,
  job: string | undefined,
  get: (check: string, url: string) => Promise<Answer>,
  rows: LiveRow[],
  ws: string,
): Promise<void> {
  if (!props.discoveryUrl) {
    rows.push({
      check: 'discovery',
      operation: '(U1)',
      status: '-',
      verdict: 'differs',
      detail: 'workspace has no discoveryUrl',
    });
    return;
  }
  const discovery = await get('discovery', props.discoveryUrl);
  const services = (discovery.body ?? {}) as Record<string, string>;
  const host = services.history ?? services.api;
  rows.push({
    check: 'discovery',
    operation: '(U1)',
    status: discovery.status,
    verdict: host ? 'ok' : 'differs',
    detail: `keys: ${Object.keys(services).sort().join(', ')}; history ${services.history ? 'present' : 'absent'}`,
  });
  if (!host || !job) {
    rows.push({
      check: 'run history',
      operation: '(U2, U3)',
      status: '-',
      verdict: 'skipped',
      detail: host ? 'no pipeline job' : 'no data-plane host',
    });
    return;
  }
  const children = await get(
    'run history',
    `${host.replace(/\/+$/, '')}/history/v1.0${ws}/runs/${job}/children`,
  );
  rows.push(childrenRow(children));
}

/** The fields of a child run that src/azure/ml/jobs.ts reads, as the emulator serves them. */
const RUN_FIELDS = ['runId', 'displayName', 'status', 'startTimeUtc', 'endTimeUtc', 'properties'];

function childrenRow(answer: Answer): LiveRow {
  const page = (answer.body ?? {}) as { value?: Record<string, unknown>[]; nextLink?: unknown };
  const runs = page.value ?? [];
  const missing = [...new Set(runs.flatMap((run) => RUN_FIELDS.filter((field) => !(field in run))))];
  const nodeIds = runs.map(
    (run) =>
      `${String(run.displayName)}=${String((run.properties as Record<string, unknown> | undefined)?.['azureml.nodeid'])}`,
  );
  const ok = answer.status === 200 && Array.isArray(page.value) && missing.length === 0;
  return {
    check: 'run history',
    operation: '(U2, U3)',
    status: answer.status,
    verdict: ok ? 'ok' : 'differs',
    detail: `${runs.length} child runs${missing.length ? `; missing ${missing.join(', ')}` : ''}; displayName=azureml.nodeid: ${nodeIds.join(' ') || '-'}`,
  };
}

/** Answers with ids, tokens, keys and emails replaced, safe to commit as fixtures. */
export function redact(value: unknown, names: string[] = []): unknown {
  if (Array.isArray(value)) return value.map((item) => redact(item, names));
  if (value && typeof value === 'object')
    return Object.fromEntries(
      Object.entries(value).map(([key, item]) => [
        key,
        /key|token|secret|password|signature|credential|sas/i.test(key) && typeof item === 'string'
          ? '<redacted>'
          : redact(item, names),
      ]),
    );
  if (typeof value !== 'string') return value;
  let text = value
    .replace(
      /[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/gi,
      '00000000-0000-0000-0000-000000000000',
    )
    .replace(/[\w.+-]+@[\w-]+(\.[\w-]+)+/g, 'someone@example.com')
    .replace(/eyJ[\w-]+\.[\w-]+\.[\w-]*/g, '<redacted-jwt>');
  for (const [index, name] of names.entries()) if (name) text = text.split(name).join(`name${index + 1}`);
  return text;
}

function saveFixtures(settings: LiveSettings, answers: Answer[], dir: string): void {
  mkdirSync(dir, { recursive: true });
  const names = [settings.resourceGroup, settings.workspace];
  for (const answer of answers) {
    const file = join(dir, `${answer.check.replace(/\W+/g, '-')}.json`);
    const fixture = {
      request: `${answer.method} ${redact(new URL(answer.url).pathname, names) as string}`,
      status: answer.status,
      headers: redact(
        Object.fromEntries(
          Object.entries(answer.headers).filter(([k]) =>
            /^(content-type|location|azure-asyncoperation|retry-after)$/.test(k),
          ),
        ),
        names,
      ),
      body: redact(answer.body, names),
    };
    writeFileSync(file, `${JSON.stringify(fixture, null, 2)}\n`);
  }
}

export function formatTable(rows: LiveRow[]): string {
  const width = (key: keyof LiveRow) => Math.max(key.length, ...rows.map((row) => String(row[key]).length));
  const columns: (keyof LiveRow)[] = ['check', 'operation', 'status', 'verdict'];
  const line = (row: LiveRow | Record<keyof LiveRow, string>) =>
    [...columns.map((c) => String(row[c]).padEnd(width(c))), row.detail].join('  ');
  return [
    line({ check: 'check', operation: 'operation', status: 'status', verdict: 'verdict', detail: 'detail' }),
    ...rows.map(line),
  ].join('\n');
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
}

async function main(): Promise<number> {
  const settings = readSettings(process.env, process.argv.slice(2));
  if ('missing' in settings) {
    console.error(missingSettingsMessage(settings.missing));
    return 2;
  }
  const credential = new DefaultAzureCredential();
  try {
    await credential.getToken(armScope(cloudEndpoints(settings.cloud)));
  } catch (error) {
    console.error(
      `verify:live found no Azure identity: ${(error as Error).message.split('\n')[0]}\nSign in with \`az login\` (or set the variables DefaultAzureCredential reads), see docs/live-check.md.`,
    );
    return 2;
  }
  const { rows } = await runLiveCheck(settings, credential);
  console.log(formatTable(rows));
  if (settings.saveDir) console.log(`\nRedacted answers written to ${settings.saveDir}.`);
  const bad = rows.filter((row) => row.verdict === 'differs' || row.verdict === 'error');
  console.log(
    bad.length
      ? `\n${bad.length} check(s) differ from what the emulator and contracts believe.`
      : '\nEvery check matches.',
  );
  return bad.length ? 1 : 0;
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) process.exitCode = await main();
