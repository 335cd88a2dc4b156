import {
  emptyPosition,
  fail,
  type Item,
  itemSpec,
  type Location,
  type LocationGroup,
  ok,
  type Quantity,
  type Result,
  type StockPosition,
} from '@omnistock/core';
import {
  type AtpCatalog,
  type AtpCatalogInput,
  type CompiledPolicies,
  createAtpCatalog,
  MAX_COMPILED_CHANNELS,
} from './catalog';
import { positionMinor, type PositionMinor } from './internal/position-minor';
import { type CompiledPolicy, compilePolicy, type PolicyIndex, resolvePolicy } from './resolve';

/** Looks up the position of a sku at a location (undefined: nothing there, an empty position). */
export type PositionLookup = (sku: string, location: string) => StockPosition | undefined;

/** Dated demand at a location (future orders, planned consumption): deducted from its date on. */
export interface DatedDemand {
  readonly id?: string;
  readonly sku: string;
  readonly location: string;
  readonly qty: Quantity;
  /** RFC 3339 timestamp the demand is due. */
  readonly date: string;
}

/** The last ATP a channel saw for a sku at a location: what the `lastKnown` fallback shows. */
export interface LastKnownAtp {
  readonly sku: string;
  readonly location: string;
  readonly channel: string;
  readonly atp: Quantity;
}

/** What changes from one snapshot to the next: positions, dated demand, last-known values. */
export interface AtpSnapshotInput {
  /** Positions as a list, or a lookup; a missing position is an empty one with no `asOf`. */
  readonly positions: Iterable<StockPosition> | PositionLookup;
  readonly demand?: Iterable<DatedDemand>;
  readonly lastKnown?: Iterable<LastKnownAtp>;
}

/** Everything ATP is computed from. */
export interface AtpInput extends AtpCatalogInput, AtpSnapshotInput {}

/**
 * An indexed, validated ATP input. Build it once per snapshot of positions with
 * {@link createAtpContext}; every query function takes it. It memoises resolved policies.
 */
export interface AtpContext {
  readonly items: ReadonlyMap<string, Item>;
  readonly locations: ReadonlyMap<string, Location>;
  readonly groups: ReadonlyMap<string, LocationGroup>;
  readonly policy: PolicyIndex;
  readonly position: (sku: string, location: string) => PositionMinor;
  /** @internal the known positions of a sku by location (a hot-loop shortcut for {@link position}). */
  readonly positionsOf: (sku: string) => ReadonlyMap<string, PositionMinor> | undefined;
  /**
   * @internal true when positions come from a {@link PositionLookup}: they may change between
   * evaluations, so a prepared evaluation reads them every time (a list is a fixed snapshot).
   */
  readonly positionsByLookup: boolean;
  readonly demand: ReadonlyMap<
    string,
    readonly { readonly minor: number; readonly dateMs: number; readonly date: string; readonly id: string }[]
  >;
  readonly lastKnown: ReadonlyMap<string, number>;
  /**
   * @internal memo of compiled policies: channel → item → location (or '' when no rule names it);
   * shared with the catalog the context was built from.
   */
  readonly compiled: CompiledPolicies;
  /** @internal the last `now` parsed. */
  clock: { text: string; ms: number };
}

const k3 = (a: string, b: string, c: string) => `${a}\u0000${b}\u0000${c}`;

/**
 * Validates and indexes an ATP input. Fails with `POLICY_INVALID`, `ITEM_UNKNOWN`,
 * `LOCATION_UNKNOWN` or `UNIT_MISMATCH` (with a path) rather than throwing.
 * @example
 * const ctx = unwrap(createAtpContext({ items: [item], locations: [store], positions: [pos],
 *   policy: { rules: [{ scope: {}, safetyStock: { kind: 'absolute', qty: '2' } }] } }));
 */
export function createAtpContext(input: AtpInput): Result<AtpContext> {
  const catalog = createAtpCatalog(input);
  return catalog.ok ? createAtpContextFrom(catalog.value, input) : catalog;
}

/**
 * A context over a snapshot of positions (and optional dated demand and last-known values) on a
 * catalog built once with {@link createAtpCatalog}: only the snapshot is validated and indexed, and
 * policies compiled for one context are reused by every other context of the catalog. Results are
 * identical to {@link createAtpContext} with the same input. Fails with `ITEM_UNKNOWN`,
 * `LOCATION_UNKNOWN` or `UNIT_MISMATCH` (path `['positions', i, …]`) for a position the catalog
 * does not know.
 * @example
 * const catalog = unwrap(createAtpCatalog({ items, locations, groups, policy }));
 * const ctx = unwrap(createAtpContextFrom(catalog, { positions: await loadPositions('TEE-M') }));
 * availability(ctx, { sku: 'TEE-M', location: 'store-1', channel: 'web' }, now);
 */
export function createAtpContextFrom(catalog: AtpCatalog, input: AtpSnapshotInput): Result<AtpContext> {
  const { items, locations, groups } = catalog;
  let lookup: PositionLookup;
  const byItem = new Map<string, Map<string, PositionMinor>>();
  if (typeof input.positions === 'function') lookup = input.positions;
  else {
    let i = 0;
    for (const p of input.positions) {
      const item = items.get(p.sku);
      if (!item)
        return fail('ITEM_UNKNOWN', `position for unknown sku ${p.sku}`, { path: ['positions', i, 'sku'] });
      if (!locations.has(p.location))
        return fail('LOCATION_UNKNOWN', `position at unknown location ${p.location}`, {
          path: ['positions', i, 'location'],
        });
      const spec = itemSpec(item);
      if (p.onHand.unit !== spec.unit || p.onHand.scale !== spec.scale)
        return fail('UNIT_MISMATCH', `position of ${p.sku} is in ${p.onHand.unit}/${p.onHand.scale}`, {
          path: ['positions', i],
        });
      let at = byItem.get(p.sku);
      if (!at) {
        at = new Map();
        byItem.set(p.sku, at);
      }
      at.set(p.location, positionMinor(p));
      i++;
    }
    lookup = () => undefined;
  }
  const empties = new Map<string, PositionMinor>();
  const position = (sku: string, location: string): PositionMinor => {
    const known = byItem.get(sku)?.get(location);
    if (known) return known;
    const p = lookup(sku, location);
    if (p) return positionMinor(p);
    const key = `${sku}|${location}`;
    let e = empties.get(key);
    if (!e) {
      const item = items.get(sku);
      e = positionMinor(emptyPosition(item as Item, location as StockPosition['location']));
      empties.set(key, e);
    }
    return e;
  };
  const demand = new Map<string, { minor: number; dateMs: number; date: string; id: string }[]>();
  let d = 0;
  for (const x of input.demand ?? []) {
    const key = `${x.sku}|${x.location}`;
    const list = demand.get(key) ?? [];
    list.push({ minor: x.qty.minor, dateMs: Date.parse(x.date), date: x.date, id: x.id ?? `demand-${d}` });
    demand.set(key, list);
    d++;
  }
  const lastKnown = new Map<string, number>();
  for (const x of input.lastKnown ?? []) lastKnown.set(k3(x.sku, x.location, x.channel), x.atp.minor);
  return ok({
    items,
    locations,
    groups,
    policy: catalog.policy,
    position,
    positionsOf: (sku) => byItem.get(sku),
    positionsByLookup: typeof input.positions === 'function',
    demand,
    lastKnown,
    compiled: catalog.compiled,
    clock: { text: '', ms: 0 },
  });
}

/** The compiled policy for a sku × location × channel, memoised in the context. */
export function policyFor(
  ctx: AtpContext,
  item: Item,
  location: string,
  channel: string,
): Result<CompiledPolicy> {
  return policyIn(policiesOf(ctx, item, channel), ctx, item, location, channel);
}

/** @internal The memo of one item's compiled policies for a channel, by location key. */
export function policiesOf(
  ctx: AtpContext,
  item: Item,
  channel: string,
): Map<string, Result<CompiledPolicy>> {
  // memoised by what the policy depends on: the channel, the item (its sku and spec) and the location
  // only when some rule names it; nested maps on existing strings and objects, so no key is built
  let byItem = ctx.compiled.get(channel);
  if (!byItem) {
    byItem = new Map();
    // beyond the cap, a memo for this call only: the policy is compiled again next time
    if (ctx.compiled.size < MAX_COMPILED_CHANNELS) ctx.compiled.set(channel, byItem);
  }
  let byLocation = byItem.get(item);
  if (!byLocation) {
    byLocation = new Map();
    byItem.set(item, byLocation);
  }
  return byLocation;
}

/** @internal The compiled policy at a location from an item's memo. */
export function policyIn(
  memo: Map<string, Result<CompiledPolicy>>,
  ctx: AtpContext,
  item: Item,
  location: string,
  channel: string,
): Result<CompiledPolicy> {
  const key = ctx.policy.locations.has(location) ? location : '';
  let r = memo.get(key);
  if (r === undefined) {
    r = compilePolicy(resolvePolicy(ctx.policy, item.sku, location, channel), item, channel);
    memo.set(key, r);
  }
  return r;
}

/** The last-known ATP for the `lastKnown` fallback, in minor units. */
export function lastKnownFor(
  ctx: AtpContext,
  sku: string,
  location: string,
  channel: string,
): number | undefined {
  return ctx.lastKnown.size === 0 ? undefined : ctx.lastKnown.get(k3(sku, location, channel));
}

/** Parses `now` (RFC 3339), reusing the last parse. */
export function clockMs(ctx: AtpContext, now: string): Result<number> {
  const ms = nowMsOf(ctx, now);
  return Number.isNaN(ms) ? badNow(now) : ok(ms);
}

/** @internal {@link clockMs} without the result wrapper: NaN when `now` is not a timestamp. */
export function nowMsOf(ctx: AtpContext, now: string): number {
  if (ctx.clock.text === now) return ctx.clock.ms;
  const ms = Date.parse(now);
  if (!Number.isNaN(ms)) ctx.clock = { text: now, ms };
  return ms;
}

/** @internal The failure for a `now` that is not a timestamp. */
export function badNow(now: string): Result<never> {
  return fail('VALIDATION_FAILED', `now is not a timestamp: ${now}`, { path: ['now'] });
}
