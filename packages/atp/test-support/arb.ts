import {
  asId,
  type Item,
  itemSpec,
  type Location,
  type LocationId,
  Quantity,
  type Sku,
  type StockPosition,
} from '@omnistock/core';
import fc from 'fast-check';
import { type AtpContext, type ChannelPolicySet, createAtpContext, type PolicyRule } from '../src/index';

export const NOW = '2026-12-04T10:00:00Z';
const NOW_MS = Date.parse(NOW);
const iso = (ms: number) => new Date(ms).toISOString();

/** Buckets in minor units (damaged and qualityControl may be negative: an exception). */
export interface Buckets {
  onHand: number;
  damaged: number;
  qualityControl: number;
  committed: number;
  reserved: number;
  incoming: { minor: number; hoursFromNow: number }[];
  inTransit: { minor: number; hoursFromNow: number }[];
  /** Hours before now, or null for never reported. */
  ageHours: number | null;
}

export const arbItem: fc.Arbitrary<Item> = fc
  .record({
    kg: fc.boolean(),
    pack: fc.option(fc.integer({ min: 2, max: 12 }), { nil: undefined }),
  })
  .map(({ kg, pack }) => {
    const item: Item = { sku: asId<Sku>('A'), unit: kg ? 'kg' : 'each' };
    return pack === undefined ? item : { ...item, sellMultiple: kg ? String(pack / 4) : String(pack) };
  });

const small = fc.integer({ min: 0, max: 5_000 });
/**
 * A subset as a share of onHand (share/200, so 0–50 %), or in one case of four a negative amount: a
 * status change out of an empty subset, an exception that counts as 0 towards sellable (DESIGN §3).
 */
const subset = fc.oneof(
  { weight: 3, arbitrary: fc.integer({ min: 0, max: 100 }).map((share) => ({ share, negative: 0 })) },
  { weight: 1, arbitrary: fc.integer({ min: 1, max: 2_000 }).map((negative) => ({ share: 0, negative })) },
);
const subsetOf = (onHand: number, s: { share: number; negative: number }) =>
  s.negative > 0 ? -s.negative : Math.floor((onHand * s.share) / 200);

export const arbBuckets: fc.Arbitrary<Buckets> = fc
  .record({
    onHand: small,
    damagedSubset: subset,
    qcSubset: subset,
    committed: fc.integer({ min: 0, max: 3_000 }),
    reserved: fc.integer({ min: 0, max: 1_000 }),
    incoming: fc.array(fc.record({ minor: small, hoursFromNow: fc.integer({ min: -48, max: 400 }) }), {
      maxLength: 3,
    }),
    inTransit: fc.array(fc.record({ minor: small, hoursFromNow: fc.integer({ min: -48, max: 400 }) }), {
      maxLength: 2,
    }),
    ageHours: fc.option(fc.integer({ min: 0, max: 6 }), { nil: null }),
  })
  .map(({ damagedSubset, qcSubset, ...b }) => ({
    ...b,
    damaged: subsetOf(b.onHand, damagedSubset),
    qualityControl: subsetOf(b.onHand, qcSubset),
  }));

const arbPercent = fc.integer({ min: 0, max: 100 * 4 }).map((x) => String(x / 4));
const arbAbs = (scale: number) =>
  fc.integer({ min: 0, max: 500 }).map((m) => Quantity.fromMinor(m, { unit: 'x', scale }).toString());

/** Policy fields for the global rule and the channel rule, with percents of safety + buffer ≤ 100. */
export function arbPolicy(item: Item): fc.Arbitrary<ChannelPolicySet> {
  const scale = itemSpec(item).scale;
  const amount = fc.oneof(
    fc.constant(undefined),
    arbAbs(scale).map((qty) => ({ kind: 'absolute' as const, qty })),
    fc.integer({ min: 0, max: 50 * 4 }).map((p) => ({ kind: 'percent' as const, percent: String(p / 4) })),
  );
  return fc
    .record({
      safetyStock: amount,
      buffer: amount,
      cap: fc.oneof(
        fc.constant(undefined),
        arbAbs(scale).map((qty) => ({ kind: 'absolute' as const, qty })),
        arbPercent.map((percent) => ({ kind: 'percent' as const, percent })),
      ),
      protections: fc.option(fc.record({ pos: arbAbs(scale), marketplace: arbAbs(scale) }), {
        nil: undefined,
      }),
      includeIncoming: fc.boolean(),
      includeInTransit: fc.boolean(),
      staleAfter: fc.option(fc.constantFrom('PT1H', 'PT3H'), { nil: undefined }),
      fallback: fc.constantFrom(
        { kind: 'zero' as const },
        { kind: 'lastKnown' as const },
        { kind: 'percent' as const, percent: '50' },
      ),
      lowStockThreshold: arbAbs(scale),
      backorder: fc.option(
        arbAbs(scale).map((limit) => ({ mode: 'backorder' as const, limit })),
        { nil: undefined },
      ),
      channelRule: fc.boolean(),
    })
    .map(({ channelRule, ...f }) => {
      const fields = Object.fromEntries(Object.entries(f).filter(([, x]) => x !== undefined)) as Omit<
        PolicyRule,
        'scope'
      >;
      if (!channelRule) return { rules: [{ scope: {}, ...fields }] };
      // split the fields between a global and a channel rule: per-field merge must give the same result
      const { buffer, cap, ...rest } = fields;
      return {
        rules: [
          { scope: {}, ...rest },
          { scope: { channel: asId('web') }, ...(buffer ? { buffer } : {}), ...(cap ? { cap } : {}) },
        ],
      } as ChannelPolicySet;
    });
}

/** A position of item A at a location from buckets. */
export function toPosition(item: Item, location: string, b: Buckets): StockPosition {
  const spec = itemSpec(item);
  const q = (m: number) => Quantity.fromMinor(m, spec);
  return {
    sku: item.sku,
    location: asId<LocationId>(location),
    onHand: q(b.onHand),
    damaged: q(b.damaged),
    qualityControl: q(b.qualityControl),
    committed: q(b.committed),
    reserved: q(b.reserved),
    incoming: b.incoming.map((l, i) => ({
      id: `po-${i}`,
      qty: q(l.minor),
      eta: iso(NOW_MS + l.hoursFromNow * 3_600_000),
    })),
    inTransit: b.inTransit.map((l, i) => ({
      id: `tr-${i}`,
      qty: q(l.minor),
      eta: iso(NOW_MS + l.hoursFromNow * 3_600_000),
      from: asId<LocationId>('dc'),
    })),
    asOf: b.ageHours === null ? null : iso(NOW_MS - b.ageHours * 3_600_000),
  };
}

export const store = (id: string): Location => ({
  id: asId<LocationId>(id),
  type: 'store',
  eligibility: { ship: true, pickup: true },
});

/** A context for item A over the given locations' buckets. */
export function contextFor(
  item: Item,
  policy: ChannelPolicySet,
  positions: readonly [string, Buckets][],
  lastKnown?: number,
): AtpContext {
  const spec = itemSpec(item);
  const r = createAtpContext({
    items: [item],
    locations: positions.map(([id]) => store(id)),
    groups: [{ id: asId('G'), locations: positions.map(([id]) => asId<LocationId>(id)) }],
    positions: positions.map(([id, b]) => toPosition(item, id, b)),
    policy,
    ...(lastKnown === undefined
      ? {}
      : {
          lastKnown: positions.map(([id]) => ({
            sku: 'A',
            location: id,
            channel: 'web',
            atp: Quantity.fromMinor(lastKnown, spec),
          })),
        }),
  });
  if (!r.ok) throw new Error(JSON.stringify(r.error));
  return r.value;
}
