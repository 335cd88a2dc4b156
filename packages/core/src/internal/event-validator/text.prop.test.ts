import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  DecimalSchema,
  NonNegativeDecimalSchema,
  NonZeroDecimalSchema,
  PositiveDecimalSchema,
} from '../../quantity-schema';
import { datetimeText, type DecimalSign, isIdText, noSpaceText, quickDecimal } from './text';

// Each replacement must answer exactly what its regex answers (the quick decimal acceptor: only
// accept what the decimal schema accepts). These regexes are the ones in the schemas.
const ID = /^[A-Za-z0-9][A-Za-z0-9._:@/-]*$/;
const NO_SPACE = /^[^\s]+$/;
const DATETIME =
  /^(?:(?:\d\d[2468][048]|\d\d[13579][26]|\d\d0[48]|[02468][048]00|[13579][26]00)-02-29|\d{4}-(?:(?:0[13578]|1[02])-(?:0[1-9]|[12]\d|3[01])|(?:0[469]|11)-(?:0[1-9]|[12]\d|30)|(?:02)-(?:0[1-9]|1\d|2[0-8])))T(?:(?:[01]\d|2[0-3]):[0-5]\d:[0-5]\d(?:\.\d+)?(?:Z|([+-](?:[01]\d|2[0-3]):[0-5]\d)))$/;

/** Characters near every boundary the loops test, and Unicode spaces (`\s` has them). */
const interesting = fc.constantFrom(
  ...'Aaz09Z._:@/-+ \t\n\r\v\f#%é.0123456789TZ:'.split(''),
  '\u00a0',
  '\u1680',
  '\u2000',
  '\u200a',
  '\u2028',
  '\u2029',
  '\u202f',
  '\u205f',
  '\u3000',
  '\ufeff',
  '\u0085',
  '\u200b',
  '\x00',
  '\x7f',
  '`',
  '[',
  '{',
  '~',
);
const arbText = fc.oneof(
  fc.string({ maxLength: 12 }),
  fc.string({ unit: 'binary', maxLength: 8 }),
  fc.array(interesting, { maxLength: 10 }).map((cs) => cs.join('')),
);

/** A valid timestamp, then each character possibly replaced, dropped or doubled. */
const arbTimestampish = fc
  .tuple(
    fc.integer({ min: -62_000_000_000_000, max: 250_000_000_000_000 }),
    fc.constantFrom('ms', 's', 'micro', 'offset', 'minus', 'leap', 'day31', 'day30', 'feb29'),
    fc.array(fc.tuple(fc.nat(), interesting, fc.constantFrom('set', 'drop', 'dup')), { maxLength: 2 }),
  )
  .map(([ms, style, edits]) => {
    let s = new Date(ms).toISOString();
    if (s.length !== 24) s = '2026-12-04T10:00:00.000Z'; // outside 0000–9999: the usual form instead
    if (style === 's') s = s.replace(/\.\d{3}Z$/, 'Z');
    if (style === 'micro') s = s.replace('Z', '456Z');
    if (style === 'offset') s = s.replace('Z', '+14:00');
    if (style === 'minus') s = s.replace('Z', '-02:30');
    if (style === 'leap') s = `2024-02-29${s.slice(10)}`;
    if (style === 'feb29') s = `2026-02-29${s.slice(10)}`;
    if (style === 'day31') s = `${s.slice(0, 5)}${s.slice(5, 7)}-31${s.slice(10)}`;
    if (style === 'day30') s = `${s.slice(0, 5)}${s.slice(5, 7)}-30${s.slice(10)}`;
    for (const [at, c, op] of edits) {
      const i = at % (s.length + 1);
      s =
        op === 'set'
          ? s.slice(0, i) + c + s.slice(i + 1)
          : op === 'drop'
            ? s.slice(0, i) + s.slice(i + 1)
            : s.slice(0, i) + c + s.slice(i);
    }
    return s;
  });

const arbDecimalish = fc.oneof(
  fc
    .tuple(
      fc.constantFrom('', '-', '+', '--', ' '),
      fc.stringMatching(/^\d{0,12}$/),
      fc.constantFrom('', '.', 'e', 'E'),
      fc.stringMatching(/^[\d+-]{0,9}$/),
    )
    .map(([sign, int, sep, frac]) => sign + int + sep + frac),
  arbText,
);

const SCHEMAS: Record<DecimalSign, { safeParse: (v: unknown) => { success: boolean } }> = {
  any: DecimalSchema,
  nonNegative: NonNegativeDecimalSchema,
  positive: PositiveDecimalSchema,
  nonZero: NonZeroDecimalSchema,
};

describe('text checks ≡ their regexes', () => {
  it('isIdText ≡ the id pattern', () => {
    fc.assert(
      fc.property(arbText, (s) => {
        expect(isIdText(s)).toBe(ID.test(s));
      }),
      { numRuns: 3000 },
    );
  });

  it('noSpaceText ≡ /^[^\\s]+$/', () => {
    fc.assert(
      fc.property(arbText, (s) => {
        expect(noSpaceText(s, NO_SPACE)).toBe(NO_SPACE.test(s));
      }),
      { numRuns: 3000 },
    );
  });

  it('datetimeText ≡ the datetime pattern', () => {
    fc.assert(
      fc.property(fc.oneof(arbTimestampish, arbText), (s) => {
        expect(datetimeText(s, DATETIME)).toBe(DATETIME.test(s));
      }),
      { numRuns: 5000 },
    );
    for (const s of [
      '2026-12-04T10:00:00Z',
      '2026-12-04T10:00:00.1Z',
      '2026-12-04T10:00:00.Z',
      '2026-04-31T10:00:00Z',
      '2026-02-28T23:59:59Z',
      '2000-02-29T00:00:00Z',
      '1900-02-29T00:00:00Z',
      '2026-00-10T00:00:00Z',
      '2026-12-00T00:00:00Z',
      '2026-12-04T24:00:00Z',
      '2026-12-04T23:60:00Z',
      '2026-12-04T23:59:60Z',
      '2026-12-04t10:00:00z',
      '0000-01-01T00:00:00Z',
    ]) {
      expect(datetimeText(s, DATETIME)).toBe(DATETIME.test(s));
    }
  });

  it('quickDecimal accepts only what the decimal schema of its sign accepts', () => {
    fc.assert(
      fc.property(
        arbDecimalish,
        fc.constantFrom<DecimalSign>('any', 'nonNegative', 'positive', 'nonZero'),
        (s, sign) => {
          if (quickDecimal(s, sign)) expect(SCHEMAS[sign].safeParse(s).success).toBe(true);
        },
      ),
      { numRuns: 5000 },
    );
  });

  it('quickDecimal takes the usual quantity texts (so the fast path is used)', () => {
    for (const s of ['1', '12.5', '0.000001', '123456789.123456', '+3', '2.50']) {
      expect(quickDecimal(s, 'positive')).toBe(true);
    }
    for (const s of ['0', '-0', '0.0']) expect(quickDecimal(s, 'nonNegative')).toBe(true);
    for (const s of ['0', '-0', '-1', '1e2', '1.', '.5', '1234567890', '1.1234567']) {
      expect(quickDecimal(s, 'positive')).toBe(false);
    }
  });
});
