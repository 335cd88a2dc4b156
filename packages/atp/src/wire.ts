import {
  asId,
  ChannelIdSchema,
  DecimalSchema,
  FulfilmentModeSchema,
  fail,
  type Item,
  ItemSchema,
  itemSpec,
  LocationGroupIdSchema,
  LocationGroupSchema,
  LocationIdSchema,
  LocationSchema,
  NonNegativeDecimalSchema,
  ok,
  parsePosition,
  Quantity,
  type Result,
  SkuSchema,
  type StockPosition,
  StockPositionSchema,
  safeParse,
} from '@omnistock/core';
import type { LocationGroupId, LocationId } from '@omnistock/core';
import { z } from 'zod';
import type { AtpInput, DatedDemand, LastKnownAtp } from './context';
import type { Explanation } from './explanation';
import type { NetworkAvailabilityResult } from './network';
import { ChannelPolicySetSchema } from './policy';
import type { AvailabilityResult } from './result';
import type { TimePhasedResult } from './time-phased';

const Timestamp = z.iso.datetime({ offset: true });
const StatusSchema = z.enum(['inStock', 'lowStock', 'outOfStock']);
const LevelSchema = z.enum([
  'global',
  'channel',
  'location',
  'location+channel',
  'sku',
  'sku+channel',
  'sku+location',
  'sku+location+channel',
]);

/**
 * An expected supply lot outside a position (vectors, feeds): merged into the position's buckets.
 * @example
 * SupplyJsonSchema.parse({ kind: 'incoming', id: 'po-1', sku: 'A', location: 'S1', qty: '5', eta: '2026-12-06T00:00:00Z' });
 */
export const SupplyJsonSchema = z
  .strictObject({
    kind: z.enum(['incoming', 'inTransit']),
    id: z.string().min(1).max(128),
    sku: SkuSchema,
    location: LocationIdSchema,
    qty: NonNegativeDecimalSchema,
    eta: Timestamp,
    from: LocationIdSchema.optional(),
  })
  .meta({ id: 'AtpSupply', description: 'A dated supply lot (purchase order or transfer).' });

/**
 * Dated demand at a location.
 * @example
 * DemandJsonSchema.parse({ sku: 'A', location: 'S1', qty: '3', date: '2026-12-07T00:00:00Z' });
 */
export const DemandJsonSchema = z
  .strictObject({
    id: z.string().min(1).max(128).optional(),
    sku: SkuSchema,
    location: LocationIdSchema,
    qty: NonNegativeDecimalSchema,
    date: Timestamp,
  })
  .meta({ id: 'AtpDemand', description: 'Dated demand, deducted from its date on.' });

/**
 * The last ATP a channel saw, for the `lastKnown` staleness fallback.
 * @example
 * LastKnownJsonSchema.parse({ sku: 'A', location: 'S1', channel: 'web', atp: '7' });
 */
export const LastKnownJsonSchema = z
  .strictObject({
    sku: SkuSchema,
    location: LocationIdSchema,
    channel: ChannelIdSchema,
    atp: NonNegativeDecimalSchema,
  })
  .meta({ id: 'AtpLastKnown', description: 'The last ATP a channel saw for a sku at a location.' });

/**
 * Everything ATP is computed from, on the wire.
 * @example
 * AtpInputJsonSchema.safeParse(JSON.parse(body)).success;
 */
export const AtpInputJsonSchema = z.strictObject({
  items: z.array(ItemSchema),
  locations: z.array(LocationSchema),
  groups: z.array(LocationGroupSchema).optional(),
  positions: z.array(StockPositionSchema),
  supply: z.array(SupplyJsonSchema).optional(),
  demand: z.array(DemandJsonSchema).optional(),
  lastKnown: z.array(LastKnownJsonSchema).optional(),
  policy: ChannelPolicySetSchema,
});
/** @see AtpInputJsonSchema */
export type AtpInputJson = z.infer<typeof AtpInputJsonSchema>;

const common = {
  channel: ChannelIdSchema,
  mode: FulfilmentModeSchema.optional(),
};

/**
 * A query on the wire, discriminated on `type`.
 * @example
 * AvailabilityQueryJsonSchema.parse({ type: 'location', sku: 'A', location: 'S1', channel: 'pos' });
 */
export const AvailabilityQueryJsonSchema = z
  .discriminatedUnion('type', [
    z.strictObject({
      type: z.literal('location'),
      sku: SkuSchema,
      location: LocationIdSchema,
      ...common,
      at: Timestamp.optional(),
    }),
    z.strictObject({
      type: z.literal('network'),
      sku: SkuSchema,
      group: LocationGroupIdSchema,
      ...common,
      at: Timestamp.optional(),
    }),
    z.strictObject({
      type: z.literal('batch'),
      skus: z.array(SkuSchema).min(1).max(100_000),
      locations: z.array(LocationIdSchema).min(1).max(1000),
      ...common,
      at: Timestamp.optional(),
    }),
    z.strictObject({
      type: z.literal('timePhased'),
      sku: SkuSchema,
      location: LocationIdSchema.optional(),
      group: LocationGroupIdSchema.optional(),
      ...common,
      dates: z.array(Timestamp).min(1).max(1000),
    }),
  ])
  .meta({ id: 'AvailabilityQuery', description: 'A location, network, batch or time-phased ATP query.' });
/** @see AvailabilityQueryJsonSchema */
export type AvailabilityQueryJson = z.infer<typeof AvailabilityQueryJsonSchema>;

/**
 * An explanation on the wire: terms add up to `preClamp`; `steps` lead from there to `atp`.
 * @example
 * ExplanationJsonSchema.parse(availabilityToJson(result).explanation);
 */
export const ExplanationJsonSchema = z
  .strictObject({
    terms: z.array(
      z.strictObject({
        kind: z.enum(['bucket', 'supply', 'demand', 'policy', 'cap', 'rounding', 'location']),
        label: z.string(),
        qty: DecimalSchema,
        scope: LevelSchema.optional(),
        rule: z.string().optional(),
        detail: z.string().optional(),
      }),
    ),
    preClamp: DecimalSchema,
    steps: z.array(
      z.strictObject({
        kind: z.enum(['clamp', 'stale', 'ineligible', 'backorder']),
        label: z.string(),
        from: DecimalSchema,
        to: DecimalSchema,
        detail: z.string().optional(),
      }),
    ),
    atp: NonNegativeDecimalSchema,
    text: z.string(),
  })
  .meta({ id: 'AtpExplanation', description: 'Why an ATP figure is what it is.' });
/** @see ExplanationJsonSchema */
export type ExplanationJson = z.infer<typeof ExplanationJsonSchema>;

/**
 * The availability of one sku at one location for one channel, on the wire.
 * @example
 * AvailabilityResultJsonSchema.parse(availabilityToJson(result));
 */
export const AvailabilityResultJsonSchema = z
  .strictObject({
    sku: SkuSchema,
    location: LocationIdSchema,
    channel: ChannelIdSchema,
    at: Timestamp,
    atp: NonNegativeDecimalSchema,
    preClamp: DecimalSchema,
    promisable: NonNegativeDecimalSchema,
    status: StatusSchema,
    oversold: z.boolean(),
    deficit: NonNegativeDecimalSchema,
    stale: z.boolean(),
    fallback: z.enum(['zero', 'lastKnown', 'percent']).nullable(),
    eligible: z.boolean(),
    backorder: z
      .strictObject({
        mode: z.enum(['backorder', 'preorder']),
        limit: NonNegativeDecimalSchema,
        available: NonNegativeDecimalSchema,
      })
      .nullable(),
    asOf: Timestamp.nullable(),
    explanation: ExplanationJsonSchema.optional(),
  })
  .meta({ id: 'AvailabilityResult', description: 'ATP of one sku at one location for one channel.' });
/** @see AvailabilityResultJsonSchema */
export type AvailabilityResultJson = z.infer<typeof AvailabilityResultJsonSchema>;

/**
 * Network ATP on the wire.
 * @example
 * NetworkAvailabilityResultJsonSchema.parse(networkToJson(result));
 */
export const NetworkAvailabilityResultJsonSchema = z
  .strictObject({
    sku: SkuSchema,
    group: LocationGroupIdSchema,
    channel: ChannelIdSchema,
    at: Timestamp,
    atp: NonNegativeDecimalSchema,
    promisable: NonNegativeDecimalSchema,
    status: StatusSchema,
    oversold: z.boolean(),
    deficit: NonNegativeDecimalSchema,
    stale: z.boolean(),
    locations: z.array(AvailabilityResultJsonSchema),
    excluded: z.array(z.strictObject({ location: LocationIdSchema, reason: z.literal('ineligible') })),
    explanation: ExplanationJsonSchema.optional(),
  })
  .meta({ id: 'NetworkAvailabilityResult', description: 'ATP of one sku over a location group.' });
/** @see NetworkAvailabilityResultJsonSchema */
export type NetworkAvailabilityResultJson = z.infer<typeof NetworkAvailabilityResultJsonSchema>;

/**
 * Time-phased ATP on the wire.
 * @example
 * TimePhasedResultJsonSchema.parse(timePhasedToJson(result));
 */
export const TimePhasedResultJsonSchema = z
  .strictObject({
    sku: SkuSchema,
    channel: ChannelIdSchema,
    location: LocationIdSchema.optional(),
    group: LocationGroupIdSchema.optional(),
    buckets: z.array(
      z.strictObject({
        date: Timestamp,
        atp: NonNegativeDecimalSchema,
        status: StatusSchema,
        stale: z.boolean(),
      }),
    ),
    locations: z.array(
      z.strictObject({ location: LocationIdSchema, buckets: z.array(AvailabilityResultJsonSchema) }),
    ),
    excluded: z.array(z.strictObject({ location: LocationIdSchema, reason: z.literal('ineligible') })),
  })
  .meta({ id: 'TimePhasedResult', description: 'Look-ahead ATP per date over a horizon.' });
/** @see TimePhasedResultJsonSchema */
export type TimePhasedResultJson = z.infer<typeof TimePhasedResultJsonSchema>;

/**
 * A batch result on the wire: sku-major.
 * @example
 * BatchResultJsonSchema.parse({ results: results.map((r) => availabilityToJson(r)) });
 */
export const BatchResultJsonSchema = z
  .strictObject({ results: z.array(AvailabilityResultJsonSchema) })
  .meta({ id: 'BatchAvailabilityResult', description: 'ATP for every sku × location of a batch.' });
/** @see BatchResultJsonSchema */
export type BatchResultJson = z.infer<typeof BatchResultJsonSchema>;

/** Serialisation options. */
export interface ToJsonOptions {
  /** Include the explanation (default true). */
  readonly explanation?: boolean;
}

/**
 * The wire form of an explanation.
 * @example
 * explanationToJson(result.explanation).text;
 */
export function explanationToJson(e: Explanation): ExplanationJson {
  return {
    terms: e.terms.map((t) => ({
      kind: t.kind,
      label: t.label,
      qty: t.qty.toString(),
      ...(t.scope === undefined ? {} : { scope: t.scope }),
      ...(t.rule === undefined ? {} : { rule: t.rule }),
      ...(t.detail === undefined ? {} : { detail: t.detail }),
    })),
    preClamp: e.preClamp.toString(),
    steps: e.steps.map((s) => ({
      kind: s.kind,
      label: s.label,
      from: s.from.toString(),
      to: s.to.toString(),
      ...(s.detail === undefined ? {} : { detail: s.detail }),
    })),
    atp: e.atp.toString(),
    text: e.text,
  };
}

/**
 * The wire form of a single-location result.
 * @example
 * availabilityToJson(result).atp; // '3'
 */
export function availabilityToJson(
  r: AvailabilityResult,
  options: ToJsonOptions = {},
): AvailabilityResultJson {
  const b = r.backorder;
  return {
    sku: asId(r.sku),
    location: asId(r.location),
    channel: asId(r.channel),
    at: r.at,
    atp: r.atp.toString(),
    preClamp: r.preClamp.toString(),
    promisable: r.promisable.toString(),
    status: r.status,
    oversold: r.oversold,
    deficit: r.deficit.toString(),
    stale: r.stale,
    fallback: r.fallback,
    eligible: r.eligible,
    backorder: b && { mode: b.mode, limit: b.limit.toString(), available: b.available.toString() },
    asOf: r.asOf,
    ...(options.explanation === false ? {} : { explanation: explanationToJson(r.explanation) }),
  };
}

/**
 * The wire form of a network result.
 * @example
 * networkToJson(result).locations.length;
 */
export function networkToJson(
  r: NetworkAvailabilityResult,
  options: ToJsonOptions = {},
): NetworkAvailabilityResultJson {
  return {
    sku: asId(r.sku),
    group: asId(r.group),
    channel: asId(r.channel),
    at: r.at,
    atp: r.atp.toString(),
    promisable: r.promisable.toString(),
    status: r.status,
    oversold: r.oversold,
    deficit: r.deficit.toString(),
    stale: r.stale,
    locations: r.locations.map((l) => availabilityToJson(l, options)),
    excluded: r.excluded.map((e) => ({ location: asId(e.location), reason: e.reason })),
    ...(options.explanation === false ? {} : { explanation: explanationToJson(r.explanation) }),
  };
}

/**
 * The wire form of a time-phased result.
 * @example
 * timePhasedToJson(result).buckets[0]?.atp;
 */
export function timePhasedToJson(r: TimePhasedResult, options: ToJsonOptions = {}): TimePhasedResultJson {
  return {
    sku: asId(r.sku),
    channel: asId(r.channel),
    ...(r.location === undefined ? {} : { location: asId<LocationId>(r.location) }),
    ...(r.group === undefined ? {} : { group: asId<LocationGroupId>(r.group) }),
    buckets: r.buckets.map((b) => ({
      date: b.date,
      atp: b.atp.toString(),
      status: b.status,
      stale: b.stale,
    })),
    locations: r.locations.map((l) => ({
      location: asId(l.location),
      buckets: l.buckets.map((x) => availabilityToJson(x, options)),
    })),
    excluded: r.excluded.map((e) => ({ location: asId(e.location), reason: e.reason })),
  };
}

/**
 * Parses a wire ATP input (items, locations, groups, positions, supply, demand, last-known values
 * and policy) into the domain form for {@link createAtpContext}: every quantity is checked against
 * its item's scale, and every error carries the JSON path of the bad value. Never throws.
 * @example
 * const input = parseAtpInput(JSON.parse(text));
 * const ctx = input.ok ? createAtpContext(input.value) : input;
 */
export function parseAtpInput(json: unknown): Result<AtpInput> {
  const shape = safeParse(AtpInputJsonSchema, json, 'atp input');
  if (!shape.ok) return shape;
  const j = shape.value;
  const items = new Map<string, Item>(j.items.map((i) => [i.sku, i]));
  const located = (path: (string | number)[], r: Result<never>): Result<never> =>
    r.ok ? r : { ok: false, error: { ...r.error, path: [...path, ...(r.error.path ?? [])] } };
  const itemOf = (sku: string, path: (string | number)[]): Result<Item> => {
    const item = items.get(sku);
    return item ? ok(item) : fail('ITEM_UNKNOWN', `no item with sku "${sku}"`, { path });
  };
  const positions = new Map<string, StockPosition>();
  for (const [i, p] of j.positions.entries()) {
    const item = itemOf(p.sku, ['positions', i, 'sku']);
    if (!item.ok) return item;
    const r = parsePosition(p, item.value);
    if (!r.ok) return located(['positions', i], r);
    const key = `${p.sku}|${p.location}`;
    if (positions.has(key))
      return fail('VALIDATION_FAILED', `two positions for ${p.sku} at ${p.location}`, {
        path: ['positions', i],
      });
    positions.set(key, r.value);
  }
  for (const [i, s] of (j.supply ?? []).entries()) {
    const item = itemOf(s.sku, ['supply', i, 'sku']);
    if (!item.ok) return item;
    const qty = Quantity.parse(s.qty, itemSpec(item.value), 'nonNegative');
    if (!qty.ok) return located(['supply', i, 'qty'], qty);
    const key = `${s.sku}|${s.location}`;
    const base = positions.get(key) ?? emptyFor(item.value, s.location);
    if (s.kind === 'inTransit' && s.from === undefined)
      return fail('VALIDATION_FAILED', 'an inTransit lot names where it comes from', {
        path: ['supply', i, 'from'],
      });
    positions.set(
      key,
      s.kind === 'incoming'
        ? { ...base, incoming: [...base.incoming, { id: s.id, qty: qty.value, eta: s.eta }] }
        : {
            ...base,
            inTransit: [...base.inTransit, { id: s.id, qty: qty.value, eta: s.eta, from: s.from! }],
          },
    );
  }
  const demand: DatedDemand[] = [];
  for (const [i, d] of (j.demand ?? []).entries()) {
    const item = itemOf(d.sku, ['demand', i, 'sku']);
    if (!item.ok) return item;
    const qty = Quantity.parse(d.qty, itemSpec(item.value), 'nonNegative');
    if (!qty.ok) return located(['demand', i, 'qty'], qty);
    demand.push({
      ...(d.id === undefined ? {} : { id: d.id }),
      sku: d.sku,
      location: d.location,
      qty: qty.value,
      date: d.date,
    });
  }
  const lastKnown: LastKnownAtp[] = [];
  for (const [i, x] of (j.lastKnown ?? []).entries()) {
    const item = itemOf(x.sku, ['lastKnown', i, 'sku']);
    if (!item.ok) return item;
    const atp = Quantity.parse(x.atp, itemSpec(item.value), 'nonNegative');
    if (!atp.ok) return located(['lastKnown', i, 'atp'], atp);
    lastKnown.push({ sku: x.sku, location: x.location, channel: x.channel, atp: atp.value });
  }
  return ok({
    items: j.items,
    locations: j.locations,
    groups: j.groups ?? [],
    positions: [...positions.values()],
    policy: j.policy,
    demand,
    lastKnown,
  });
}

function emptyFor(item: Item, location: string): StockPosition {
  const zero = Quantity.zero(itemSpec(item));
  return {
    sku: item.sku,
    location: location as StockPosition['location'],
    onHand: zero,
    damaged: zero,
    qualityControl: zero,
    committed: zero,
    reserved: zero,
    incoming: [],
    inTransit: [],
    asOf: null,
  };
}
