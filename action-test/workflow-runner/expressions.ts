import { data, Evaluator, Lexer, Parser } from '@actions/expressions';
import type { TemplateToken } from '@actions/workflow-parser/templates/tokens/template-token';
import {
  isBasicExpression,
  isBoolean,
  isMapping,
  isNumber,
  isSequence,
  isString,
} from '@actions/workflow-parser';

/** A mistake in how the workflow wires its values together; GitHub would quietly read an empty string. */
export class WiringError extends Error {}

/**
 * A context object that knows which keys it may have. Reading a key it may have but does not (a skipped
 * job's outputs) gives null, as GitHub does; reading any other key is a wiring mistake and fails the run.
 */
export class StrictDictionary extends data.Dictionary {
  private readonly allowed: Set<string>;

  constructor(
    private readonly label: string,
    allowed: Iterable<string>,
    values: Record<string, unknown> = {},
  ) {
    super();
    this.allowed = new Set([...allowed].map((key) => key.toLowerCase()));
    for (const [key, value] of Object.entries(values)) this.add(key, toData(value));
  }

  override get(key: string): data.ExpressionData | undefined {
    const value = super.get(key);
    if (value !== undefined || this.allowed.has(key.toLowerCase())) return value;
    throw new WiringError(
      `${this.label}.${key} does not exist (${this.label} has ${[...this.allowed].join(', ') || 'nothing'}).`,
    );
  }
}

export function toData(value: unknown): data.ExpressionData {
  if (value instanceof data.Dictionary || value instanceof data.Array) return value;
  if (value === null || value === undefined) return new data.Null();
  if (typeof value === 'boolean') return new data.BooleanData(value);
  if (typeof value === 'number') return new data.NumberData(value);
  if (typeof value === 'string') return new data.StringData(value);
  if (Array.isArray(value)) return new data.Array(...value.map(toData));
  const dictionary = new data.Dictionary();
  for (const [key, item] of Object.entries(value as Record<string, unknown>))
    dictionary.add(key, toData(item));
  return dictionary;
}

export function truthy(value: data.ExpressionData): boolean {
  switch (value.kind) {
    case data.Kind.Null:
      return false;
    case data.Kind.Boolean:
      return (value as data.BooleanData).value;
    case data.Kind.Number: {
      const number = (value as data.NumberData).value;
      return number !== 0 && !Number.isNaN(number);
    }
    case data.Kind.String:
      return (value as data.StringData).value.length > 0;
    default:
      return true;
  }
}

export function asString(value: data.ExpressionData): string {
  return value.kind === data.Kind.Null ? '' : value.coerceString();
}

/** What success(), failure(), cancelled() and always() answer where the expression is evaluated. */
export interface Status {
  success: boolean;
  failure: boolean;
  cancelled: boolean;
}

export type Contexts = Record<string, data.ExpressionData>;

export function evaluate(expression: string, contexts: Contexts, status?: Status): data.ExpressionData {
  const names = Object.keys(contexts);
  const statusFunction = (name: keyof Status | 'always') => ({
    name,
    minArgs: 0,
    maxArgs: 0,
    call: () => {
      if (!status) throw new WiringError(`${name}() is not allowed here.`);
      return new data.BooleanData(name === 'always' ? true : status[name]);
    },
  });
  const functions = [
    statusFunction('success'),
    statusFunction('failure'),
    statusFunction('cancelled'),
    statusFunction('always'),
  ];
  const lexed = new Lexer(expression).lex();
  const tree = new Parser(lexed.tokens, names, functions).parse();
  const context = new data.Dictionary();
  for (const [name, value] of Object.entries(contexts)) context.add(name, value);
  return new Evaluator(tree, context, new Map(functions.map((f) => [f.name, f]))).evaluate();
}

/** A template token's value with every `${{ }}` evaluated: strings, numbers, booleans, arrays and objects. */
export function evaluateToken(
  token: TemplateToken | undefined,
  contexts: Contexts,
  status?: Status,
): unknown {
  if (!token) return null;
  if (isBasicExpression(token)) return fromData(evaluate(token.expression, contexts, status));
  if (isString(token)) return token.value;
  if (isNumber(token) || isBoolean(token)) return token.value;
  if (isSequence(token)) {
    const items: unknown[] = [];
    for (let i = 0; i < token.count; i++) items.push(evaluateToken(token.get(i), contexts, status));
    return items;
  }
  if (isMapping(token)) {
    const object: Record<string, unknown> = {};
    for (const pair of token)
      object[String(evaluateToken(pair.key, contexts, status))] = evaluateToken(pair.value, contexts, status);
    return object;
  }
  return null;
}

/** A token evaluated to the string an action input, environment variable or output gets. */
export function evaluateString(token: TemplateToken | undefined, contexts: Contexts): string {
  if (!token) return '';
  const value = evaluateToken(token, contexts);
  if (value === null || value === undefined) return '';
  return typeof value === 'object' ? JSON.stringify(value) : String(value);
}

export function fromData(value: data.ExpressionData): unknown {
  switch (value.kind) {
    case data.Kind.Null:
      return null;
    case data.Kind.Boolean:
      return (value as data.BooleanData).value;
    case data.Kind.Number:
      return (value as data.NumberData).value;
    case data.Kind.String:
      return (value as data.StringData).value;
    case data.Kind.Array:
      return (value as data.Array).values().map(fromData);
    default: {
      const object: Record<string, unknown> = {};
      for (const pair of (value as data.Dictionary).pairs()) object[pair.key] = fromData(pair.value);
      return object;
    }
  }
}
