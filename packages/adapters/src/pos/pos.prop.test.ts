import { arbTimestamp } from '@omnistock/testkit';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { PosCapture, type PosCount, type PosSale } from './index';

type Action = { kind: 'sale'; sale: PosSale } | { kind: 'count'; count: PosCount } | { kind: 'toggle' };

const arbAction: fc.Arbitrary<Action> = fc.oneof(
  {
    weight: 4,
    arbitrary: fc
      .record({
        receiptRef: fc.constantFrom('R-1', 'R-2', 'R-3'),
        line: fc.integer({ min: 1, max: 3 }),
        sku: fc.constantFrom('A', 'B'),
        qty: fc.constantFrom('1', '2', '0', 'x'),
        time: arbTimestamp(),
      })
      .map((sale) => ({ kind: 'sale' as const, sale })),
  },
  {
    weight: 1,
    arbitrary: fc
      .record({
        countId: fc.constantFrom('C-1', 'C-2'),
        sku: fc.constantFrom('A', 'B'),
        onHand: fc.constantFrom('0', '5'),
        time: arbTimestamp(),
      })
      .map((count) => ({ kind: 'count' as const, count })),
  },
  { weight: 1, arbitrary: fc.constant({ kind: 'toggle' as const }) },
);

function run(actions: readonly Action[], twice: boolean) {
  const till = new PosCapture({ source: 'pos/store-1/till-1', location: 'store-1' });
  const ids: (string | undefined)[] = [];
  for (const a of actions) {
    for (let k = 0; k < (twice && a.kind !== 'toggle' ? 2 : 1); k++) {
      if (a.kind === 'toggle') {
        if (till.online) till.disconnect();
        else till.reconnect();
      } else {
        const step = a.kind === 'sale' ? till.recordSale(a.sale) : till.recordCount(a.count);
        if (k === 0) ids.push(step.event?.id);
        else expect(step.event === undefined || step.duplicate).toBe(true);
      }
    }
  }
  return { ids, batch: till.reconnect() };
}

describe('pos capture is deterministic and idempotent', () => {
  it('the same captures give the same ids; capturing each twice adds nothing; sequences strictly increase', () => {
    fc.assert(
      fc.property(fc.array(arbAction, { maxLength: 20 }), (actions) => {
        const once = run(actions, false);
        const again = run(actions, false);
        const doubled = run(actions, true);
        expect(again).toEqual(once);
        expect(doubled.ids).toEqual(once.ids);
        expect(doubled.batch.events).toEqual(once.batch.events);
        const seqs = once.batch.events.map((e) => Number(e.sequence));
        expect(seqs).toEqual(seqs.map((_, i) => i + 1));
        expect(new Set(once.batch.events.map((e) => e.id)).size).toBe(seqs.length);
      }),
      { numRuns: 1000 },
    );
  });
});
