import {
  asId,
  type FulfilmentMode,
  type Item,
  itemSpec,
  type Location,
  type LocationId,
  Quantity,
  type StockPosition,
  unwrap,
} from '@omnistock/core';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { arbBuckets, arbItem, arbPolicy, type Buckets, NOW, toPosition } from '../test-support/arb';
import {
  type AtpContext,
  type AvailabilityResult,
  atpClock,
  availability,
  batchAtpMinor,
  batchAvailability,
  type ChannelPolicySet,
  createAtpContext,
  evaluatePosition,
  explanationToJson,
  prepareAvailability,
} from './index';

const RUNS = { numRuns: 1000 };
const NOW_MS = Date.parse(NOW);
const iso = (hours: number) => new Date(NOW_MS + hours * 3_600_000).toISOString();

/** Everything a caller can read from a result, as plain data (the explanation only when asked). */
function snapshot(r: AvailabilityResult, explain: boolean) {
  const b = r.backorder;
  return {
    sku: r.sku,
    location: r.location,
    channel: r.channel,
    at: r.at,
    spec: r.spec,
    status: r.status,
    atpMinor: r.atpMinor,
    preClampMinor: r.preClampMinor,
    promisableMinor: r.promisableMinor,
    deficitMinor: r.deficitMinor,
    atp: r.atp.toString(),
    preClamp: r.preClamp.toString(),
    promisable: r.promisable.toString(),
    deficit: r.deficit.toString(),
    stale: r.stale,
    eligible: r.eligible,
    oversold: r.oversold,
    fallback: r.fallback,
    asOf: r.asOf,
    backorder: b && { mode: b.mode, limit: b.limit.toString(), available: b.available.toString() },
    json: JSON.stringify(r),
    ...(explain ? { explanation: explanationToJson(r.explanation) } : {}),
  };
}

const arbSite = fc.record({
  buckets: arbBuckets,
  ship: fc.boolean(),
  pickup: fc.boolean(),
});

const scenario = arbItem.chain((item) =>
  fc.record({
    item: fc.constant(item),
    policy: arbPolicy(item),
    sites: fc.array(arbSite, { minLength: 1, maxLength: 3 }),
    channel: fc.constantFrom('web', 'pos', 'marketplace'),
    mode: fc.constantFrom<FulfilmentMode | undefined>(undefined, 'ship', 'pickup'),
    atHours: fc.option(fc.integer({ min: -48, max: 400 }), { nil: undefined }),
    laterHours: fc.integer({ min: 0, max: 6 }),
    lastKnown: fc.option(fc.integer({ min: 0, max: 3000 }), { nil: undefined }),
    explain: fc.boolean(),
  }),
);

type Scenario = {
  item: Item;
  policy: ChannelPolicySet;
  sites: { buckets: Buckets; ship: boolean; pickup: boolean }[];
  channel: string;
  lastKnown: number | undefined;
};

function inputs(s: Scenario) {
  const spec = itemSpec(s.item);
  const locations = s.sites.map(
    (x, i): Location => ({
      id: asId<LocationId>(`L${i}`),
      type: 'store',
      eligibility: { ship: x.ship, pickup: x.pickup },
    }),
  );
  const positions = s.sites.map((x, i) => toPosition(s.item, `L${i}`, x.buckets));
  const lastKnown =
    s.lastKnown === undefined
      ? []
      : locations.map((l) => ({
          sku: 'A',
          location: l.id,
          channel: s.channel,
          atp: Quantity.fromMinor(s.lastKnown!, spec),
        }));
  return { locations, positions, lastKnown };
}

function contextOf(s: Scenario, positions: StockPosition[] | ((sku: string, l: string) => StockPosition)) {
  const { locations, lastKnown } = inputs(s);
  return unwrap(createAtpContext({ items: [s.item], locations, positions, policy: s.policy, lastKnown }));
}

describe('prepared evaluation (the fast path)', () => {
  it('gives results identical to availability, evaluatePosition and the batch paths', () => {
    fc.assert(
      fc.property(scenario, (s) => {
        const { locations, positions } = inputs(s);
        const ctx: AtpContext = contextOf(s, positions);
        const at = s.atHours === undefined ? undefined : iso(s.atHours);
        const extra = {
          ...(s.mode === undefined ? {} : { mode: s.mode }),
          ...(at === undefined ? {} : { at }),
        };
        const ids = locations.map((l) => l.id as string);
        const batchQuery = { skus: ['A'], locations: ids, channel: s.channel, ...extra };
        // a handle is reused across clocks: the staleness and supply due must follow the clock
        for (const now of [NOW, iso(s.laterHours)]) {
          const clock = unwrap(atpClock(now));
          const batch = unwrap(batchAvailability(ctx, batchQuery, now));
          const minor = unwrap(batchAtpMinor(ctx, batchQuery, now));
          for (const [i, l] of ids.entries()) {
            const q = { sku: 'A', location: l, channel: s.channel, ...extra };
            const ref = snapshot(unwrap(availability(ctx, q, now)), s.explain);
            const h = unwrap(prepareAvailability(ctx, q));
            expect(snapshot(h.evaluate(clock), s.explain)).toEqual(ref);
            expect(h.atpMinor(clock)).toBe(ref.atpMinor);
            expect(snapshot(batch[i]!, s.explain)).toEqual(ref);
            expect(minor[i]).toBe(ref.atpMinor);
            // evaluatePosition compiles the policy afresh, with no context and no memo
            const one = evaluatePosition(positions[i]!, s.item, s.policy, {
              channel: s.channel,
              now,
              location: locations[i]!,
              ...extra,
              ...(s.lastKnown === undefined
                ? {}
                : { lastKnown: Quantity.fromMinor(s.lastKnown, itemSpec(s.item)) }),
            });
            expect(snapshot(unwrap(one), s.explain)).toEqual(ref);
          }
        }
      }),
      RUNS,
    );
  });

  it('reads positions from a lookup on every evaluation', () => {
    fc.assert(
      fc.property(scenario, arbBuckets, (s, next) => {
        const clock = unwrap(atpClock(NOW));
        const first = toPosition(s.item, 'L0', s.sites[0]!.buckets);
        let current = first;
        const live = contextOf(s, () => current);
        const q = { sku: 'A', location: 'L0', channel: s.channel };
        const h = unwrap(prepareAvailability(live, q));
        const before = snapshot(h.evaluate(clock), s.explain);
        expect(before).toEqual(snapshot(unwrap(availability(contextOf(s, [first]), q, NOW)), s.explain));
        current = toPosition(s.item, 'L0', next);
        const after = snapshot(h.evaluate(clock), s.explain);
        expect(after).toEqual(snapshot(unwrap(availability(contextOf(s, [current]), q, NOW)), s.explain));
        expect(h.atpMinor(clock)).toBe(after.atpMinor);
      }),
      RUNS,
    );
  });
});

describe('prepareAvailability and atpClock', () => {
  const item: Item = { sku: asId('A'), unit: 'each' };
  const ctx = unwrap(
    createAtpContext({
      items: [item],
      locations: [{ id: asId('S1'), type: 'store' }],
      positions: [toPosition(item, 'S1', { ...emptyBuckets(), onHand: 10, committed: 3 })],
      policy: { rules: [{ scope: {}, safetyStock: { kind: 'absolute', qty: '1' } }] },
    }),
  );

  it('evaluates a prepared query like availability', () => {
    const h = unwrap(prepareAvailability(ctx, { sku: 'A', location: 'S1', channel: 'web' }));
    const clock = unwrap(atpClock(NOW));
    expect(h.atpMinor(clock)).toBe(6);
    const r = h.evaluate(clock);
    expect(r.atp.toString()).toBe('6');
    expect(r.at).toBe(NOW);
    expect(r.explanation.text).toBe('onHand 10, committed −3, safetyStock −1 [global] → 6');
  });

  it('fails like availability, before any evaluation', () => {
    expect(prepareAvailability(ctx, { sku: 'Z', location: 'S1', channel: 'web' })).toMatchObject({
      ok: false,
      error: { code: 'ITEM_UNKNOWN', path: ['sku'] },
    });
    expect(prepareAvailability(ctx, { sku: 'A', location: 'S9', channel: 'web' })).toMatchObject({
      ok: false,
      error: { code: 'LOCATION_UNKNOWN', path: ['location'] },
    });
    expect(
      prepareAvailability(ctx, { sku: 'A', location: 'S1', channel: 'web', at: 'tomorrow' }),
    ).toMatchObject({ ok: false, error: { code: 'VALIDATION_FAILED', path: ['at'] } });
    expect(atpClock('soon')).toMatchObject({
      ok: false,
      error: { code: 'VALIDATION_FAILED', path: ['now'] },
    });
  });

  it('serialises a result to its figures and flags', () => {
    const r = unwrap(availability(ctx, { sku: 'A', location: 'S1', channel: 'web' }, NOW));
    expect(JSON.parse(JSON.stringify(r))).toEqual({
      sku: 'A',
      location: 'S1',
      channel: 'web',
      at: NOW,
      status: 'inStock',
      atpMinor: 6,
      preClampMinor: 6,
      promisableMinor: 6,
      deficitMinor: 0,
      stale: false,
      eligible: true,
    });
  });
});

function emptyBuckets(): Buckets {
  return {
    onHand: 0,
    damaged: 0,
    qualityControl: 0,
    committed: 0,
    reserved: 0,
    incoming: [],
    inTransit: [],
    ageHours: 0,
  };
}
