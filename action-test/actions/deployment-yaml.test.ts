import { afterEach, describe, expect, it } from '@jest/globals';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse } from 'yaml';
import { repoRoot } from '../support/action-manifests.js';
import {
  checkDeploymentYaml,
  checkEndpointYaml,
  deploymentBody,
  endpointBody,
  replacedByInputs,
  type DeploymentYaml,
  type EndpointYaml,
} from '../../src/azure/ml/deployment-spec.js';
import { InputError } from '../../src/kit/errors.js';
import type { RunningEmulator } from '../emulator/server.js';
import { emulator } from '../support/emulator-harness.js';
import { runAgainstEmulator } from '../support/emulator-run.js';

const template = (name: string) =>
  parse(readFileSync(join(repoRoot, 'inference/triton', name), 'utf8')) as Record<string, unknown>;
const VALUES = {
  location: 'eastus2',
  modelArmId: '/m/1',
  environmentId: '/e/1',
  instanceType: 'Standard_NC4as_T4_v3',
  instanceCount: 1,
};

function refusal(fn: () => unknown): InputError {
  try {
    fn();
  } catch (error) {
    if (error instanceof InputError) return error;
    throw error;
  }
  throw new Error('expected the YAML to be refused');
}

describe('deployment YAML: every key carried into the ARM body or refused by name', () => {
  it("accepts every key of the repository's own templates", () => {
    expect(() => checkDeploymentYaml('deployment-file', template('deployment.yml'))).not.toThrow();
    expect(() => checkEndpointYaml('endpoint-file', template('endpoint.yml'))).not.toThrow();
  });

  it('carries Application Insights, description, properties, tags, egress and the model mount path', () => {
    const yaml: DeploymentYaml = {
      ...template('deployment.yml'),
      app_insights_enabled: true,
      description: 'Merlin ensemble',
      properties: { owner: 'recs' },
      tags: { team: 'recs' },
      egress_public_network_access: 'disabled',
      model_mount_path: '/models',
    };
    checkDeploymentYaml('deployment-file', yaml);
    const body = deploymentBody(yaml, VALUES);
    expect(body.tags).toEqual({ team: 'recs' });
    expect(body.properties).toMatchObject({
      appInsightsEnabled: true,
      description: 'Merlin ensemble',
      properties: { owner: 'recs' },
      egressPublicNetworkAccess: 'Disabled',
      modelMountPath: '/models',
      scaleSettings: { scaleType: 'Default' },
      requestSettings: { requestTimeout: 'PT10S', maxConcurrentRequestsPerInstance: 4 },
      livenessProbe: { initialDelay: 'PT600S', failureThreshold: 30 },
    });
  });

  it('refuses an unknown key, top level or nested, naming its path', () => {
    const top = refusal(() =>
      checkDeploymentYaml('deployment-file', {
        ...template('deployment.yml'),
        instance_typ: 'x',
      } as DeploymentYaml),
    );
    expect(top.message).toMatch(
      /^Input 'deployment-file' names a YAML file whose key instance_typ is not one deploy-endpoint knows/,
    );
    const nested = refusal(() =>
      checkDeploymentYaml('deployment-file', { liveness_probe: { intial_delay: 5 } } as DeploymentYaml),
    );
    expect(nested.message).toContain('key liveness_probe.intial_delay is not one');
  });

  it('refuses keys it cannot honour, saying why', () => {
    expect(
      refusal(() =>
        checkDeploymentYaml('deployment-file', { code_configuration: { code: '.' } } as DeploymentYaml),
      ).message,
    ).toContain('key code_configuration is not applied: the Triton image serves the model repository itself');
    expect(
      refusal(() => checkDeploymentYaml('deployment-file', { environment: 'azureml:env:1' } as never))
        .message,
    ).toContain('key environment is a reference');
    expect(
      refusal(() =>
        checkDeploymentYaml('deployment-file', { scale_settings: { type: 'target_utilization' } } as never),
      ).message,
    ).toContain('key scale_settings.type is "target_utilization"; deploy-endpoint takes "default"');
    expect(
      refusal(() => checkEndpointYaml('endpoint-file', { traffic: { blue: 100 } } as EndpointYaml)).message,
    ).toContain('key traffic is not applied: deploy-endpoint sets traffic itself');
  });

  it("carries the endpoint's description, properties, tags, network access and identity", () => {
    const yaml: EndpointYaml = {
      ...template('endpoint.yml'),
      description: 'next item',
      properties: { a: 'b' },
      public_network_access: 'disabled',
      identity: { type: 'none' },
    };
    checkEndpointYaml('endpoint-file', yaml);
    expect(endpointBody(yaml, { location: 'eastus2', authMode: 'AMLToken', tags: { run: 'r' } })).toEqual({
      location: 'eastus2',
      tags: { app: 'next-item-recommender', run: 'r' },
      identity: { type: 'None' },
      properties: {
        authMode: 'AMLToken',
        publicNetworkAccess: 'Disabled',
        description: 'next item',
        properties: { a: 'b' },
      },
    });
  });

  it('says where an input replaces a different YAML value, and only there', () => {
    const yaml = template('deployment.yml');
    const decided = checkDeploymentYaml('deployment-file', yaml);
    expect(
      replacedByInputs('deployment-file', yaml, decided, {
        'instance-type': 'Standard_NC6s_v3',
        'instance-count': 1,
      }),
    ).toEqual([
      'deployment-file: instance_type "Standard_NC4as_T4_v3" is replaced by input instance-type (Standard_NC6s_v3).',
    ]);
  });
});

describe('deploy-endpoint with a deployment YAML it cannot honour', () => {
  let running: RunningEmulator | undefined;
  let folder = '';
  afterEach(async () => {
    await running?.close();
    running = undefined;
    if (folder) rmSync(folder, { recursive: true, force: true });
  });

  it('fails naming the key before any ARM request', async () => {
    running = await emulator({ speed: 20_000, operationRetryAfterSeconds: 0 });
    folder = mkdtempSync(join(tmpdir(), 'deployment-yaml-'));
    mkdirSync(join(folder, 'inference/triton'), { recursive: true });
    writeFileSync(
      join(folder, 'inference/triton/endpoint.yml'),
      readFileSync(join(repoRoot, 'inference/triton/endpoint.yml')),
    );
    writeFileSync(
      join(folder, 'inference/triton/deployment.yml'),
      `${readFileSync(join(repoRoot, 'inference/triton/deployment.yml'), 'utf8')}\nreadiness_probes:\n  period: 5\n`,
    );
    const run = await runAgainstEmulator(running, {
      action: 'deploy-endpoint',
      workspace: folder,
      timeoutMs: 60_000,
      inputs: {
        endpoint: 'next-item',
        'create-endpoint': 'true',
        'model-id': 'azureml:next-item-triton:1',
        image: 'acrnextitem.azurecr.io/next-item-triton:ctx-0123456789abcdef',
      },
    });
    expect(run.exitCode).toBe(1);
    expect(run.stdout).toContain(
      "::error::Input 'deployment-file' names a YAML file whose key readiness_probes is not one deploy-endpoint knows",
    );
    expect(running.counters.armRequests).toBe(0);
    expect(running.store.endpoints.size).toBe(0);
  });
});
