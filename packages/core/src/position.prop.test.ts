import { arbItem, arbLocationId, arbPosition } from '@omnistock/testkit';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
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
