import { afterAll, describe, expect, it } from '@jest/globals';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { repoRoot } from '../support/action-manifests.js';
import {
  formatTable,
  missingSettingsMessage,
  readSettings,
  redact,
  runLiveCheck,
  type LiveSettings,
} from '../../scripts/verify-live.js';
import { chooseCredential } from '../../src/azure/credentials.js';
import { cloudEndpoints } from '../../src/azure/clouds.js';
import type { RunningEmulator } from '../emulator/server.js';
import { emulator, finishedJob, githubIdTokens, productionClients } from '../support/emulator-harness.js';

let running: RunningEmulator | undefined;
const scratch = mkdtempSync(join(tmpdir(), 'live-check-'));
afterAll(async () => {
  await running?.close();
  rmSync(scratch, { recursive: true, force: true });
});

describe('npm run verify:live without Azure', () => {
  it('names every missing variable', () => {
    const settings = readSettings({}, []);
    expect(settings).toEqual({
      missing: ['AZURE_SUBSCRIPTION_ID', 'AZUREML_RESOURCE_GROUP', 'AZUREML_WORKSPACE'],
    });
    expect(missingSettingsMessage(['AZUREML_WORKSPACE'])).toMatch(
      /not set: AZUREML_WORKSPACE\.[\s\S]*az login[\s\S]*docs\/live-check\.md/,
    );
  });

  it('exits 2 with that message, before any network call', () => {
    const env = Object.fromEntries(
      Object.entries(process.env).filter(([name]) => !/^(AZURE|AZUREML|NEXT_ITEM)_/.test(name)),
    );
    const result = spawnSync(join(repoRoot, 'node_modules/.bin/tsx'), ['scripts/verify-live.ts'], {
      cwd: repoRoot,
      env,
      encoding: 'utf8',
    });
    expect(result.status).toBe(2);
    expect(result.stderr).toContain(
      'not set: AZURE_SUBSCRIPTION_ID, AZUREML_RESOURCE_GROUP, AZUREML_WORKSPACE',
    );
    expect(result.stdout).toBe('');
  });
});

describe('redaction of saved answers', () => {
  it('replaces ids, emails, tokens, keys and the workspace names', () => {
    const answer = {
      id: '/subscriptions/6f1b2c3d-0000-4000-8000-000000000003/resourceGroups/rg-prod/providers/x/workspaces/mlw-prod',
      createdBy: 'ada@contoso.com',
      primaryKey: 'c2VjcmV0',
      accessToken: 'abc',
      note: 'Bearer eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiJ4In0.sig',
      count: 3,
    };
    expect(redact(answer, ['rg-prod', 'mlw-prod'])).toEqual({
      id: '/subscriptions/00000000-0000-0000-0000-000000000000/resourceGroups/name1/providers/x/workspaces/name2',
      createdBy: 'someone@example.com',
      primaryKey: '<redacted>',
      accessToken: '<redacted>',
      note: 'Bearer <redacted-jwt>',
      count: 3,
    });
  });
});

describe('the live check, run against the emulator (it only reads)', () => {
  it('reads every kind of resource, finds each answer as the contracts and the emulator expect, and saves redacted fixtures', async () => {
    running = await emulator({ speed: 3600 });
    const job = await finishedJob(running);
    const cloud = cloudEndpoints('AzureCloud', running.env);
    const { credential } = chooseCredential({
      cloud,
      clientId: running.config.clientId,
      tenantId: running.config.tenantId,
      getIdToken: githubIdTokens(running),
      az: productionClients(running).az,
    });
    const settings: LiveSettings = {
      subscriptionId: running.config.subscriptionId,
      resourceGroup: running.config.resourceGroup,
      workspace: running.config.workspace,
      endpoint: 'next-item',
      model: 'next-item-triton',
      cloud: 'AzureCloud',
      saveDir: join(scratch, 'fixtures'),
    };
    const { rows } = await runLiveCheck(settings, credential, running.env);
    const table = formatTable(rows);
    expect(rows.map((row) => [row.check, row.operation, row.status, row.verdict])).toEqual([
      ['workspace', 'Workspaces_Get', 200, 'ok'],
      ['jobs list', 'Jobs_List', 200, 'ok'],
      ['job', 'Jobs_Get', 200, 'ok'],
      ['model', 'ModelContainers_Get', 404, 'ok'],
      ['model versions', 'ModelVersions_List', '-', 'skipped'],
      ['endpoint', 'OnlineEndpoints_Get', 404, 'ok'],
      ['deployments', 'OnlineDeployments_List', '-', 'skipped'],
      ['registry', 'Registries_Get', 200, 'ok'],
      ['discovery', '(U1)', 200, 'ok'],
      ['run history', '(U2, U3)', 200, 'ok'],
    ]);
    expect(table).toContain('4 child runs');
    expect(table.split('\n')[0]).toMatch(/^check\s+operation\s+status\s+verdict\s+detail$/);
    expect(running.store.jobs.size).toBe(1);
    expect([...running.store.jobs.keys()]).toEqual([job]);

    const files = readdirSync(settings.saveDir!).sort();
    expect(files).toEqual(
      [
        'discovery.json',
        'endpoint.json',
        'job.json',
        'jobs-list.json',
        'model.json',
        'registry.json',
        'run-history.json',
        'workspace.json',
      ].sort(),
    );
    const saved = files.map((file) => readFileSync(join(settings.saveDir!, file), 'utf8')).join('\n');
    expect(saved).not.toContain(running.config.subscriptionId);
    expect(saved).not.toContain(running.config.workspace);
    expect(saved).not.toContain(running.config.tenantId);
  });

  it('reports what breaks the contract as differing, naming the field', async () => {
    await running?.close();
    // A registry name the spec forbids (5-50 characters): the check must say so, not pass it.
    running = await emulator({ speed: 3600, registry: 'acr' });
    const cloud = cloudEndpoints('AzureCloud', running.env);
    const { credential } = chooseCredential({
      cloud,
      clientId: running.config.clientId,
      tenantId: running.config.tenantId,
      getIdToken: githubIdTokens(running),
      az: productionClients(running).az,
    });
    const { rows } = await runLiveCheck(
      {
        subscriptionId: running.config.subscriptionId,
        resourceGroup: running.config.resourceGroup,
        workspace: running.config.workspace,
        endpoint: 'next-item',
        model: 'next-item-triton',
        cloud: 'AzureCloud',
      },
      credential,
      running.env,
    );
    const registry = rows.find((row) => row.check === 'registry')!;
    expect(registry).toMatchObject({ verdict: 'differs', status: 200 });
    expect(registry.detail).toContain('path-parameter registryName: must NOT have fewer than 5 characters');
    expect(rows.filter((row) => row.verdict === 'differs')).toHaveLength(1);
  });
});
