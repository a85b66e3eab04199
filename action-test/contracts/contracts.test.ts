import { describe, expect, it } from '@jest/globals';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { DEVIATIONS, deviationFor } from './deviations.js';
import { ContractRecorder } from './recorder.js';
import { SPEC_FILES } from './spec.js';
import { ContractValidator, type ArmExchange } from './validate.js';

const SUB = '6f1b2c3d-0000-4000-8000-000000000003';
const WS = `https://management.example/subscriptions/${SUB}/resourceGroups/rg/providers/Microsoft.MachineLearningServices/workspaces/mlw-test`;
const V = '?api-version=2025-12-01';
const validator = new ContractValidator();

function exchange(partial: Partial<ArmExchange> & Pick<ArmExchange, 'method' | 'url'>): ArmExchange {
  return { requestBody: '', status: 200, responseHeaders: {}, ...partial };
}

const endpoint = {
  id: '/subscriptions/s/resourceGroups/rg/providers/Microsoft.MachineLearningServices/workspaces/ws/onlineEndpoints/e',
  name: 'e',
  type: 'Microsoft.MachineLearningServices/workspaces/onlineEndpoints',
  location: 'eastus2',
  identity: { type: 'SystemAssigned' },
  tags: {},
  properties: {
    authMode: 'Key',
    traffic: { blue: 100 },
    provisioningState: 'Succeeded',
    scoringUri: 'https://e/score',
  },
};

const kinds = (x: ArmExchange) => validator.check(x).violations.map((v) => `${v.kind} ${v.at}: ${v.message}`);

describe('the vendored contracts', () => {
  it('are self-contained: every $ref points at a definition of the same file', () => {
    for (const file of SPEC_FILES) {
      const text = readFileSync(join(import.meta.dirname, file), 'utf8');
      const doc = JSON.parse(text) as { definitions: Record<string, unknown> };
      const refs = [...text.matchAll(/"\$ref": "([^"]+)"/g)].map((m) => m[1]!);
      expect(refs.length).toBeGreaterThan(10);
      for (const ref of refs) expect(doc.definitions[ref.replace('#/definitions/', '')]).toBeDefined();
      expect(text).not.toContain('x-ms-examples');
    }
  });

  it('hold every operation the actions call, and the ARM polling', () => {
    expect(new ContractRecorder().vendoredOperations().sort()).toEqual(
      [
        'ArmAsyncOperation_Result',
        'ArmAsyncOperation_Status',
        'DataContainers_Get',
        'DataVersions_CreateOrUpdate',
        'DataVersions_Get',
        'DataVersions_List',
        'EnvironmentVersions_CreateOrUpdate',
        'EnvironmentVersions_Get',
        'Jobs_Cancel',
        'Jobs_CreateOrUpdate',
        'Jobs_Get',
        'Jobs_List',
        'ModelContainers_CreateOrUpdate',
        'ModelContainers_Get',
        'ModelVersions_CreateOrUpdate',
        'ModelVersions_Get',
        'ModelVersions_List',
        'OnlineDeployments_CreateOrUpdate',
        'OnlineDeployments_Delete',
        'OnlineDeployments_Get',
        'OnlineDeployments_GetLogs',
        'OnlineDeployments_List',
        'OnlineEndpoints_CreateOrUpdate',
        'OnlineEndpoints_Delete',
        'OnlineEndpoints_Get',
        'OnlineEndpoints_GetToken',
        'OnlineEndpoints_ListKeys',
        'Registries_Get',
        'Workspaces_Get',
      ].sort(),
    );
  });
});

describe('a request', () => {
  it('matching an operation, with its api-version and a valid body, passes', () => {
    const put = exchange({
      method: 'PUT',
      url: `${WS}/onlineEndpoints/e${V}`,
      requestBody: JSON.stringify({
        location: 'eastus2',
        identity: { type: 'SystemAssigned' },
        properties: { authMode: 'Key' },
      }),
      status: 201,
      responseHeaders: { 'azure-asyncoperation': 'https://management.example/op/1' },
      responseBody: endpoint,
    });
    expect(validator.check(put)).toEqual({ operationId: 'OnlineEndpoints_CreateOrUpdate', violations: [] });
  });

  it('with no operation of that method and path is reported', () => {
    expect(kinds(exchange({ method: 'PATCH', url: `${WS}/onlineEndpoints/e${V}` }))).toEqual([
      'unknown-operation : no operation of the vendored contracts has this method and path',
    ]);
  });

  it('with another api-version, or none, is reported', () => {
    const get = (query: string) =>
      exchange({ method: 'GET', url: `${WS}/onlineEndpoints/e${query}`, responseBody: endpoint });
    expect(kinds(get('?api-version=2024-04-01'))).toEqual([
      'api-version api-version: 2024-04-01, the contract is 2025-12-01',
    ]);
    expect(kinds(get(''))).toEqual(['query-parameter api-version: required, not sent']);
  });

  it('with a query parameter the operation does not define, or a path parameter off its pattern, is reported', () => {
    expect(
      kinds(exchange({ method: 'GET', url: `${WS}/jobs${V}&tag=a&colour=red`, responseBody: { value: [] } })),
    ).toEqual(['query-parameter colour: not a parameter of this operation']);
    expect(
      kinds(
        exchange({
          method: 'PUT',
          url: `${WS}/onlineEndpoints/-bad${V}`,
          requestBody: JSON.stringify({ location: 'eastus2', properties: { authMode: 'Key' } }),
          status: 400,
          responseBody: { error: { code: 'BadArgument', message: 'x' } },
        }),
      )[0],
    ).toMatch(/^path-parameter endpointName: must match pattern/);
  });

  it('whose body breaks the schema is reported at the JSON path, subtypes included', () => {
    const deployment = (properties: object) =>
      exchange({
        method: 'PUT',
        url: `${WS}/onlineEndpoints/e/deployments/blue${V}`,
        requestBody: JSON.stringify({ location: 'eastus2', properties }),
        status: 400,
        responseBody: { error: { code: 'BadArgument', message: 'no' } },
      });
    expect(kinds(deployment({ endpointComputeType: 'Managed', instanceType: 'Standard_DS3_v2' }))).toEqual(
      [],
    );
    expect(kinds(deployment({ endpointComputeType: 'Managed', instanceCount: 2 }))).toEqual([
      'request-body /properties: must NOT have additional properties (as ManagedOnlineDeployment): "instanceCount"',
    ]);
    expect(kinds(deployment({ instanceType: 'x' }))).toContainEqual(
      expect.stringMatching(/request-body \/properties: must have required property 'endpointComputeType'/),
    );
  });
});

describe('a request body with a read-only property', () => {
  it('is reported, while the same property in the answer is fine', () => {
    const put = (body: object) =>
      exchange({
        method: 'PUT',
        url: `${WS}/onlineEndpoints/e${V}`,
        requestBody: JSON.stringify(body),
        status: 200,
        responseHeaders: {},
        responseBody: endpoint,
      });
    const body = { location: 'eastus2', properties: { authMode: 'Key', traffic: { blue: 100 } } };
    expect(kinds(put(body))).toEqual([]);
    expect(
      kinds(
        put({ ...body, id: endpoint.id, properties: { ...body.properties, scoringUri: 'https://e/score' } }),
      ),
    ).toEqual([
      'request-body /id: read-only: the service sets it, a request must not send it',
      'request-body /properties/scoringUri: read-only: the service sets it, a request must not send it',
    ]);
  });
});

describe('an answer', () => {
  it('with a status the operation does not declare, and no default, is reported', () => {
    const registry = `https://management.example/subscriptions/${SUB}/resourceGroups/rg/providers/Microsoft.ContainerRegistry/registries/acrtest1?api-version=2023-07-01`;
    expect(
      kinds(
        exchange({
          method: 'GET',
          url: registry,
          status: 404,
          responseBody: { error: { code: 'NotFound', message: 'x' } },
        }),
      ),
    ).toEqual(['status 404: not a status of this operation (200)']);
  });

  it('whose body breaks the response schema is reported; x-nullable admits null', () => {
    const job = (properties: object) =>
      exchange({
        method: 'GET',
        url: `${WS}/jobs/j${V}`,
        responseBody: { id: '/subscriptions/s/x', name: 'j', properties },
      });
    expect(kinds(job({ jobType: 'Pipeline', status: 'Running', description: null, jobs: {} }))).toEqual([]);
    expect(
      kinds(job({ jobType: 'Pipeline', status: 'Running', startTimeUtc: '2026-01-01T00:00:00Z' })),
    ).toEqual([
      'response-body /properties: must NOT have additional properties (as PipelineJob): "startTimeUtc"',
    ]);
    expect(kinds(job({ jobType: 'Pipeline', status: 'Done' }))[0]).toMatch(
      /response-body \/properties\/status: must be equal to one of the allowed values/,
    );
  });

  it('to a long-running DELETE must carry the Location the contract declares, with a Retry-After in its range', () => {
    const del = (headers: Record<string, string>) =>
      exchange({
        method: 'DELETE',
        url: `${WS}/onlineEndpoints/e/deployments/blue${V}`,
        status: 202,
        responseHeaders: headers,
      });
    expect(kinds(del({}))).toEqual(['missing-header location: declared by the contract, not sent']);
    expect(kinds(del({ location: 'https://management.example/r/1', 'retry-after': '30' }))).toEqual([]);
    expect(kinds(del({ location: 'https://management.example/r/2', 'retry-after': '700' }))).toEqual([
      'response-header retry-after: must be <= 600',
    ]);
  });

  it('with an LRO header where the contract declares none is reported, except Retry-After on throttling', () => {
    const get = (status: number, headers: Record<string, string>) =>
      exchange({
        method: 'GET',
        url: `${WS}/onlineEndpoints/e${V}`,
        status,
        responseHeaders: headers,
        responseBody: status === 200 ? endpoint : { error: { code: 'TooManyRequests', message: 'x' } },
      });
    expect(kinds(get(200, { location: 'https://management.example/r/3' }))).toEqual([
      'undeclared-header location: sent on 200, where the contract declares none',
    ]);
    expect(kinds(get(429, { 'retry-after': '3' }))).toEqual([]);
  });

  it('at a polling URL is checked as ARM async-operation status once the URL was handed out', () => {
    const own = new ContractValidator(validator.contracts);
    const status =
      'https://management.example/subscriptions/s/providers/Microsoft.MachineLearningServices/locations/eastus2/mfeOperationsStatus/9';
    const poll = (body: unknown) => own.check(exchange({ method: 'GET', url: status, responseBody: body }));
    expect(poll({ status: 'Succeeded' }).operationId).toBe('(none)');
    own.check(
      exchange({
        method: 'PUT',
        url: `${WS}/onlineEndpoints/e${V}`,
        requestBody: JSON.stringify({ location: 'eastus2', properties: { authMode: 'Key' } }),
        status: 201,
        responseHeaders: { 'azure-asyncoperation': status },
        responseBody: endpoint,
      }),
    );
    expect(poll({ id: '9', name: '9', status: 'InProgress' })).toEqual({
      operationId: 'ArmAsyncOperation_Status',
      violations: [],
    });
    expect(poll({ name: '9' }).violations.map((v) => v.message)).toEqual([
      "must have required property 'status'",
    ]);
  });
});

describe('the deviations', () => {
  it('forgive only the exact violation they name, each with its reason', () => {
    for (const deviation of DEVIATIONS) expect(deviation.why.length).toBeGreaterThan(80);
    expect(new Set(DEVIATIONS.map((d) => d.id)).size).toBe(DEVIATIONS.length);
    const below = {
      operationId: 'Jobs_Cancel',
      status: 202,
      kind: 'response-header',
      at: 'retry-after',
      message: 'must be >= 10: 10',
      request: '',
    } as const;
    expect(deviationFor(below)?.id).toBe('retry-after-below-minimum');
    expect(deviationFor({ ...below, message: 'must be <= 600' })).toBeUndefined();
    expect(deviationFor({ ...below, operationId: 'OnlineEndpoints_Get' })).toBeUndefined();
    expect(deviationFor({ ...below, status: 200 })).toBeUndefined();
  });

  it('are tallied by the recorder, which fails what they do not forgive', () => {
    const recorder = new ContractRecorder();
    const cancel = (retryAfter: string) =>
      exchange({
        method: 'POST',
        url: `${WS}/jobs/j/cancel${V}`,
        status: 202,
        responseHeaders: { location: 'https://management.example/r', 'retry-after': retryAfter },
      });
    recorder.record(cancel('1'));
    recorder.record(cancel('900'));
    const failures = recorder.check();
    expect(failures.map((v) => v.message)).toEqual(['must be <= 600']);
    expect(recorder.tally.get('Jobs_Cancel')).toEqual({ exchanges: 2, valid: 1, statuses: new Set([202]) });
    expect(recorder.allowed.get('retry-after-below-minimum')).toBe(1);
    expect(recorder.snapshot().tally).toEqual({ Jobs_Cancel: { exchanges: 2, valid: 1, statuses: [202] } });
  });
});
