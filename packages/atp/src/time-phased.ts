import {
  fail,
  type FulfilmentMode,
  type Item,
  ok,
  Quantity,
  type QuantitySpec,
  type Result,
} from '@omnistock/core';
import { lookup } from './availability';
import { type AtpContext, clockMs, lastKnownFor, policyFor } from './context';
import { type AvailabilityStatus, deductions, finish, isStale, newCalc } from './internal/kernel';
import { sellableMinor } from './internal/position-minor';
import type { ExcludedLocation } from './network';
import { eligibleFor } from './resolve';
import { AvailabilityResult, resultEnv } from './result';

/** Availability per date over a horizon, for a location or a group (exactly one of them). */
export interface TimePhasedQuery {
  readonly sku: string;
  readonly location?: string;
  readonly group?: string;
  readonly channel: string;
  readonly mode?: FulfilmentMode;
  /** RFC 3339 timestamps, strictly ascending (see {@link dailyHorizon}); at most 1,000. */
  readonly dates: readonly string[];
}

/** The availability at one date (summed over the locations for a group). */
export interface TimePhasedBucket {
  readonly date: string;
  readonly atp: Quantity;
  readonly atpMinor: number;
  readonly status: AvailabilityStatus;
  readonly stale: boolean;
}

/** Time-phased (look-ahead) availability; per-location detail carries each date's explanation. */
export interface TimePhasedResult {
  readonly sku: string;
  readonly channel: string;
  readonly location?: string;
  readonly group?: string;
  readonly spec: QuantitySpec;
  readonly buckets: readonly TimePhasedBucket[];
  readonly locations: readonly {
    readonly location: string;
    readonly buckets: readonly AvailabilityResult[];
  }[];
  readonly excluded: readonly ExcludedLocation[];
}

/**
 * `days` dates one day apart from `from` (RFC 3339), for a time-phased query.
 * @example
 * dailyHorizon('2026-12-04T00:00:00Z', 3); // ['2026-12-04T00:00:00Z', '2026-12-05T00:00:00Z', '2026-12-06T00:00:00Z']
 */
export function dailyHorizon(from: string, days: number): string[] {
  const start = Date.parse(from);
  return Array.from({ length: days }, (_, i) =>
    new Date(start + i * 86_400_000).toISOString().replace('.000Z', 'Z'),
  );
}

interface Event {
  readonly t: number;
  readonly incoming: number;
  readonly inTransit: number;
  readonly demand: number;
  readonly label: string;
}

function locationBuckets(
  ctx: AtpContext,
  item: Item,
  location: string,
  q: TimePhasedQuery,
  nowMs: number,
  datesMs: readonly number[],
): Result<AvailabilityResult[]> {
  const pr = policyFor(ctx, item, location, q.channel);
  if (!pr.ok) return pr;
  const c = pr.value;
  const p = ctx.position(item.sku, location);
  const eligible = q.mode === undefined || eligibleFor(c, ctx.locations.get(location)!, q.mode);
  const stale = isStale(p, c, nowMs);
  const lastKnown = c.fallback === 'lastKnown' ? lastKnownFor(ctx, item.sku, location, q.channel) : undefined;
  const events: Event[] = [];
  if (c.includeIncoming)
    for (const l of p.incoming)
      events.push({ t: l.etaMs, incoming: l.minor, inTransit: 0, demand: 0, label: l.eta });
  if (c.includeInTransit)
    for (const l of p.inTransit)
      events.push({ t: l.etaMs, incoming: 0, inTransit: l.minor, demand: 0, label: l.eta });
  for (const d of ctx.demand.get(`${item.sku}|${location}`) ?? [])
    events.push({
      t: d.dateMs,
      incoming: 0,
      inTransit: 0,
      demand: d.minor,
      label: d.date,
    });
  events.sort((a, b) => a.t - b.t);
  const base = newCalc();
  const sellable = sellableMinor(p);
  deductions(sellable, c, base);
  const free = sellable - p.committed - p.reserved;
  const b = free - base.safety - base.protectedOther - base.buffer;
  // net after each event (in time order) and the suffix minimum with where it is reached
  const n = events.length;
  const netAfter = new Array<number>(n);
  let run = b;
  for (let i = 0; i < n; i++) {
    const e = events[i]!;
    run += e.incoming + e.inTransit - e.demand;
    netAfter[i] = run;
  }
  const sufMin = new Array<number>(n + 1);
  const sufAt = new Array<number>(n + 1);
  sufMin[n] = Number.POSITIVE_INFINITY;
  sufAt[n] = -1;
  for (let i = n - 1; i >= 0; i--) {
    // the net after the last event at a given time is what holds at that time
    const lastOfTime = i === n - 1 || events[i + 1]!.t !== events[i]!.t;
    const v = lastOfTime ? netAfter[i]! : Number.POSITIVE_INFINITY;
    if (v < sufMin[i + 1]!) {
      sufMin[i] = v;
      sufAt[i] = i;
    } else {
      sufMin[i] = sufMin[i + 1]!;
      sufAt[i] = sufAt[i + 1]!;
    }
  }
  const out: AvailabilityResult[] = [];
  let idx = 0;
  let inc = 0;
  let tr = 0;
  let dem = 0;
  for (const [di, dMs] of datesMs.entries()) {
    while (idx < n && events[idx]!.t <= dMs) {
      const e = events[idx]!;
      inc += e.incoming;
      tr += e.inTransit;
      dem += e.demand;
      idx++;
    }
    const net = b + inc + tr - dem;
    const ahead = sufMin[idx]!;
    const avail = Math.min(ahead, net);
    const calc = newCalc();
    calc.sellable = sellable;
    calc.free = free;
    calc.incoming = inc;
    calc.inTransit = tr;
    calc.safety = base.safety;
    calc.protectedOther = base.protectedOther;
    calc.buffer = base.buffer;
    calc.cap = base.cap;
    finish(avail, c, stale, eligible, lastKnown, calc);
    const at = q.dates[di]!;
    const aheadAt = ahead < net ? events[sufAt[idx]!]?.label : undefined;
    out.push(
      new AvailabilityResult(
        p,
        resultEnv(c, q.channel, at, q.mode, lastKnown, {
          calc,
          atMs: dMs,
          extra: { demand: dem, lookahead: net - avail, ...(aheadAt ? { lookaheadAt: aheadAt } : {}) },
        }),
        calc,
      ),
    );
  }
  return ok(out);
}

/**
 * Look-ahead ATP per date: availability at d = min over d' ≥ d of (cumulative supply to d' −
 * cumulative demand to d'), on top of today's free stock less policy deductions; then cap,
 * rounding, clamp and staleness as for a single date. Non-decreasing in the date. Supply and demand
 * beyond the last date still count: later demand keeps stock back; later supply never adds to an
 * earlier date.
 * @example
 * const r = timePhasedAvailability(ctx, { sku: 'TEE-M', location: 'dc-1', channel: 'web',
 *   dates: dailyHorizon('2026-12-04T00:00:00Z', 7) }, '2026-12-04T00:00:00Z');
 * if (r.ok) r.value.buckets.map((b) => b.atp.toString());
 */
export function timePhasedAvailability(
  ctx: AtpContext,
  q: TimePhasedQuery,
  now: string,
): Result<TimePhasedResult> {
  if ((q.location === undefined) === (q.group === undefined))
    return fail('VALIDATION_FAILED', 'a time-phased query names exactly one of location or group', {
      path: [],
    });
  if (q.dates.length === 0 || q.dates.length > 1000)
    return fail('VALIDATION_FAILED', 'dates must hold 1 to 1,000 timestamps', { path: ['dates'] });
  const datesMs: number[] = [];
  for (const [i, d] of q.dates.entries()) {
    const ms = Date.parse(d);
    if (Number.isNaN(ms) || (i > 0 && ms <= datesMs[i - 1]!))
      return fail('VALIDATION_FAILED', `dates[${i}] is not a timestamp after the one before`, {
        path: ['dates', i],
      });
    datesMs.push(ms);
  }
  const nowR = clockMs(ctx, now);
  if (!nowR.ok) return nowR;
  const item = ctx.items.get(q.sku);
  if (!item) return fail('ITEM_UNKNOWN', `no item with sku "${q.sku}"`, { path: ['sku'] });
  let locations: readonly string[];
  if (q.location !== undefined) {
    const l = lookup(ctx, q.sku, q.location);
    if (!l.ok) return l;
    locations = [q.location];
  } else {
    const g = ctx.groups.get(q.group!);
    if (!g) return fail('GROUP_UNKNOWN', `no location group "${q.group}"`, { path: ['group'] });
    locations = g.locations;
  }
  const perLocation: { location: string; buckets: AvailabilityResult[] }[] = [];
  const excluded: ExcludedLocation[] = [];
  for (const l of locations) {
    if (q.group !== undefined && q.mode !== undefined) {
      const p = policyFor(ctx, item, l, q.channel);
      if (!p.ok) return p;
      if (!eligibleFor(p.value, ctx.locations.get(l)!, q.mode)) {
        excluded.push({ location: l, reason: 'ineligible' });
        continue;
      }
    }
    const r = locationBuckets(ctx, item, l, q, nowR.value, datesMs);
    if (!r.ok) return r;
    perLocation.push({ location: l, buckets: r.value });
  }
  const level = policyFor(ctx, item, q.location ?? '', q.channel);
  if (!level.ok) return level;
  const { spec, lowStock } = level.value;
  const buckets = q.dates.map((date, i): TimePhasedBucket => {
    let atp = 0;
    let stale = false;
    for (const l of perLocation) {
      const r = l.buckets[i]!;
      atp += r.atpMinor;
      stale ||= r.stale;
    }
    return {
      date,
      atp: Quantity.fromMinor(atp, spec),
      atpMinor: atp,
      status: atp <= 0 ? 'outOfStock' : atp <= lowStock ? 'lowStock' : 'inStock',
      stale,
    };
  });
  return ok({
    sku: q.sku,
    channel: q.channel,
    ...(q.location !== undefined ? { location: q.location } : { group: q.group! }),
    spec,
    buckets,
    locations: perLocation,
    excluded,
  });
}
