import { arbItem, arbLocationId, arbPosition } from '@omnistock/testkit';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { Quantity } from './quantity';
import { free, oversoldBy, parsePosition, positionToJson, positionViolations, sellable } from './position';

const arbCase = fc
  .tuple(arbItem(), arbLocationId())
  .chain(([item, loc]) => fc.tuple(fc.constant(item), arbPosition(item, loc)));

describe('stock position identities', () => {
  it('sellable + damaged + qualityControl = onHand; free + committed + reserved = sellable', () => {
    fc.assert(
      fc.property(arbCase, ([, p]) => {
        expect(sellable(p).add(p.damaged).add(p.qualityControl).eq(p.onHand)).toBe(true);
        expect(free(p).add(p.committed).add(p.reserved).eq(sellable(p))).toBe(true);
        expect(sellable(p).lte(p.onHand)).toBe(true);
      }),
      { numRuns: 1000 },
    );
  });

  it('oversold is reported exactly when free is negative, and equals the deficit', () => {
    fc.assert(
      fc.property(arbCase, ([, p]) => {
        const f = free(p);
        const o = oversoldBy(p);
        expect(o.isNegative()).toBe(false);
        expect(o.isZero()).toBe(!f.isNegative());
        if (f.isNegative()) expect(o.add(f).isZero()).toBe(true);
        expect(positionViolations(p)).toEqual([]);
      }),
      { numRuns: 1000 },
    );
  });

  it('a negative damaged or qualityControl counts as 0: sellable ≤ onHand, as if the subset were 0', () => {
    const arbNegative = fc.tuple(
      arbCase,
      fc.integer({ min: -1_000, max: 0 }),
      fc.integer({ min: -1_000, max: 0 }),
      fc.constantFrom('damaged', 'qualityControl', 'both'),
    );
    fc.assert(
      fc.property(arbNegative, ([[, p], d, qc, which]) => {
        const spec = p.onHand.spec;
        const neg = {
          ...p,
          ...(which !== 'qualityControl' ? { damaged: Quantity.fromMinor(d, spec) } : {}),
          ...(which !== 'damaged' ? { qualityControl: Quantity.fromMinor(qc, spec) } : {}),
        };
        const zeroed = {
          ...neg,
          damaged: neg.damaged.isNegative() ? Quantity.zero(spec) : neg.damaged,
          qualityControl: neg.qualityControl.isNegative() ? Quantity.zero(spec) : neg.qualityControl,
        };
        expect(sellable(neg).lte(neg.onHand)).toBe(true);
        expect(sellable(neg).eq(sellable(zeroed))).toBe(true);
        expect(free(neg).eq(free(zeroed))).toBe(true);
        expect(oversoldBy(neg).eq(oversoldBy(zeroed))).toBe(true);
      }),
      { numRuns: 1000 },
    );
  });

  it('the wire form round-trips', () => {
    fc.assert(
      fc.property(arbCase, ([item, p]) => {
        const json = positionToJson(p);
        const back = parsePosition(JSON.parse(JSON.stringify(json)), item);
        expect(back.ok).toBe(true);
        if (back.ok) expect(positionToJson(back.value)).toEqual(json);
      }),
      { numRuns: 1000 },
    );
  });
});
