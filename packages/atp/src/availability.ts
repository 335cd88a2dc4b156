import { fail, type FulfilmentMode, type Item, ok, type Result } from '@omnistock/core';
import { type AtpContext, clockMs, lastKnownFor, policiesOf, policyFor, policyIn } from './context';
import { type Calc, evaluateMinor, newCalc } from './internal/kernel';
import { eligibleFor } from './resolve';
import { AvailabilityResult } from './result';

/** One sku at one location for one channel; `at` (default now) is how far ahead supply counts. */
export interface LocationQuery {
  readonly sku: string;
  readonly location: string;
  readonly channel: string;
  /** Only locations eligible for this fulfilment mode have stock to promise; omitted: no check. */
  readonly mode?: FulfilmentMode;
  /** RFC 3339; supply due by then counts. Default: now. */
  readonly at?: string;
}

/** @internal Looks up the item and location of a query. */
export function lookup(ctx: AtpContext, sku: string, location: string): Result<Item> {
  const item = ctx.items.get(sku);
  if (!item) return fail('ITEM_UNKNOWN', `no item with sku "${sku}"`, { path: ['sku'], details: { sku } });
  if (!ctx.locations.has(location))
    return fail('LOCATION_UNKNOWN', `no location "${location}"`, {
      path: ['location'],
      details: { location },
    });
  return ok(item);
}

/** @internal Evaluates one location with parsed times; the item and location are known. */
export function evaluateAt(
  ctx: AtpContext,
  item: Item,
  location: string,
  channel: string,
  mode: FulfilmentMode | undefined,
  nowMs: number,
  atMs: number,
  at: string,
  scratch?: Calc,
): Result<AvailabilityResult> {
  const policy = policyFor(ctx, item, location, channel);
  if (!policy.ok) return policy;
  const c = policy.value;
  const position = ctx.position(item.sku, location);
  const eligible = mode === undefined || eligibleFor(c, ctx.locations.get(location)!, mode);
  const lastKnown = c.fallback === 'lastKnown' ? lastKnownFor(ctx, item.sku, location, channel) : undefined;
  const calc = evaluateMinor(position, c, nowMs, atMs, eligible, lastKnown, scratch ?? newCalc());
  return ok(
    new AvailabilityResult(
      { position, policy: c, calc, nowMs, atMs, lastKnown, mode, extra: undefined },
      at,
      channel,
    ),
  );
}

function times(ctx: AtpContext, now: string, at: string | undefined): Result<[number, number]> {
  const n = clockMs(ctx, now);
  if (!n.ok) return n;
  if (at === undefined) return ok([n.value, n.value]);
  const a = Date.parse(at);
  if (Number.isNaN(a)) return fail('VALIDATION_FAILED', `at is not a timestamp: ${at}`, { path: ['at'] });
  return ok([n.value, a]);
}

/**
 * ATP of one sku at one location for a channel (DESIGN §4), with status, oversold, stale and
 * backorder flags and an explanation. Pure: `now` is passed in.
 * @example
 * const r = availability(ctx, { sku: 'TEE-M', location: 'store-1', channel: 'pos' }, '2026-12-04T10:00:00Z');
 * if (r.ok) console.log(r.value.atp.toString(), r.value.explanation.text);
 */
export function availability(ctx: AtpContext, query: LocationQuery, now: string): Result<AvailabilityResult> {
  const item = lookup(ctx, query.sku, query.location);
  if (!item.ok) return item;
  const t = times(ctx, now, query.at);
  if (!t.ok) return t;
  return evaluateAt(
    ctx,
    item.value,
    query.location,
    query.channel,
    query.mode,
    t.value[0],
    t.value[1],
    query.at ?? now,
  );
}

/** Many skus × many locations for one channel. */
export interface BatchQuery {
  readonly skus: readonly string[];
  readonly locations: readonly string[];
  readonly channel: string;
  readonly mode?: FulfilmentMode;
  readonly at?: string;
}

/**
 * ATP for every sku × location of a batch, sku-major (`results[s * locations.length + l]`).
 * Fails on the first unknown sku or location, with its index in the path.
 * @example
 * const r = batchAvailability(ctx, { skus: ['A', 'B'], locations: ['S1', 'S2'], channel: 'web' }, now);
 * if (r.ok) r.value.length; // 4
 */
export function batchAvailability(
  ctx: AtpContext,
  query: BatchQuery,
  now: string,
): Result<AvailabilityResult[]> {
  const t = times(ctx, now, query.at);
  if (!t.ok) return t;
  const [nowMs, atMs] = t.value;
  const at = query.at ?? now;
  for (const [i, l] of query.locations.entries()) {
    if (!ctx.locations.has(l))
      return fail('LOCATION_UNKNOWN', `no location "${l}"`, {
        path: ['locations', i],
        details: { location: l },
      });
  }
  const out: AvailabilityResult[] = new Array(query.skus.length * query.locations.length);
  let n = 0;
  const scratch = newCalc();
  for (const [i, sku] of query.skus.entries()) {
    const item = ctx.items.get(sku);
    if (!item)
      return fail('ITEM_UNKNOWN', `no item with sku "${sku}"`, { path: ['skus', i], details: { sku } });
    for (const l of query.locations) {
      const r = evaluateAt(ctx, item, l, query.channel, query.mode, nowMs, atMs, at, scratch);
      if (!r.ok) return r;
      out[n++] = r.value;
    }
  }
  return ok(out);
}

export { times as parseTimes };

/**
 * The fast path for feeds: the same ATP as {@link batchAvailability}, as integer minor units of each
 * item (sku-major, `atpMinor[s * locations.length + l]`), with no result objects and no explanation.
 * Divide by 10^scale of the item (or use `Quantity.fromMinor`) to get the exact quantity.
 * @example
 * const r = batchAtpMinor(ctx, { skus: ['A'], locations: ['S1', 'S2'], channel: 'marketplace' }, now);
 * if (r.ok) r.value[1]; // ATP of A at S2 in minor units
 */
export function batchAtpMinor(ctx: AtpContext, query: BatchQuery, now: string): Result<Float64Array> {
  const t = times(ctx, now, query.at);
  if (!t.ok) return t;
  const [nowMs, atMs] = t.value;
  const locs = query.locations;
  const locations = [];
  for (const [i, l] of locs.entries()) {
    const loc = ctx.locations.get(l);
    if (!loc)
      return fail('LOCATION_UNKNOWN', `no location "${l}"`, {
        path: ['locations', i],
        details: { location: l },
      });
    locations.push(loc);
  }
  const out = new Float64Array(query.skus.length * locs.length);
  const scratch = newCalc();
  let n = 0;
  for (let i = 0; i < query.skus.length; i++) {
    const sku = query.skus[i]!;
    const item = ctx.items.get(sku);
    if (!item)
      return fail('ITEM_UNKNOWN', `no item with sku "${sku}"`, { path: ['skus', i], details: { sku } });
    const memo = policiesOf(ctx, item, query.channel);
    const known = ctx.positionsOf(sku);
    for (let j = 0; j < locs.length; j++) {
      const l = locs[j]!;
      const policy = policyIn(memo, ctx, item, l, query.channel);
      if (!policy.ok) return policy;
      const c = policy.value;
      const eligible = query.mode === undefined || eligibleFor(c, locations[j]!, query.mode);
      const lastKnown = c.fallback === 'lastKnown' ? lastKnownFor(ctx, sku, l, query.channel) : undefined;
      const position = known?.get(l) ?? ctx.position(sku, l);
      out[n++] = evaluateMinor(position, c, nowMs, atMs, eligible, lastKnown, scratch).atp;
    }
  }
  return ok(out);
}
