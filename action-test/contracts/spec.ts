import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { AnySchema, ErrorObject, ValidateFunction } from 'ajv';
import ajvDraft04 from 'ajv-draft-04';
import ajvFormats from 'ajv-formats';

// Both packages are CommonJS whose module.exports is also exported as `default`.
const Ajv04 = ajvDraft04.default;
const addFormats = ajvFormats.default;

/**
 * Microsoft's published contracts for the ARM operations the actions call, as vendored in this folder by
 * scripts/vendor-contracts.mjs (Swagger 2.0, whose schemas are JSON Schema draft-04 plus a few Swagger words),
 * compiled once per process with Ajv's draft-04 class.
 */

export const SPEC_FILES = ['machinelearningservices-2025-12-01.json', 'containerregistry-2023-07-01.json'];

export interface SwaggerParameter {
  name: string;
  in: 'path' | 'query' | 'header' | 'body';
  required?: boolean;
  type?: string;
  schema?: AnySchema;
  [keyword: string]: unknown;
}

export interface SwaggerHeader {
  type: string;
  format?: string;
  [keyword: string]: unknown;
}

export interface SwaggerResponse {
  description?: string;
  schema?: AnySchema;
  headers?: Record<string, SwaggerHeader>;
}

export interface Operation {
  operationId: string;
  method: string;
  template: string;
  apiVersion: string;
  file: string;
  pattern: RegExp;
  pathNames: string[];
  parameters: SwaggerParameter[];
  responses: Record<string, SwaggerResponse>;
  longRunning: boolean;
}

interface SwaggerDocument {
  info: { version: string };
  paths: Record<string, Record<string, Omit<Operation, 'method' | 'template'> & Record<string, unknown>>>;
  definitions: Record<string, Record<string, unknown>>;
}

/** Swagger's own words in schemas, and Azure's `x-` extensions: annotations for a validator, each named here. */
const ANNOTATIONS = ['example', 'discriminator', 'x-nullable'];

const here = import.meta.dirname;

/** The vendored documents, their operations, and an Ajv instance that knows them all. */
export class Contracts {
  readonly operations: Operation[] = [];
  private readonly ajv: InstanceType<typeof Ajv04>;
  private readonly compiled = new Map<string, ValidateFunction>();

  /**
   * `for: 'requests'` makes Swagger's `readOnly` a check (a client must not send what the service sets);
   * for answers it is an annotation.
   */
  constructor(options: { files?: string[]; for?: 'requests' | 'responses' } = {}) {
    const files = options.files ?? SPEC_FILES;
    // Without the optimising pass over the generated code, which only makes it smaller: each test file compiles
    // its validators afresh, and this takes a third off that (the same answers).
    this.ajv = new Ajv04({
      code: { optimize: false },
      allErrors: true,
      strict: true,
      strictTypes: false,
      strictRequired: false,
    });
    addFormats(this.ajv);
    // Azure's one format that JSON Schema and ajv-formats do not define: an ARM resource id.
    this.ajv.addFormat('arm-id', /^\/subscriptions\/[^/]+\/.+/i);
    const docs = files.map((file) => ({
      file,
      doc: JSON.parse(readFileSync(join(here, file), 'utf8')) as SwaggerDocument,
    }));
    const extensions = new Set<string>();
    for (const { doc } of docs) collectExtensions(doc, extensions);
    this.ajv.addVocabulary([...new Set([...ANNOTATIONS, ...extensions])]);
    if (options.for === 'requests')
      this.ajv.addKeyword({
        keyword: 'readOnly',
        schemaType: 'boolean',
        validate: (readOnly: boolean) => !readOnly,
      });
    else this.ajv.addVocabulary(['readOnly']);
    this.ajv.addKeyword({
      keyword: 'x-polymorphic',
      schemaType: 'object',
      validate: this.polymorphic(),
      errors: true,
    });
    for (const { file, doc } of docs) {
      const definitions = rebase(file, prepareDefinitions(doc.definitions));
      this.ajv.addSchema({ id: file, definitions } as AnySchema, file);
      for (const [template, item] of Object.entries(doc.paths))
        for (const [method, op] of Object.entries(item))
          this.operations.push(toOperation(file, doc, template, method, op));
    }
  }

  /** The compiled validator of a schema found in `file` (its `#/definitions` refs point into that file). */
  validator(file: string, schema: AnySchema, key: string): ValidateFunction {
    const id = `${file}::${key}`;
    const known = this.compiled.get(id);
    if (known) return known;
    const compiled = this.ajv.compile(rebase(file, prepare(schema)) as AnySchema);
    this.compiled.set(id, compiled);
    return compiled;
  }

  definition(file: string, name: string): ValidateFunction {
    const found = this.ajv.getSchema(`${file}#/definitions/${name}`);
    if (!found) throw new Error(`${file} has no definition ${name}`);
    return found;
  }

  /**
   * Swagger's polymorphism (`discriminator` on a base, `x-ms-discriminator-value` on each subtype): the value
   * names the subtype whose whole schema applies; an unknown value is checked against the base alone.
   */
  private polymorphic() {
    type Dispatch = { file: string; base: string; property: string; subtypes: Record<string, string> };
    const check = (
      dispatch: Dispatch,
      data: unknown,
      _parent?: unknown,
      context?: { instancePath: string },
    ): boolean => {
      const value = (data as Record<string, unknown> | null)?.[dispatch.property];
      const name = (typeof value === 'string' && dispatch.subtypes[value]) || dispatch.base;
      const validate = this.definition(dispatch.file, name);
      if (validate(data)) return true;
      check.errors = (validate.errors ?? []).map((error: ErrorObject) => ({
        ...error,
        instancePath: `${context?.instancePath ?? ''}${error.instancePath}`,
        message: `${error.message ?? ''} (as ${name})`,
      }));
      return false;
    };
    check.errors = [] as ErrorObject[];
    return check as unknown as (schema: Dispatch, data: unknown) => boolean;
  }
}

function toOperation(
  file: string,
  doc: SwaggerDocument,
  template: string,
  method: string,
  op: Record<string, unknown>,
): Operation {
  const pathNames: string[] = [];
  const source = template
    .split(/(\{[^}]+\})/)
    .map((part) => {
      const name = /^\{([^}]+)\}$/.exec(part)?.[1];
      if (!name) return part.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
      pathNames.push(name);
      return '([^/]+)';
    })
    .join('');
  return {
    operationId: op.operationId as string,
    method: method.toUpperCase(),
    template,
    apiVersion: doc.info.version,
    file,
    // ARM matches paths without regard to case.
    pattern: new RegExp(`^${source}$`, 'i'),
    pathNames,
    parameters: op.parameters as SwaggerParameter[],
    responses: op.responses as Record<string, SwaggerResponse>,
    longRunning: op['x-ms-long-running-operation'] === true,
  };
}

function collectExtensions(value: unknown, into: Set<string>): void {
  if (Array.isArray(value)) value.forEach((item) => collectExtensions(item, into));
  else if (value && typeof value === 'object')
    for (const [key, item] of Object.entries(value)) {
      if (key.startsWith('x-') && key !== 'x-polymorphic') into.add(key);
      collectExtensions(item, into);
    }
}

/**
 * The definitions as JSON Schema. Swagger's `allOf` of a `$ref` is inheritance (Autorest and Microsoft's own
 * validator, oav, read a model's `additionalProperties: false` as closing the merged model), so each definition
 * is flattened with its ancestors' properties; `x-nullable` becomes a null-admitting type; a `$ref` to a
 * polymorphic base becomes the `x-polymorphic` dispatch.
 */
function prepareDefinitions(definitions: SwaggerDocument['definitions']): SwaggerDocument['definitions'] {
  const polymorphic = polymorphicBases(definitions);
  const flat = new Map<string, Record<string, unknown>>();
  const flatten = (name: string): Record<string, unknown> => {
    const known = flat.get(name);
    if (known) return known;
    const { allOf, ...own } = definitions[name] as { allOf?: Record<string, unknown>[] };
    const parents = (allOf ?? []).filter((part) => typeof part.$ref === 'string');
    const others = (allOf ?? []).filter((part) => typeof part.$ref !== 'string');
    const merged: Record<string, unknown> = { ...own };
    for (const parent of parents.map((part) =>
      flatten((part.$ref as string).replace('#/definitions/', '')),
    )) {
      merged.properties = { ...(parent.properties as object), ...(merged.properties as object) };
      const required = [...((parent.required as string[]) ?? []), ...((merged.required as string[]) ?? [])];
      if (required.length) merged.required = [...new Set(required)];
      merged.type ??= parent.type;
      if (!('additionalProperties' in own) && 'additionalProperties' in parent)
        merged.additionalProperties = parent.additionalProperties;
    }
    if (others.length) merged.allOf = others;
    flat.set(name, merged);
    return merged;
  };
  return Object.fromEntries(
    Object.keys(definitions).map((name) => [
      name,
      prepare(flatten(name), polymorphic) as Record<string, unknown>,
    ]),
  );
}

type Bases = Map<string, { property: string; subtypes: Record<string, string> }>;

function polymorphicBases(definitions: SwaggerDocument['definitions']): Bases {
  const bases: Bases = new Map();
  for (const [name, definition] of Object.entries(definitions))
    if (typeof definition.discriminator === 'string')
      bases.set(name, { property: definition.discriminator, subtypes: {} });
  for (const [name, definition] of Object.entries(definitions)) {
    for (const part of (definition.allOf as { $ref?: string }[] | undefined) ?? []) {
      const base = bases.get(part.$ref?.replace('#/definitions/', '') ?? '');
      if (base) base.subtypes[(definition['x-ms-discriminator-value'] as string | undefined) ?? name] = name;
    }
  }
  return bases;
}

function prepare(value: unknown, polymorphic: Bases = new Map()): unknown {
  if (Array.isArray(value)) return value.map((item) => prepare(item, polymorphic));
  if (!value || typeof value !== 'object') return value;
  const schema = value as Record<string, unknown>;
  const result: Record<string, unknown> = {};
  for (const [key, item] of Object.entries(schema)) {
    // Property and definition maps hold names, not keywords: recurse into their values.
    if (key === 'properties' && item && typeof item === 'object' && !Array.isArray(item))
      result[key] = Object.fromEntries(
        Object.entries(item).map(([name, sub]) => [name, prepare(sub, polymorphic)]),
      );
    else result[key] = prepare(item, polymorphic);
  }
  const ref = typeof schema.$ref === 'string' ? schema.$ref.replace('#/definitions/', '') : undefined;
  const base = ref === undefined ? undefined : polymorphic.get(ref);
  let prepared: Record<string, unknown> = result;
  if (ref !== undefined) {
    const { $ref, ...siblings } = result;
    // draft-04 ignores siblings of $ref: keep them (x-nullable, readOnly…) beside an allOf instead.
    const target = base
      ? { 'x-polymorphic': { base: ref, property: base.property, subtypes: base.subtypes } }
      : { $ref };
    prepared = { ...siblings, allOf: [target] };
  }
  if (prepared['x-nullable'] === true) {
    if (typeof prepared.type === 'string') prepared.type = [prepared.type, 'null'];
    else if (prepared.type === undefined) {
      const { description, ...inner } = prepared;
      prepared = { description, anyOf: [inner, { type: 'null' }] };
    }
  }
  return prepared;
}

/** Points `#/definitions/…` refs (and the dispatch's) of a schema taken out of `file` at that file's schemas. */
function rebase(file: string, value: unknown): unknown {
  if (Array.isArray(value)) return value.map((item) => rebase(file, item));
  if (!value || typeof value !== 'object') return value;
  return Object.fromEntries(
    Object.entries(value).map(([key, item]) => {
      if (key === '$ref' && typeof item === 'string' && item.startsWith('#/')) return [key, `${file}${item}`];
      if (key === 'x-polymorphic') return [key, { ...(item as object), file }];
      return [key, rebase(file, item)];
    }),
  );
}
