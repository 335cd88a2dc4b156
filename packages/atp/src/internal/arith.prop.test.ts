import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { mulDiv, PERCENT_WHOLE, percentDown, percentUp } from './arith';

/** ⌊a·n/d⌋ and ⌈a·n/d⌉ on bigints: obviously right. */
function reference(a: number, n: number, up: boolean): number {
  const p = BigInt(a) * BigInt(n);
  const d = BigInt(PERCENT_WHOLE);
  let q = p / d;
  const r = p - q * d;
  if (r !== 0n && up && r > 0n) q += 1n;
  if (r !== 0n && !up && r < 0n) q -= 1n;
  return Number(q);
}

// amounts near the 2^52 / PERCENT_WHOLE boundary of the one-division path, and anywhere else
// m·d + s for a small s: times d − 1, the quotient lies just below or at an integer, where a
// rounded product or quotient would show
const nearMultiple = fc
  .tuple(fc.integer({ min: 0, max: 90_000_000 }), fc.integer({ min: -3, max: 3 }))
  .map(([m, s]) => Math.max(0, m * PERCENT_WHOLE + s));
const amount = fc.oneof(
  nearMultiple,
  fc.integer({ min: 0, max: 10_000 }),
  fc.integer({ min: 45_035_000, max: 45_036_000 }),
  fc.noBias(fc.integer({ min: 0, max: Number.MAX_SAFE_INTEGER })),
  fc.integer({ min: -1_000_000, max: 0 }),
);
const units = fc.oneof(
  fc.noBias(fc.integer({ min: 0, max: PERCENT_WHOLE })),
  fc.constantFrom(1, 99_999_999, PERCENT_WHOLE, 50_000_001),
);

describe('percent arithmetic', () => {
  it('percentUp and percentDown equal exact bigint rounding, as mulDiv does', () => {
    fc.assert(
      fc.property(amount, units, (a, n) => {
        // `+ 0`: −1 · 0 is −0 in doubles, numerically the same 0
        expect(percentUp(a, n) + 0).toBe(reference(a, n, true));
        expect(percentDown(a, n) + 0).toBe(reference(a, n, false));
        expect(mulDiv(a, n, PERCENT_WHOLE, true) + 0).toBe(reference(a, n, true));
        expect(mulDiv(a, n, PERCENT_WHOLE, false) + 0).toBe(reference(a, n, false));
      }),
      { numRuns: 5000 },
    );
  });
});
