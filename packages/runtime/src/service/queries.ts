import {
  type AtpCatalog,
  type AtpContext,
  type AvailabilityResultJson,
  availability as atpAvailabilityAt,
  availabilityToJson,
  batchAvailability,
  type ChannelPolicySetInput,
  createAtpCatalog,
  type LocationQuery,
  createAtpContextFrom,
  type NetworkAvailabilityResultJson,
  networkAvailability,
  networkToJson,
  type TimePhasedResultJson,
  timePhasedAvailability,
  timePhasedToJson,
} from '@omnistock/atp';
import {
  type Item,
  type Location,
  type LocationGroup,
  ok,
  type Result,
  type StockPosition,
} from '@omnistock/core';
import type { InventoryStore } from '../store/inventory-store';
import type { PositionRecord } from '../store/records';
import { DecodedPositions } from './decoded-positions';
import type { AvailabilityRequest, BatchAvailabilityRequest, TimePhasedRequest } from './types';
import { validate } from './validate';

/**
 * The read side of the service: ATP queries over the stored positions. Every query reads the rows
 * of the skus it asks about from the store (so it sees every committed write, of any process); the
 * catalog and policy set are validated and indexed once, rows are decoded again only when they
 * changed, and a sku's ATP context is rebuilt only when its decoded positions changed.
 * @internal
 */
export class Queries {
  private readonly catalog: Result<AtpCatalog>;
  private readonly decoded = new DecodedPositions();
  /** One sku's context, keyed by its decoded positions (the same list while no row changed). */
  private readonly contexts = new WeakMap<readonly StockPosition[], AtpContext>();

  constructor(
    private readonly store: InventoryStore,
    private readonly items: ReadonlyMap<string, Item>,
    locations: readonly Location[],
    groups: readonly LocationGroup[],
    policies: ChannelPolicySetInput,
  ) {
    this.catalog = createAtpCatalog({ items: items.values(), locations, groups, policy: policies });
  }

  /** An ATP context over these positions (fails when the catalog or the policy set is invalid). */
  context(positions: readonly StockPosition[]): Result<AtpContext> {
    return this.catalog.ok ? createAtpContextFrom(this.catalog.value, { positions }) : this.catalog;
  }

  private async loadPositions(skus: readonly string[]): Promise<Result<StockPosition[]>> {
    const out: StockPosition[] = [];
    for (const sku of new Set(skus)) {
      const item = this.items.get(sku);
      if (!item) continue;
      const positions = this.decoded.decode(item, await this.store.listPositions(sku));
      if (!positions.ok) return positions;
      out.push(...positions.value);
    }
    return ok(out);
  }

  /**
   * ATP of a sku for a channel at a location (or over a group), from the stored positions.
   * @example
   * const r = await service.availability({ sku: 'TEE-M', location: 'store-1', channel: 'web', explain: true });
   * if (r.ok) r.value.atp; // '7'
   */
  async availability(
    q: AvailabilityRequest,
    now: string,
  ): Promise<Result<AvailabilityResultJson | NetworkAvailabilityResultJson>> {
    const v = validate.availability(q);
    if (!v.ok) return v;
    const ctx = await this.skuContext(q.sku);
    if (!ctx.ok) return ctx;
    const json = { explanation: q.explain === true };
    if (q.group !== undefined) {
      const base = {
        sku: q.sku,
        channel: q.channel,
        ...(q.mode !== undefined ? { mode: q.mode } : {}),
        ...(q.at !== undefined ? { at: q.at } : {}),
      };
      const r = networkAvailability(ctx.value, { ...base, group: q.group }, now);
      return r.ok ? ok(networkToJson(r.value, json)) : r;
    }
    // validated: exactly one of location and group; the engine reads only the query's own fields
    const r = atpAvailabilityAt(ctx.value, q as LocationQuery, now);
    return r.ok ? ok(availabilityToJson(r.value, json)) : r;
  }

  /**
   * ATP for every sku × location (sku-major order).
   * @example
   * const r = await service.batchAvailability({ skus: ['A', 'B'], locations: ['S1', 'S2'], channel: 'web' });
   */
  async batch(q: BatchAvailabilityRequest, now: string): Promise<Result<AvailabilityResultJson[]>> {
    const v = validate.batch(q);
    if (!v.ok) return v;
    const ctx = await this.contextFor(q.skus);
    if (!ctx.ok) return ctx;
    const r = batchAvailability(
      ctx.value,
      {
        skus: q.skus,
        locations: q.locations,
        channel: q.channel,
        ...(q.mode !== undefined ? { mode: q.mode } : {}),
        ...(q.at !== undefined ? { at: q.at } : {}),
      },
      now,
    );
    return r.ok ? ok(r.value.map((x) => availabilityToJson(x, { explanation: q.explain === true }))) : r;
  }

  /**
   * Look-ahead ATP per date at a location or over a group.
   * @example
   * const r = await service.timePhased({ sku: 'A', location: 'S1', channel: 'web', dates });
   */
  async timePhased(q: TimePhasedRequest, now: string): Promise<Result<TimePhasedResultJson>> {
    const v = validate.timePhased(q);
    if (!v.ok) return v;
    const ctx = await this.skuContext(q.sku);
    if (!ctx.ok) return ctx;
    const r = timePhasedAvailability(ctx.value, q, now);
    return r.ok ? ok(timePhasedToJson(r.value, { explanation: false })) : r;
  }

  private contextFor(skus: readonly string[]): Promise<Result<AtpContext>> {
    if (skus.length === 1) return this.skuContext(skus[0] as string);
    return this.loadPositions(skus).then((positions) =>
      positions.ok ? this.context(positions.value) : positions,
    );
  }

  /** The context of one sku's positions (one store read; no await chain on the hot path). */
  private skuContext(sku: string): Promise<Result<AtpContext>> {
    const item = this.items.get(sku);
    if (!item) return Promise.resolve(this.context([]));
    return this.store.listPositions(sku).then((rows) => this.contextOfRows(item, rows));
  }

  /** A context over one item's rows: built again only when its decoded positions changed. */
  private contextOfRows(item: Item, rows: readonly PositionRecord[]): Result<AtpContext> {
    const positions = this.decoded.decode(item, rows);
    if (!positions.ok) return positions;
    const kept = this.contexts.get(positions.value);
    if (kept !== undefined) return ok(kept);
    const ctx = this.context(positions.value);
    if (ctx.ok) this.contexts.set(positions.value, ctx.value);
    return ctx;
  }
}
