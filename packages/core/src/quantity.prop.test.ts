import { arbDecimalText, arbMinor, arbQuantity, arbSpec } from '@omnistock/testkit';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { Percent, Quantity } from './quantity';
import { QuantityReference as Ref } from './quantity-reference';

const RUNS = { numRuns: 1000 };
const pairOfSpec = arbSpec().chain((spec) =>
  fc.tuple(fc.constant(spec), arbQuantity(spec, { maxMinor: 1e14 }), arbQuantity(spec, { maxMinor: 1e14 })),
);
const tripleOfSpec = arbSpec().chain((spec) =>
  fc.tuple(
    arbQuantity(spec, { maxMinor: 1e14 }),
    arbQuantity(spec, { maxMinor: 1e14 }),
    arbQuantity(spec, { maxMinor: 1e14 }),
  ),
);
const percentText = fc
  .tuple(
    fc.integer({ min: 0, max: 100 }),
    fc.integer({ min: 0, max: 999_999 }),
    fc.integer({ min: 0, max: 6 }),
  )
  .map(([whole, frac, places]) => {
    if (whole === 100 || places === 0) return String(whole);
    return `${whole}.${String(frac).padStart(6, '0').slice(0, places)}`;
  });

describe('Quantity equals the decimal.js reference', () => {
  it('parses every spelling of a value to the reference canonical form', () => {
    fc.assert(
      fc.property(
        arbSpec().chain((s) => fc.tuple(fc.constant(s), arbDecimalText(s))),
        ([spec, text]) => {
          const r = Quantity.parse(text, spec);
          expect(r.ok ? r.value.toString() : r.error.code).toBe(Ref.parse(text, spec.scale));
        },
      ),
      RUNS,
    );
  });

  it('agrees on arbitrary strings, valid or not, including the error code', () => {
    const junk = fc.oneof(
      fc.string(),
      fc.stringMatching(/^[+-]?\d{0,20}(\.\d{0,12})?([eE][+-]?\d{1,3})?$/),
      fc.constantFrom(
        'NaN',
        'Infinity',
        '-Infinity',
        '',
        ' 1',
        '1 ',
        '0x10',
        '1,5',
        '.5',
        '5.',
        '1e400',
        '1e-400',
      ),
    );
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 6 }), junk, (scale, text) => {
        const r = Quantity.parse(text, { unit: 'kg', scale });
        expect(r.ok ? r.value.toString() : r.error.code).toBe(Ref.parse(text, scale));
      }),
      RUNS,
    );
  });

  it('adds, subtracts, compares, min and max exactly', () => {
    fc.assert(
      fc.property(pairOfSpec, ([, a, b]) => {
        const [x, y] = [a.toString(), b.toString()];
        expect(a.add(b).toString()).toBe(Ref.add(x, y));
        expect(a.sub(b).toString()).toBe(Ref.sub(x, y));
        expect(a.compare(b)).toBe(Ref.compare(x, y));
        expect(a.min(b).toString()).toBe(Ref.min(x, y));
        expect(a.max(b).toString()).toBe(Ref.max(x, y));
      }),
      RUNS,
    );
  });

  it('takes percentages rounded up or down to the scale like the reference', () => {
    fc.assert(
      fc.property(
        arbSpec().chain((s) => fc.tuple(fc.constant(s), arbQuantity(s, { maxMinor: 1e15 }))),
        percentText,
        fc.constantFrom('up' as const, 'down' as const),
        ([spec, q], pct, dir) => {
          expect(q.percentOf(pct, dir).toString()).toBe(Ref.percentOf(q.toString(), pct, dir, spec.scale));
        },
      ),
      RUNS,
    );
  });

  it('rounds down to a sell multiple like the reference', () => {
    fc.assert(
      fc.property(
        arbSpec().chain((s) =>
          fc.tuple(arbQuantity(s, { maxMinor: 1e12 }), arbQuantity(s, { sign: 'positive', maxMinor: 1e6 })),
        ),
        ([q, m]) => {
          const r = q.roundDownTo(m);
          expect(r.toString()).toBe(Ref.roundDownTo(q.toString(), m.toString()));
          expect(r.lte(q)).toBe(true);
        },
      ),
      RUNS,
    );
  });
});

describe('Quantity algebra', () => {
  it('addition is commutative and associative; subtraction inverts it', () => {
    fc.assert(
      fc.property(tripleOfSpec, ([a, b, c]) => {
        expect(a.add(b).eq(b.add(a))).toBe(true);
        expect(
          a
            .add(b)
            .add(c)
            .eq(a.add(b.add(c))),
        ).toBe(true);
        expect(a.add(b).sub(b).eq(a)).toBe(true);
        expect(a.sub(a).isZero()).toBe(true);
      }),
      RUNS,
    );
  });

  it('min and max are commutative, idempotent and bracket both values', () => {
    fc.assert(
      fc.property(pairOfSpec, ([, a, b]) => {
        expect(a.min(b).eq(b.min(a))).toBe(true);
        expect(a.max(b).eq(b.max(a))).toBe(true);
        expect(a.min(a).eq(a)).toBe(true);
        expect(a.min(b).lte(a.max(b))).toBe(true);
      }),
      RUNS,
    );
  });

  it('string round trip is the identity', () => {
    fc.assert(
      fc.property(
        arbSpec().chain((s) => fc.tuple(fc.constant(s), arbMinor({ maxMinor: Number.MAX_SAFE_INTEGER }))),
        ([spec, minor]) => {
          const q = Quantity.fromMinor(minor, spec);
          const back = Quantity.parse(q.toString(), spec);
          expect(back.ok && back.value.minor).toBe(minor);
          expect(back.ok && back.value.toString()).toBe(q.toString());
          expect(JSON.parse(JSON.stringify({ q }))).toEqual({ q: q.toString() });
        },
      ),
      RUNS,
    );
  });

  it('percent up is never below percent down, and differs by at most one minor unit', () => {
    fc.assert(
      fc.property(
        arbSpec().chain((s) => arbQuantity(s, { maxMinor: 1e15 })),
        percentText,
        (q, pct) => {
          const up = q.percentOf(Percent.of(pct), 'up');
          const down = q.percentOf(Percent.of(pct), 'down');
          expect(up.minor - down.minor === 0 || up.minor - down.minor === 1).toBe(true);
        },
      ),
      RUNS,
    );
  });
});
