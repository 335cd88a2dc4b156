import { fail, type FulfilmentMode, ok, Quantity, type QuantitySpec, type Result } from '@omnistock/core';
import { evaluateAt, parseTimes } from './availability';
import { type AtpContext, policyFor } from './context';
import { type Explanation, makeExplanation } from './explanation';
import type { AvailabilityStatus } from './internal/kernel';
import { eligibleFor } from './resolve';
import type { AvailabilityResult } from './result';

/** One sku over a location group for a channel. */
export interface NetworkQuery {
  readonly sku: string;
  readonly group: string;
  readonly channel: string;
  /** Locations not eligible for this fulfilment mode are left out; omitted: all count. */
  readonly mode?: FulfilmentMode;
  readonly at?: string;
}

/** A location left out of a network result, and why. */
export interface ExcludedLocation {
  readonly location: string;
  readonly reason: 'ineligible';
}

/**
 * Network ATP: Σ of the per-location results over the group's eligible locations (never pooled
 * first: each location keeps its own safety stock, rounding and staleness).
 */
export interface NetworkAvailabilityResult {
  readonly sku: string;
  readonly group: string;
  readonly channel: string;
  readonly at: string;
  readonly spec: QuantitySpec;
  readonly atp: Quantity;
  readonly promisable: Quantity;
  readonly status: AvailabilityStatus;
  /** Some location is oversold; `deficit` is the Σ of their deficits. */
  readonly oversold: boolean;
  readonly deficit: Quantity;
  /** Some location is stale (each used its own fallback). */
  readonly stale: boolean;
  readonly locations: readonly AvailabilityResult[];
  readonly excluded: readonly ExcludedLocation[];
  /** One term per counted location; they add up to `atp`. */
  readonly explanation: Explanation;
}

/**
 * ATP of a sku over a location group for a channel: the sum of per-location ATP over eligible
 * locations. Status uses the low-stock threshold resolved without a location (sku, channel, global).
 * @example
 * const r = networkAvailability(ctx, { sku: 'TEE-M', group: 'uk', channel: 'web', mode: 'ship' }, now);
 * if (r.ok) r.value.atp.toString(); // e.g. '7' = 3 (dc-1) + 4 (store-2)
 */
export function networkAvailability(
  ctx: AtpContext,
  query: NetworkQuery,
  now: string,
): Result<NetworkAvailabilityResult> {
  const item = ctx.items.get(query.sku);
  if (!item) return fail('ITEM_UNKNOWN', `no item with sku "${query.sku}"`, { path: ['sku'] });
  const group = ctx.groups.get(query.group);
  if (!group) return fail('GROUP_UNKNOWN', `no location group "${query.group}"`, { path: ['group'] });
  const t = parseTimes(ctx, now, query.at);
  if (!t.ok) return t;
  const at = query.at ?? now;
  const results: AvailabilityResult[] = [];
  const excluded: ExcludedLocation[] = [];
  for (const l of group.locations) {
    if (query.mode !== undefined) {
      const p = policyFor(ctx, item, l, query.channel);
      if (!p.ok) return p;
      if (!eligibleFor(p.value, ctx.locations.get(l)!, query.mode)) {
        excluded.push({ location: l, reason: 'ineligible' });
        continue;
      }
    }
    const r = evaluateAt(ctx, item, l, query.channel, query.mode, t.value[0], t.value[1], at);
    if (!r.ok) return r;
    results.push(r.value);
  }
  const net = policyFor(ctx, item, '', query.channel);
  if (!net.ok) return net;
  return ok(
    sumNetwork(query.sku, group.id, query.channel, at, net.value.spec, net.value.lowStock, results, excluded),
  );
}

/** @internal Σ of per-location results. */
export function sumNetwork(
  sku: string,
  group: string,
  channel: string,
  at: string,
  spec: QuantitySpec,
  lowStock: number,
  results: readonly AvailabilityResult[],
  excluded: readonly ExcludedLocation[],
): NetworkAvailabilityResult {
  let atp = 0;
  let promisable = 0;
  let deficit = 0;
  for (const r of results) {
    atp += r.atpMinor;
    promisable += r.promisableMinor;
    deficit += r.deficitMinor;
  }
  const q = (m: number) => Quantity.fromMinor(m, spec);
  let explanation: Explanation | undefined;
  return {
    sku,
    group,
    channel,
    at,
    spec,
    atp: q(atp),
    promisable: q(promisable),
    status: atp <= 0 ? 'outOfStock' : atp <= lowStock ? 'lowStock' : 'inStock',
    oversold: results.some((r) => r.oversold),
    deficit: q(deficit),
    stale: results.some((r) => r.stale),
    locations: results,
    excluded,
    get explanation() {
      explanation ??= makeExplanation(
        spec,
        results.map((r) => ({
          kind: 'location' as const,
          label: `location(${r.location})`,
          ...(r.stale ? { detail: `stale, ${r.fallback}` } : {}),
        })),
        results.map((r) => r.atpMinor),
        [],
        atp,
      );
      return explanation;
    },
  };
}
