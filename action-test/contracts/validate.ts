import type { AnySchema, ErrorObject } from 'ajv';
import type { ArmExchange } from '../emulator/http.js';
import {
  Contracts,
  SPEC_FILES,
  type Operation,
  type SwaggerParameter,
  type SwaggerResponse,
} from './spec.js';

export type { ArmExchange };

export type ViolationKind =
  | 'unknown-operation'
  | 'api-version'
  | 'path-parameter'
  | 'query-parameter'
  | 'request-body'
  | 'status'
  | 'response-body'
  | 'response-header'
  | 'missing-header'
  | 'undeclared-header';

export interface Violation {
  operationId: string;
  status: number;
  kind: ViolationKind;
  /** The parameter or header name, or the JSON path in a body. */
  at: string;
  message: string;
  request: string;
}

/** Headers that drive a client's long-running-operation handling: sent only where the contract declares them. */
const LRO_HEADERS = ['azure-asyncoperation', 'location', 'retry-after'];
const LINK_HEADERS = ['azure-asyncoperation', 'location'];

const ML_FILE = SPEC_FILES[0]!;
const ERROR_RESPONSE: SwaggerResponse = {
  schema: { $ref: '#/definitions/common-v3-types.ErrorResponse' },
};

/**
 * The polling that follows an LRO header. mfe.json only declares the headers; what answers at their URLs is
 * ARM's async-operation contract (Azure/azure-resource-manager-rpc, `v1.0/async-api-reference.md`): the
 * Azure-AsyncOperation URL answers 200 with an operation status (common-types `OperationStatusResult`), the
 * Location URL answers 202 (Location, Retry-After) while running, then 200 or 204; errors are ARM errors.
 */
export const ASYNC_OPERATIONS: Operation[] = [
  {
    operationId: 'ArmAsyncOperation_Status',
    method: 'GET',
    template: '{Azure-AsyncOperation URL}',
    apiVersion: '',
    file: ML_FILE,
    pattern: /$^/,
    pathNames: [],
    parameters: [],
    responses: {
      200: {
        schema: { $ref: '#/definitions/common-v3-types.OperationStatusResult' },
        headers: { 'Retry-After': { type: 'integer', minimum: 0 } },
      },
      default: ERROR_RESPONSE,
    },
    longRunning: false,
  },
  {
    operationId: 'ArmAsyncOperation_Result',
    method: 'GET',
    template: '{Location URL}',
    apiVersion: '',
    file: ML_FILE,
    pattern: /$^/,
    pathNames: [],
    parameters: [],
    responses: {
      200: {},
      202: {
        headers: {
          Location: { type: 'string' },
          'Retry-After': { type: 'integer', minimum: 10, maximum: 600 },
        },
      },
      204: {},
      default: ERROR_RESPONSE,
    },
    longRunning: false,
  },
];

/** Checks exchanges against the vendored contracts; remembers the LRO links it has seen answered. */
export class ContractValidator {
  private readonly links = new Map<string, Operation>();

  private requestContracts: Contracts | undefined;

  constructor(readonly contracts = new Contracts()) {}

  /** Request bodies are checked by a second compilation in which `readOnly` properties must be absent. */
  private get requests(): Contracts {
    this.requestContracts ??= new Contracts({ for: 'requests' });
    return this.requestContracts;
  }

  /** The operation an exchange is an instance of, or undefined. */
  operationOf(exchange: Pick<ArmExchange, 'method' | 'url'>): Operation | undefined {
    const url = new URL(exchange.url);
    const declared = this.contracts.operations.find(
      (op) => op.method === exchange.method && op.pattern.test(url.pathname),
    );
    if (declared) return declared;
    return exchange.method === 'GET' ? this.links.get(linkKey(url)) : undefined;
  }

  check(exchange: ArmExchange): { operationId: string; violations: Violation[] } {
    const url = new URL(exchange.url);
    const request = `${exchange.method} ${url.pathname}`;
    const op = this.operationOf(exchange);
    if (!op) {
      const message = 'no operation of the vendored contracts has this method and path';
      return {
        operationId: '(none)',
        violations: [
          {
            operationId: '(none)',
            status: exchange.status,
            kind: 'unknown-operation',
            at: '',
            message,
            request,
          },
        ],
      };
    }
    const found: Omit<Violation, 'operationId' | 'status' | 'request'>[] = [
      ...this.checkRequest(op, url, exchange.requestBody),
      ...this.checkResponse(op, exchange),
    ];
    this.learnLinks(exchange);
    return {
      operationId: op.operationId,
      violations: found.map((v) => ({ operationId: op.operationId, status: exchange.status, request, ...v })),
    };
  }

  private learnLinks(exchange: ArmExchange): void {
    const asyncUrl = exchange.responseHeaders['azure-asyncoperation'];
    const location = exchange.responseHeaders.location;
    if (asyncUrl) this.links.set(linkKey(new URL(asyncUrl, exchange.url)), ASYNC_OPERATIONS[0]!);
    if (location) this.links.set(linkKey(new URL(location, exchange.url)), ASYNC_OPERATIONS[1]!);
  }

  private checkRequest(
    op: Operation,
    url: URL,
    body: string,
  ): Omit<Violation, 'operationId' | 'status' | 'request'>[] {
    if (op.parameters.length === 0) return [];
    const out: Omit<Violation, 'operationId' | 'status' | 'request'>[] = [];
    const values = new Map(op.pathNames.map((name, i) => [name, op.pattern.exec(url.pathname)![i + 1]!]));
    const query = new Map([...url.searchParams].map(([k, v]) => [k.toLowerCase(), v]));
    for (const parameter of op.parameters) {
      if (parameter.in === 'body') {
        out.push(...this.checkBody(op, parameter, body));
        continue;
      }
      if (parameter.in === 'header') continue;
      const raw =
        parameter.in === 'path' ? values.get(parameter.name) : query.get(parameter.name.toLowerCase());
      query.delete(parameter.name.toLowerCase());
      const kind = parameter.in === 'path' ? 'path-parameter' : 'query-parameter';
      if (raw === undefined) {
        if (parameter.required) out.push({ kind, at: parameter.name, message: 'required, not sent' });
        continue;
      }
      const value = parameter.in === 'path' ? decodeURIComponent(raw) : raw;
      if (parameter.name === 'api-version' && value !== op.apiVersion)
        out.push({
          kind: 'api-version',
          at: 'api-version',
          message: `${value}, the contract is ${op.apiVersion}`,
        });
      out.push(
        ...this.schemaErrors(
          op,
          `${op.operationId}:${parameter.name}`,
          parameterSchema(parameter),
          coerce(parameter.type, value),
          kind,
          parameter.name,
        ),
      );
    }
    for (const name of query.keys())
      out.push({ kind: 'query-parameter', at: name, message: 'not a parameter of this operation' });
    if (!op.parameters.some((p) => p.in === 'body') && body)
      out.push({ kind: 'request-body', at: '', message: 'the operation takes no body, one was sent' });
    return out;
  }

  private checkBody(op: Operation, parameter: SwaggerParameter, body: string) {
    if (!body)
      return parameter.required
        ? [{ kind: 'request-body' as const, at: '', message: 'required, not sent' }]
        : [];
    let json: unknown;
    try {
      json = JSON.parse(body);
    } catch {
      return [{ kind: 'request-body' as const, at: '', message: 'not JSON' }];
    }
    return this.schemaErrors(
      op,
      `${op.operationId}:body`,
      parameter.schema!,
      json,
      'request-body',
      '',
      this.requests,
    );
  }

  private checkResponse(
    op: Operation,
    exchange: ArmExchange,
  ): Omit<Violation, 'operationId' | 'status' | 'request'>[] {
    const status = String(exchange.status);
    const declared = op.responses[status];
    const response = declared ?? (exchange.status >= 400 ? op.responses.default : undefined);
    if (!response)
      return [
        {
          kind: 'status',
          at: status,
          message: `not a status of this operation (${Object.keys(op.responses).join(', ')})`,
        },
      ];
    const out = this.checkHeaders(op, response, exchange);
    const key = `${op.operationId}:${declared ? status : 'default'}`;
    if (response.schema) {
      if (exchange.responseBody === undefined)
        out.push({ kind: 'response-body', at: '', message: 'the contract has a body here, none was sent' });
      else
        out.push(...this.schemaErrors(op, key, response.schema, exchange.responseBody, 'response-body', ''));
    } else if (exchange.responseBody !== undefined) {
      out.push({ kind: 'response-body', at: '', message: 'the contract has no body here, one was sent' });
    }
    return out;
  }

  private checkHeaders(op: Operation, response: SwaggerResponse, exchange: ArmExchange) {
    const out: Omit<Violation, 'operationId' | 'status' | 'request'>[] = [];
    const declared = new Map(
      Object.entries(response.headers ?? {}).map(([name, h]) => [name.toLowerCase(), h]),
    );
    for (const [name, header] of declared) {
      const value = exchange.responseHeaders[name];
      if (value === undefined) {
        if (LINK_HEADERS.includes(name))
          out.push({ kind: 'missing-header', at: name, message: 'declared by the contract, not sent' });
        continue;
      }
      const { description: _d, ...schema } = header;
      out.push(
        ...this.schemaErrors(
          op,
          `${op.operationId}:${exchange.status}:${name}`,
          schema as AnySchema,
          coerce(header.type, value),
          'response-header',
          name,
        ),
      );
    }
    const throttled = exchange.status === 429 || exchange.status === 503;
    for (const name of LRO_HEADERS) {
      if (exchange.responseHeaders[name] === undefined || declared.has(name)) continue;
      // ARM's throttling and availability answers carry Retry-After for every operation (ARM RPC, 429/503).
      if (name === 'retry-after' && throttled) continue;
      out.push({
        kind: 'undeclared-header',
        at: name,
        message: `sent on ${exchange.status}, where the contract declares none`,
      });
    }
    return out;
  }

  private schemaErrors(
    op: Operation,
    key: string,
    schema: AnySchema,
    data: unknown,
    kind: ViolationKind,
    at: string,
    contracts = this.contracts,
  ) {
    const validate = contracts.validator(op.file, schema, key);
    if (validate(data)) return [];
    return dedupe(validate.errors ?? []).map((error) => ({
      kind,
      at: `${at}${error.instancePath}`,
      message: describe(error),
    }));
  }
}

function linkKey(url: URL): string {
  return `${url.origin}${url.pathname}`.toLowerCase();
}

function parameterSchema(parameter: SwaggerParameter): AnySchema {
  const { name: _n, in: _i, required: _r, description: _d, ...schema } = parameter;
  return schema as AnySchema;
}

/** Query strings and headers are text; the contract types some of them as numbers. */
function coerce(type: string | undefined, value: string): unknown {
  if ((type === 'integer' || type === 'number') && value.trim() !== '' && !Number.isNaN(Number(value)))
    return Number(value);
  if (type === 'boolean' && (value === 'true' || value === 'false')) return value === 'true';
  return value;
}

function describe(error: ErrorObject): string {
  // Ajv's messages name the limit, pattern or missing property, but not the extra property or allowed values.
  if (error.keyword === 'readOnly') return 'read-only: the service sets it, a request must not send it';
  const params = error.params as Record<string, unknown>;
  const detail = params.additionalProperty ?? params.allowedValues;
  return `${error.message ?? error.keyword}${detail === undefined ? '' : `: ${JSON.stringify(detail)}`}`;
}

function dedupe(errors: ErrorObject[]): ErrorObject[] {
  const seen = new Set<string>();
  return errors.filter((error) => {
    const key = `${error.instancePath} ${describe(error)}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}
