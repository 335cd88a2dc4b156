import { fail, type FulfilmentMode, type Item, type Location, ok, type Result } from '@omnistock/core';
import { type AtpContext, badNow, lastKnownFor, nowMsOf, policiesOf, policyFor, policyIn } from './context';
import { type Calc, evaluateMinor, newCalc } from './internal/kernel';
import type { PositionMinor } from './internal/position-minor';
import { type CompiledPolicy, eligibleFor } from './resolve';
import { AvailabilityResult, type ResultEnv, resultEnv } from './result';

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
  if (!item) return unknownItem(sku);
  if (!ctx.locations.has(location)) return unknownLocation(location);
  return ok(item);
}

function unknownItem(sku: string): Result<never> {
  return fail('ITEM_UNKNOWN', `no item with sku "${sku}"`, { path: ['sku'], details: { sku } });
}

function unknownLocation(location: string): Result<never> {
  return fail('LOCATION_UNKNOWN', `no location "${location}"`, {
    path: ['location'],
    details: { location },
  });
}

function badAt(at: string): Result<never> {
  return fail('VALIDATION_FAILED', `at is not a timestamp: ${at}`, { path: ['at'] });
}

/**
 * A scratch record for evaluations whose figures are copied out at once (into a result or a
 * number): evaluation is synchronous and calls no user code, so one record serves every call.
 */
const scratch = newCalc();

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
): Result<AvailabilityResult> {
  const policy = policyFor(ctx, item, location, channel);
  if (!policy.ok) return policy;
  const c = policy.value;
  const position = ctx.position(item.sku, location);
  const eligible = mode === undefined || eligibleFor(c, ctx.locations.get(location)!, mode);
  const lastKnown = c.fallback === 'lastKnown' ? lastKnownFor(ctx, item.sku, location, channel) : undefined;
  const calc = evaluateMinor(position, c, nowMs, atMs, eligible, lastKnown, scratch);
  return ok(new AvailabilityResult(position, resultEnv(c, channel, at, mode, lastKnown), calc));
}

function times(ctx: AtpContext, now: string, at: string | undefined): Result<[number, number]> {
  const n = nowMsOf(ctx, now);
  if (Number.isNaN(n)) return badNow(now);
  if (at === undefined) return ok([n, n]);
  const a = Date.parse(at);
  if (Number.isNaN(a)) return badAt(at);
  return ok([n, a]);
}

/**
 * ATP of one sku at one location for a channel (DESIGN §4), with status, oversold, stale and
 * backorder flags and an explanation. Pure: `now` is passed in. For many evaluations of the same
 * sku × location × channel, {@link prepareAvailability} resolves everything once.
 * @example
 * const r = availability(ctx, { sku: 'TEE-M', location: 'store-1', channel: 'pos' }, '2026-12-04T10:00:00Z');
 * if (r.ok) console.log(r.value.atp.toString(), r.value.explanation.text);
 */
export function availability(ctx: AtpContext, query: LocationQuery, now: string): Result<AvailabilityResult> {
  const item = ctx.items.get(query.sku);
  if (!item) return unknownItem(query.sku);
  if (!ctx.locations.has(query.location)) return unknownLocation(query.location);
  const nowMs = nowMsOf(ctx, now);
  if (Number.isNaN(nowMs)) return badNow(now);
  let atMs = nowMs;
  if (query.at !== undefined) {
    atMs = Date.parse(query.at);
    if (Number.isNaN(atMs)) return badAt(query.at);
  }
  return evaluateAt(ctx, item, query.location, query.channel, query.mode, nowMs, atMs, query.at ?? now);
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
  const out: AvailabilityResult[] = new Array(query.skus.length * query.locations.length);
  let n = 0;
  // results of the same policy (and last-known value) share one env: a result is one small object
  let env: ResultEnv | undefined;
  const r = eachInBatch(ctx, query, now, (position, c, calc, at, lastKnown) => {
    if (env === undefined || env.policy !== c || env.lastKnown !== lastKnown)
      env = resultEnv(c, query.channel, at, query.mode, lastKnown);
    out[n++] = new AvailabilityResult(position, env, calc);
  });
  return r.ok ? ok(out) : r;
}

/**
 * @internal The batch loop shared by {@link batchAvailability} and {@link batchAtpMinor}: validates
 * the query, then evaluates sku-major, resolving each item's policies once, and hands every
 * evaluation (in a reused scratch record) to `emit`.
 */
function eachInBatch(
  ctx: AtpContext,
  query: BatchQuery,
  now: string,
  emit: (
    position: PositionMinor,
    policy: CompiledPolicy,
    calc: Calc,
    at: string,
    lastKnown: number | undefined,
  ) => void,
): Result<void> {
  const t = times(ctx, now, query.at);
  if (!t.ok) return t;
  const [nowMs, atMs] = t.value;
  const at = query.at ?? now;
  const { skus, locations: locs, channel, mode } = query;
  const locations: Location[] = [];
  /** Whether some rule names the location: only then may its policy differ from the item's default. */
  const named: boolean[] = [];
  for (let i = 0; i < locs.length; i++) {
    const l = locs[i]!;
    const loc = ctx.locations.get(l);
    if (!loc)
      return fail('LOCATION_UNKNOWN', `no location "${l}"`, {
        path: ['locations', i],
        details: { location: l },
      });
    locations.push(loc);
    named.push(ctx.policy.locations.has(l));
  }
  for (let i = 0; i < skus.length; i++) {
    const sku = skus[i]!;
    const item = ctx.items.get(sku);
    if (!item)
      return fail('ITEM_UNKNOWN', `no item with sku "${sku}"`, { path: ['skus', i], details: { sku } });
    const memo = policiesOf(ctx, item, channel);
    const known = ctx.positionsOf(sku);
    /** The item's policy at every location no rule names, resolved at the first such location. */
    let shared: CompiledPolicy | undefined;
    for (let j = 0; j < locs.length; j++) {
      const l = locs[j]!;
      let c = named[j] ? undefined : shared;
      if (c === undefined) {
        const policy = policyIn(memo, ctx, item, l, channel);
        if (!policy.ok) return policy;
        c = policy.value;
        if (!named[j]) shared = c;
      }
      const eligible = mode === undefined || eligibleFor(c, locations[j]!, mode);
      const lastKnown = c.fallback === 'lastKnown' ? lastKnownFor(ctx, sku, l, channel) : undefined;
      const position = known?.get(l) ?? ctx.position(sku, l);
      emit(position, c, evaluateMinor(position, c, nowMs, atMs, eligible, lastKnown, scratch), at, lastKnown);
    }
  }
  return ok(undefined);
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
  const out = new Float64Array(query.skus.length * query.locations.length);
  let n = 0;
  const r = eachInBatch(ctx, query, now, (_p, _c, calc) => {
    out[n++] = calc.atp;
  });
  return r.ok ? ok(out) : r;
}
