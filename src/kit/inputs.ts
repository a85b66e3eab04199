import { InputError } from './errors.js';
import { parseDuration } from './duration.js';
import type { NameRule } from './names.js';
import { quote, quotePrefix } from './quote.js';
import type { InputSource } from './runner-protocol.js';

// eslint-disable-next-line no-control-regex -- finding control characters is the point
const CONTROL_CHARACTERS = /[\u0000-\u001f\u007f]/;

/**
 * The bound of inputs whose valid values are all short (booleans, choices, numbers, durations): far above
 * any valid value, so a typo still gets the precise message, while a flood is refused before it is parsed.
 */
export const SHORT_INPUT_MAX = 64;

/**
 * Path inputs: PATH_MAX is 4096 bytes with the terminating NUL and NAME_MAX 255 bytes per name
 * (Linux <linux/limits.h>, and the usual ext4/xfs/APFS name limit). Paths are ASCII here, so bytes are characters.
 */
export const PATH_MAX_LENGTH = 4095;
export const PATH_SEGMENT_MAX_LENGTH = 255;

/** How many items a list input takes, and how long each may be; the whole text is bounded by both. */
export interface ListLimits {
  readonly maxItems: number;
  readonly maxItemLength: number;
}

export interface KeyValueRules extends ListLimits {
  readonly key: RegExp;
  readonly value: RegExp;
  readonly expected: string;
}

/**
 * Typed, validated inputs. Every reader throws an InputError that names the input and what it expects,
 * so an action fails on its first bad input before it spawns a process or opens a connection. Each reader
 * checks the length first, and every message quotes the user's text through `quote`, never whole.
 */
export class Inputs {
  constructor(private readonly source: InputSource) {}

  /** The trimmed text (or the fallback), bounded in length, then free of control characters. */
  private read(name: string, maxLength: number, expected: string, fallback = ''): string {
    const value = this.source(name) || fallback.trim();
    if (value.length > maxLength) {
      throw new InputError(
        name,
        `is ${value.length} characters long (${quotePrefix(value)})`,
        `at most ${maxLength} characters: ${expected}`,
      );
    }
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
    const value = this.read(name, rule.maxLength, rule.expected, options.fallback);
    if (!value) return options.required ? this.missing(name, rule.expected) : undefined;
    if (!rule.pattern.test(value)) throw new InputError(name, `is ${quote(value)}`, rule.expected);
    return value;
  }

  /** Free text for display (experiment descriptions, display names): one line, bounded length. */
  text(name: string, options: { required?: boolean; maxLength?: number } = {}): string | undefined {
    const maxLength = options.maxLength ?? 256;
    const expected = `up to ${maxLength} characters`;
    const value = this.read(name, maxLength, expected);
    if (!value) return options.required ? this.missing(name, expected) : undefined;
    return value;
  }

  boolean(name: string, defaultValue: boolean): boolean {
    const value = this.read(name, SHORT_INPUT_MAX, 'true or false').toLowerCase();
    if (!value) return defaultValue;
    if (['true', 'yes', 'on', '1'].includes(value)) return true;
    if (['false', 'no', 'off', '0'].includes(value)) return false;
    throw new InputError(name, `is ${quote(value)}`, 'true or false');
  }

  duration(name: string, defaultValue: string, bounds: { minMs?: number; maxMs?: number } = {}): number {
    const expected = `a duration such as 90s, 45m, 6h or 1h30m`;
    const text = this.read(name, SHORT_INPUT_MAX, expected) || defaultValue;
    const ms = parseDuration(text);
    if (ms === undefined) throw new InputError(name, `is ${quote(text)}`, expected);
    if (ms <= 0) throw new InputError(name, `is ${quote(text)}`, `${expected}, greater than zero`);
    if (bounds.minMs !== undefined && ms < bounds.minMs) {
      throw new InputError(name, `is ${quote(text)}`, `at least ${bounds.minMs / 1000}s`);
    }
    if (bounds.maxMs !== undefined && ms > bounds.maxMs) {
      throw new InputError(name, `is ${quote(text)}`, `at most ${bounds.maxMs / 3_600_000}h`);
    }
    return ms;
  }

  integer(
    name: string,
    options: { defaultValue?: number; min: number; max: number; required?: boolean },
  ): number | undefined {
    const expected = `a whole number from ${options.min} to ${options.max}`;
    const text = this.read(name, SHORT_INPUT_MAX, expected);
    if (!text) {
      if (options.required) this.missing(name, expected);
      return options.defaultValue;
    }
    if (!/^-?\d+$/.test(text)) throw new InputError(name, `is ${quote(text)}`, expected);
    const value = Number(text);
    if (value < options.min || value > options.max) throw new InputError(name, `is ${quote(text)}`, expected);
    return value;
  }

  /** A positive decimal such as a latency bar in milliseconds. */
  number(name: string, options: { defaultValue?: number; min: number; max: number }): number | undefined {
    const expected = `a number from ${options.min} to ${options.max}`;
    const text = this.read(name, SHORT_INPUT_MAX, expected);
    if (!text) return options.defaultValue;
    if (!/^\d+(\.\d+)?$/.test(text)) throw new InputError(name, `is ${quote(text)}`, expected);
    const value = Number(text);
    if (!Number.isFinite(value) || value < options.min || value > options.max)
      throw new InputError(name, `is ${quote(text)}`, expected);
    return value;
  }

  percent(name: string, defaultValue: number): number {
    return this.integer(name, { defaultValue, min: 0, max: 100 })!;
  }

  choice<T extends string>(name: string, choices: readonly T[], defaultValue: T): T {
    const expected = `one of ${choices.join(', ')}`;
    const value = this.read(name, SHORT_INPUT_MAX, expected) || defaultValue;
    if (!(choices as readonly string[]).includes(value)) {
      throw new InputError(name, `is ${quote(value)}`, expected);
    }
    return value as T;
  }

  /**
   * Items separated by new lines or commas, each on its own free of control characters. The whole text is
   * bounded first (items × (item length + a separator and a space)), then the number of items, then each.
   */
  list(name: string, limits: ListLimits, expected = 'items separated by commas or new lines'): string[] {
    const text = this.source(name);
    const maxLength = limits.maxItems * (limits.maxItemLength + 2);
    if (text.length > maxLength) {
      throw new InputError(
        name,
        `is ${text.length} characters long (${quotePrefix(text)})`,
        `at most ${maxLength} characters: ${expected}`,
      );
    }
    const items = text
      .split(/[\n,]/)
      .map((part) => part.trim())
      .filter(Boolean);
    if (items.length > limits.maxItems) {
      throw new InputError(name, `has ${items.length} items`, `at most ${limits.maxItems}: ${expected}`);
    }
    for (const item of items) {
      if (CONTROL_CHARACTERS.test(item))
        throw new InputError(name, `has ${quote(item)}, with a control character`, expected);
      if (item.length > limits.maxItemLength) {
        throw new InputError(
          name,
          `has an item ${item.length} characters long (${quotePrefix(item)})`,
          `items of at most ${limits.maxItemLength} characters: ${expected}`,
        );
      }
    }
    return items;
  }

  /**
   * `key=value` pairs, one per line or separated by commas. Keys and values are checked against the
   * given patterns so nothing unexpected reaches a command line; a key given twice is refused, since
   * which of the two would win is a guess.
   */
  keyValues(name: string, rules: KeyValueRules): Array<[string, string]> {
    const pairs: Array<[string, string]> = [];
    const seen = new Set<string>();
    for (const item of this.list(name, rules, rules.expected)) {
      const match = /^([^=\s]+)\s*=\s*(.*)$/.exec(item);
      if (!match || !rules.key.test(match[1]!) || !rules.value.test(match[2]!)) {
        throw new InputError(name, `has ${quote(item)}`, rules.expected);
      }
      if (seen.has(match[1]!)) throw new InputError(name, `sets ${quote(match[1]!)} twice`, rules.expected);
      seen.add(match[1]!);
      pairs.push([match[1]!, match[2]!]);
    }
    return pairs;
  }

  /**
   * A path inside the workspace checkout: relative, without `..`, of safe characters, within PATH_MAX and
   * NAME_MAX. Existence, and where symlinks lead, are for the caller to check, because only it knows whether
   * a file or a folder is wanted and which folder the path must stay inside.
   */
  relativePath(name: string, defaultValue: string): string {
    const expected = 'a relative path inside the repository, such as pipeline/pipeline.yml';
    const value = this.read(name, PATH_MAX_LENGTH, expected) || defaultValue;
    if (value.startsWith('/') || /^[A-Za-z]:/.test(value))
      throw new InputError(name, `is absolute (${quote(value)})`, expected);
    const segments = value.split(/[\\/]/);
    if (segments.includes('..'))
      throw new InputError(name, `leaves the repository (${quote(value)})`, expected);
    const longSegment = segments.find((segment) => segment.length > PATH_SEGMENT_MAX_LENGTH);
    if (longSegment !== undefined) {
      throw new InputError(
        name,
        `has a name ${longSegment.length} characters long (${quotePrefix(longSegment)})`,
        `names of at most ${PATH_SEGMENT_MAX_LENGTH} characters (NAME_MAX): ${expected}`,
      );
    }
    if (!/^[\w./@+-]+$/.test(value)) throw new InputError(name, `is ${quote(value)}`, expected);
    return value;
  }
}
