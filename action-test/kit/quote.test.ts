import { describe, expect, it } from '@jest/globals';
import { QUOTE_PREFIX, quote, quotePrefix } from '../../src/kit/quote.js';

describe('quote', () => {
  it('shows a short value whole, in single quotes', () => {
    expect(quote('next-item')).toBe("'next-item'");
    expect(quote('')).toBe("''");
  });

  it('cuts a long value to its first characters and says how long it was', () => {
    const value = 'x'.repeat(100_000);
    expect(quote(value)).toBe(`'${'x'.repeat(QUOTE_PREFIX)}…' (100000 characters)`);
    expect(quotePrefix(value)).toBe(`'${'x'.repeat(QUOTE_PREFIX)}…'`);
    expect(quote('x'.repeat(QUOTE_PREFIX))).toBe(`'${'x'.repeat(QUOTE_PREFIX)}'`);
  });

  it('makes control characters visible instead of printing them', () => {
    expect(quote('a\nb\r\tc\u0000d\u001be')).toBe("'a\\nb\\r\\tc\\u0000d\\u001be'");
  });

  it('never ends on half of a surrogate pair', () => {
    const value = `${'x'.repeat(QUOTE_PREFIX - 1)}😀${'y'.repeat(10)}`;
    expect(quotePrefix(value)).toBe(`'${'x'.repeat(QUOTE_PREFIX - 1)}…'`);
  });
});
