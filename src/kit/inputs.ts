import { InputError } from './errors.js';
import { parseDuration } from './duration.js';
import type { NameRule } from './names.js';
import type { InputSource } from './runner-protocol.js';

// eslint-disable-next-line no-control-regex -- finding control characters is the point
const CONTROL_CHARACTERS = /[\u0000-\u001f\u007f]/;

/**
 * Typed, validated inputs. Every reader throws an InputError that names the input and what it expects,
 * so an action fails on its first bad input before it spawns a process or opens a connection.
 */
export class Inputs {
  constructor(private readonly source: InputSource) {}

  /** The trimmed text, rejecting control characters (a newline smuggled into a single-line input). */
  private read(name: string): string {
    const value = this.source(name);
    if (CONTROL_CHARACTERS.test(value)) {
      throw new InputError(name, 'contains a newline or control character', 'a single line of text');
    }
    return value;
  }

  private missing(name: string, expected: string): never {
    throw new InputError(name, 'is required but empty', expected);
  }

  name(name: string, rule: NameRule, options: { required: true; fallback?: string }): string;
  name(name: string, rule: NameRule, options?: { required?: boolean; fallback?: string }): string | undefined;
  name(
    name: string,
    rule: NameRule,
    options: { required?: boolean; fallback?: string } = {},
  ): string | undefined {
    const value = this.read(name) || options.fallback?.trim() || '';
    if (!value) return options.required ? this.missing(name, rule.expected) : undefined;
    if (!rule.pattern.test(value)) throw new InputError(name, `is '${value}'`, rule.expected);
    return value;
  }

  /** Free text for display (experiment descriptions, display names): one line, bounded length. */
  text(name: string, options: { required?: boolean; maxLength?: number } = {}): string | undefined {
    const value = this.read(name);
    const maxLength = options.maxLength ?? 256;
    if (!value) return options.required ? this.missing(name, `up to ${maxLength} characters`) : undefined;
    if (value.length > maxLength)
      throw new InputError(name, `is ${value.length} characters long`, `at most ${maxLength}`);
    return value;
  }

  boolean(name: string, defaultValue: boolean): boolean {
    const value = this.read(name).toLowerCase();
    if (!value) return defaultValue;
    if (['true', 'yes', 'on', '1'].includes(value)) return true;
    if (['false', 'no', 'off', '0'].includes(value)) return false;
    throw new InputError(name, `is '${value}'`, 'true or false');
  }

  duration(name: string, defaultValue: string, bounds: { minMs?: number; maxMs?: number } = {}): number {
    const text = this.read(name) || defaultValue;
    const ms = parseDuration(text);
    const expected = `a duration such as 90s, 45m, 6h or 1h30m`;
    if (ms === undefined) throw new InputError(name, `is '${text}'`, expected);
    if (ms <= 0) throw new InputError(name, `is '${text}'`, `${expected}, greater than zero`);
    if (bounds.minMs !== undefined && ms < bounds.minMs) {
      throw new InputError(name, `is '${text}'`, `at least ${bounds.minMs / 1000}s`);
    }
    if (bounds.maxMs !== undefined && ms > bounds.maxMs) {
      throw new InputError(name, `is '${text}'`, `at most ${bounds.maxMs / 3_600_000}h`);
    }
    return ms;
  }

  integer(
    name: string,
    options: { defaultValue?: number; min: number; max: number; required?: boolean },
  ): number | undefined {
    const text = this.read(name);
    const expected = `a whole number from ${options.min} to ${options.max}`;
    if (!text) {
      if (options.required) this.missing(name, expected);
      return options.defaultValue;
    }
    if (!/^-?\d+$/.test(text)) throw new InputError(name, `is '${text}'`, expected);
    const value = Number(text);
    if (value < options.min || value > options.max) throw new InputError(name, `is ${value}`, expected);
    return value;
  }

  /** A positive decimal such as a latency bar in milliseconds. */
  number(name: string, options: { defaultValue?: number; min: number; max: number }): number | undefined {
    const text = this.read(name);
    if (!text) return options.defaultValue;
    const expected = `a number from ${options.min} to ${options.max}`;
    if (!/^\d+(\.\d+)?$/.test(text)) throw new InputError(name, `is '${text}'`, expected);
    const value = Number(text);
    if (value < options.min || value > options.max) throw new InputError(name, `is ${value}`, expected);
    return value;
  }

  percent(name: string, defaultValue: number): number {
    return this.integer(name, { defaultValue, min: 0, max: 100 })!;
  }

  choice<T extends string>(name: string, choices: readonly T[], defaultValue: T): T {
    const value = this.read(name) || defaultValue;
    if (!(choices as readonly string[]).includes(value)) {
      throw new InputError(name, `is '${value}'`, `one of ${choices.join(', ')}`);
    }
    return value as T;
  }

  /** Items separated by new lines or commas, each on its own free of control characters. */
  list(name: string): string[] {
    const items = this.source(name)
      .split(/[\n,]/)
      .map((part) => part.trim())
      .filter(Boolean);
    for (const item of items) {
      if (CONTROL_CHARACTERS.test(item))
        throw new InputError(name, 'contains a control character', 'items separated by commas or new lines');
    }
    return items;
  }

  /**
   * `key=value` pairs, one per line or separated by commas. Keys and values are checked against the
   * given patterns so nothing unexpected reaches a command line.
   */
  keyValues(name: string, rules: { key: RegExp; value: RegExp; expected: string }): Array<[string, string]> {
    const pairs: Array<[string, string]> = [];
    for (const item of this.list(name)) {
      const match = /^([^=\s]+)\s*=\s*(.*)$/.exec(item);
      if (!match || !rules.key.test(match[1]!) || !rules.value.test(match[2]!)) {
        throw new InputError(name, `has '${item}'`, rules.expected);
      }
      pairs.push([match[1]!, match[2]!]);
    }
    return pairs;
  }

  /**
   * A path inside the workspace checkout: relative, without `..`, of safe characters. Existence is for
   * the caller to check, because only it knows whether a file or a folder is wanted.
   */
  relativePath(name: string, defaultValue: string): string {
    const value = this.read(name) || defaultValue;
    const expected = 'a relative path inside the repository, such as pipeline/pipeline.yml';
    if (value.startsWith('/') || /^[A-Za-z]:/.test(value))
      throw new InputError(name, `is absolute ('${value}')`, expected);
    if (value.split(/[\\/]/).includes('..'))
      throw new InputError(name, `leaves the repository ('${value}')`, expected);
    if (!/^[\w./@+-]+$/.test(value)) throw new InputError(name, `is '${value}'`, expected);
    return value;
  }
}
