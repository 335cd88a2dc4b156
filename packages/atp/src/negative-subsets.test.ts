import {
  asId,
  type ChannelId,
  type Item,
  type LocationId,
  Quantity,
  type Sku,
  type StockPosition,
  unwrap,
} from '@omnistock/core';
import { describe, expect, it } from 'vitest';
import {
  atpClock,
  availability,
  batchAtpMinor,
  type ChannelPolicySet,
  createAtpContext,
  explanationToJson,
  networkAvailability,
  prepareAvailability,
  timePhasedAvailability,
} from './index';

// DESIGN §3: damaged and qualityControl are unsellable subsets of onHand. A status change out of an
// empty subset (damaged → sellable 2 with nothing damaged: events out of order, or the one that
// moved stock into damaged was lost) leaves damaged −2 on the position. That is an exception: it
// counts as 0 towards sellable, so ATP never promises units that are not on the shelf.

const NOW = '2026-12-04T10:00:00Z';
const item: Item = { sku: asId<Sku>('A'), unit: 'each' };
const q = (s: string) => Quantity.of(s, 'each');
function position(location: string, over: Partial<Record<string, string>>): StockPosition {
  const b = (k: string) => q(over[k] ?? '0');
  return {
    sku: item.sku,
    location: asId<LocationId>(location),
    onHand: b('onHand'),
    damaged: b('damaged'),
    qualityControl: b('qualityControl'),
    committed: b('committed'),
    reserved: b('reserved'),
    incoming: [],
    inTransit: [],
    asOf: '2026-12-04T09:55:00Z',
  };
}
function ctxOf(positions: StockPosition[], policy: ChannelPolicySet = { rules: [] }) {
  return unwrap(
    createAtpContext({
      items: [item],
      locations: positions.map((p) => ({
        id: p.location,
        type: 'store' as const,
        eligibility: { ship: true, pickup: true },
      })),
      groups: [{ id: asId('G'), locations: positions.map((p) => p.location) }],
      positions,
      policy,
    }),
  );
}
const at = (ctx: ReturnType<typeof ctxOf>, location = 'S1') =>
  unwrap(availability(ctx, { sku: 'A', location, channel: 'web' }, NOW));

describe('a negative damaged or qualityControl bucket counts as 0 (DESIGN §3)', () => {
  it('damaged −2 on onHand 10 gives atp 10, not 12, and the explanation says why', () => {
    const r = at(ctxOf([position('S1', { onHand: '10', damaged: '-2' })]));
    expect(r.atp.toString()).toBe('10');
    expect(r.preClamp.toString()).toBe('10');
    expect(r.oversold).toBe(false);
    expect(r.explanation.text).toBe('onHand 10, damaged 0 [recorded −2, an exception: counts as 0] → 10');
    expect(explanationToJson(r.explanation).terms[1]).toEqual({
      kind: 'bucket',
      label: 'damaged',
      qty: '0',
      detail: 'recorded −2, an exception: counts as 0',
    });
  });

  it('qualityControl −3 counts as 0; a positive damaged beside it still deducts', () => {
    const r = at(
      ctxOf([position('S1', { onHand: '10', damaged: '1', qualityControl: '-3', committed: '2' })]),
    );
    expect(r.atp.toString()).toBe('7');
    expect(r.explanation.text).toBe(
      'onHand 10, damaged −1, qualityControl 0 [recorded −3, an exception: counts as 0], committed −2 → 7',
    );
  });

  it('a negative subset cannot hide an oversold position: deficit is against onHand', () => {
    const r = at(ctxOf([position('S1', { onHand: '5', damaged: '-4', committed: '7' })]));
    expect(r.oversold).toBe(true);
    expect(r.deficit.toString()).toBe('2');
    expect(r.atp.toString()).toBe('0');
  });

  it('a percent safety stock and a percent cap are percents of the clamped sellable', () => {
    const policy: ChannelPolicySet = {
      rules: [
        { scope: {}, safetyStock: { kind: 'percent', percent: '10' } },
        { scope: { channel: asId<ChannelId>('web') }, cap: { kind: 'percent', percent: '80' } },
      ],
    };
    // sellable 10 (not 12): safety ⌈1⌉ = 1, cap ⌊8⌋ = 8 → min(9, 8) = 8
    const r = at(ctxOf([position('S1', { onHand: '10', damaged: '-2' })], policy));
    expect(r.atp.toString()).toBe('8');
    expect(r.explanation.text).toBe(
      'onHand 10, damaged 0 [recorded −2, an exception: counts as 0], safetyStock −1 [global; 10% of sellable 10, rounded up], ' +
        'cap(web) −1 [channel; capped at 80% of sellable 10 = 8] → 8',
    );
  });

  it('every engine path agrees: batch, prepared, network and time-phased', () => {
    const ctx = ctxOf([
      position('S1', { onHand: '10', damaged: '-2' }),
      position('S2', { onHand: '6', qualityControl: '-1', reserved: '1' }),
    ]);
    const query = { skus: ['A'], locations: ['S1', 'S2'], channel: 'web' };
    expect([...unwrap(batchAtpMinor(ctx, query, NOW))]).toEqual([10, 5]);
    const clock = unwrap(atpClock(NOW));
    const prepared = unwrap(prepareAvailability(ctx, { sku: 'A', location: 'S1', channel: 'web' }));
    expect(prepared.evaluate(clock).atp.toString()).toBe('10');
    const net = unwrap(networkAvailability(ctx, { sku: 'A', group: 'G', channel: 'web' }, NOW));
    expect(net.atp.toString()).toBe('15');
    const tp = unwrap(
      timePhasedAvailability(ctx, { sku: 'A', location: 'S1', channel: 'web', dates: [NOW] }, NOW),
    );
    expect(tp.buckets.map((b) => b.atp.toString())).toEqual(['10']);
    expect(tp.locations[0]?.buckets[0]?.explanation.text).toBe(at(ctx).explanation.text);
  });

  it('a non-negative subset is explained exactly as before', () => {
    const r = at(ctxOf([position('S1', { onHand: '10', damaged: '2', qualityControl: '0' })]));
    expect(r.explanation.text).toBe('onHand 10, damaged −2 → 8');
  });
});
