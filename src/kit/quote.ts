/** How much of a user's value any message repeats: enough to recognise it, never a 100 kB flood in the log. */
export const QUOTE_PREFIX = 48;

// eslint-disable-next-line no-control-regex -- showing control characters instead of printing them is the point
const CONTROL_CHARACTER = /[\u0000-\u001f\u007f]/g;

/**
 * A user's value as a message shows it: in single quotes, control characters made visible (`\n`), and cut to
 * its first QUOTE_PREFIX characters with the full length said when it is longer. Every input error quotes
 * user text through here, so no message echoes more than a short prefix of what was given.
 */
export function quote(value: string, prefix = QUOTE_PREFIX): string {
  const shown = quotePrefix(value, prefix);
  return value.length <= prefix ? shown : `${shown} (${value.length} characters)`;
}

/** Like quote, without the length note: for messages that already say how long the value is. */
export function quotePrefix(value: string, prefix = QUOTE_PREFIX): string {
  if (value.length <= prefix) return `'${visible(value)}'`;
  // Never end on the first half of a surrogate pair.
  const cut = /[\ud800-\udbff]/.test(value.charAt(prefix - 1)) ? prefix - 1 : prefix;
  return `'${visible(value.slice(0, cut))}…'`;
}

const ESCAPES: Record<string, string> = { '\n': '\\n', '\r': '\\r', '\t': '\\t' };

function visible(text: string): string {
  return text.replace(
    CONTROL_CHARACTER,
    (c) => ESCAPES[c] ?? `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`,
  );
}
