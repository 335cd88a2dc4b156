import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseInstant } from './instant';

describe('parseInstant', () => {
  it('equals Date.parse on RFC 3339 timestamps', () => {
    const arbText = fc
      .tuple(
        fc.integer({ min: -62_000_000_000_000, max: 250_000_000_000_000 }),
        fc.constantFrom('ms', 's', 'offset', 'micro', 'lower'),
      )
      .map(([ms, style]) => {
        const iso = new Date(ms).toISOString();
        if (style === 's') return iso.replace(/\.\d{3}Z$/, 'Z');
        if (style === 'offset') return iso.replace('Z', '+02:00');
        if (style === 'micro') return iso.replace('Z', '').concat('456Z');
        if (style === 'lower') return iso.toLowerCase();
        return iso;
      });
    fc.assert(
      fc.property(arbText, (text) => {
        expect(parseInstant(text)).toBe(Date.parse(text));
      }),
      { numRuns: 2000 },
    );
  });
  it('handles edge and malformed text like Date.parse', () => {
    for (const text of [
      '2026-02-28T23:59:59Z',
      '2024-02-29T00:00:00Z',
      '2026-02-29T00:00:00Z',
      '2026-12-31T23:59:59.999Z',
      '0999-01-01T00:00:00Z',
      '2026-13-01T00:00:00Z',
      '2026-01-01T24:00:00Z',
      '2026-01-01T00:00:60Z',
      '2026-0a-01T00:00:00Z',
      'xxxx-xx-xxTxx:xx:xxZ',
      '',
    ]) {
      expect(Object.is(parseInstant(text), Date.parse(text))).toBe(true);
    }
  });
});
