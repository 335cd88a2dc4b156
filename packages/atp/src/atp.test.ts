import {
  asId,
  type Item,
  type LocationId,
  Quantity,
  type Sku,
  type StockPosition,
  unwrap,
} from '@omnistock/core';
import { describe, expect, it } from 'vitest';
import {
  AvailabilityResultJsonSchema,
  availability,
  availabilityToJson,
  batchAtpMinor,
  batchAvailability,
  createAtpContext,
  dailyHorizon,
  evaluatePosition,
  NetworkAvailabilityResultJsonSchema,
  networkAvailability,
  networkToJson,
  parsePolicySet,
  TimePhasedResultJsonSchema,
  timePhasedAvailability,
  timePhasedToJson,
} from './index';

const NOW = '2026-12-04T10:00:00Z';
const item: Item = { sku: asId<Sku>('A'), unit: 'each' };
const q = (s: string) => Quantity.of(s, 'each');
function position(location: string, onHand: string, extra: Partial<StockPosition> = {}): StockPosition {
  return {
    sku: item.sku,
    location: asId<LocationId>(location),
    onHand: q(onHand),
    damaged: q('0'),
    qualityControl: q('0'),
    committed: q('0'),
    reserved: q('0'),
    incoming: [],
    inTransit: [],
    asOf: '2026-12-04T09:30:00Z',
    ...extra,
  };
}
const ctx = unwrap(
  createAtpContext({
    items: [item],
    locations: [
      { id: asId('S1'), type: 'store', eligibility: { ship: true, pickup: true } },
      { id: asId('S2'), type: 'store', eligibility: { ship: false, pickup: true } },
    ],
    groups: [{ id: asId('G'), locations: [asId('S1'), asId('S2')] }],
    positions: [position('S1', '10', { committed: q('2') }), position('S2', '4')],
    policy: { rules: [{ scope: {}, safetyStock: { kind: 'absolute', qty: '1' } }] },
  }),
);

describe('@omnistock/atp API', () => {
  it('evaluates one position without a context, exactly as the context does', () => {
    const r = unwrap(
      evaluatePosition(
        position('S1', '10', { committed: q('2') }),
        item,
        { rules: [{ scope: {}, safetyStock: { kind: 'absolute', qty: '1' } }] },
        {
          channel: 'web',
          now: NOW,
        },
      ),
    );
    const viaCtx = unwrap(availability(ctx, { sku: 'A', location: 'S1', channel: 'web' }, NOW));
    expect(r.atp.toString()).toBe('7');
    expect(availabilityToJson(r)).toEqual(availabilityToJson(viaCtx));
  });

  it('serialises results that validate against the wire schemas', () => {
    const one = availabilityToJson(
      unwrap(availability(ctx, { sku: 'A', location: 'S1', channel: 'web' }, NOW)),
    );
    expect(AvailabilityResultJsonSchema.parse(one).atp).toBe('7');
    const net = networkToJson(
      unwrap(networkAvailability(ctx, { sku: 'A', group: 'G', channel: 'web', mode: 'ship' }, NOW)),
    );
    expect(NetworkAvailabilityResultJsonSchema.parse(net)).toMatchObject({
      atp: '7',
      excluded: [{ location: 'S2' }],
    });
    const tp = timePhasedToJson(
      unwrap(
        timePhasedAvailability(
          ctx,
          { sku: 'A', group: 'G', channel: 'web', dates: dailyHorizon(NOW, 3) },
          NOW,
        ),
      ),
    );
    expect(TimePhasedResultJsonSchema.parse(tp).buckets.map((b) => b.atp)).toEqual(['10', '10', '10']);
  });

  it('batch results are sku-major and the minor-unit fast path agrees with them', () => {
    const query = { skus: ['A'], locations: ['S2', 'S1'], channel: 'web' };
    const full = unwrap(batchAvailability(ctx, query, NOW));
    expect(full.map((r) => `${r.location}:${r.atp}`)).toEqual(['S2:3', 'S1:7']);
    expect([...unwrap(batchAtpMinor(ctx, query, NOW))]).toEqual([3, 7]);
  });

  it('reports unknown skus, locations and groups with typed errors and paths', () => {
    expect(availability(ctx, { sku: 'Z', location: 'S1', channel: 'web' }, NOW)).toMatchObject({
      ok: false,
      error: { code: 'ITEM_UNKNOWN', path: ['sku'] },
    });
    expect(availability(ctx, { sku: 'A', location: 'S9', channel: 'web' }, NOW)).toMatchObject({
      error: { code: 'LOCATION_UNKNOWN' },
    });
    expect(networkAvailability(ctx, { sku: 'A', group: 'X', channel: 'web' }, NOW)).toMatchObject({
      error: { code: 'GROUP_UNKNOWN' },
    });
    expect(
      batchAvailability(ctx, { skus: ['A', 'Q'], locations: ['S1'], channel: 'web' }, NOW),
    ).toMatchObject({
      error: { code: 'ITEM_UNKNOWN', path: ['skus', 1] },
    });
    expect(
      timePhasedAvailability(ctx, { sku: 'A', location: 'S1', channel: 'web', dates: [NOW, NOW] }, NOW),
    ).toMatchObject({ error: { code: 'VALIDATION_FAILED', path: ['dates', 1] } });
  });

  it('rejects malformed policies with POLICY_INVALID and a path', () => {
    expect(parsePolicySet({ rules: [{ scope: {}, staleAfter: '15 minutes' }] })).toMatchObject({
      ok: false,
      error: { code: 'POLICY_INVALID', path: ['rules', 0, 'staleAfter'] },
    });
    expect(
      parsePolicySet({ rules: [{ scope: {}, safetyStock: { kind: 'percent', percent: '120' } }] }),
    ).toMatchObject({
      ok: false,
      error: { code: 'PERCENT_INVALID' },
    });
  });

  it('explains a result in words a support agent can read', () => {
    const r = unwrap(availability(ctx, { sku: 'A', location: 'S1', channel: 'web' }, NOW));
    expect(r.explanation.text).toBe('onHand 10, committed −2, safetyStock −1 [global] → 7');
  });
});
