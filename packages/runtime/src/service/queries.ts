import {
  type AtpContext,
  type AvailabilityResultJson,
  availability as atpAvailabilityAt,
  availabilityToJson,
  batchAvailability,
  type ChannelPolicySetInput,
  createAtpContext,
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
  parsePosition,
  type Result,
  type StockPosition,
} from '@omnistock/core';
import type { InventoryStore } from '../store/inventory-store';
import type { AvailabilityRequest, BatchAvailabilityRequest, TimePhasedRequest } from './types';
import { validate } from './validate';

/**
 * The read side of the service: ATP queries over the stored positions (an ATP context per query,
 * built from the rows of the skus asked about).
 * @internal
 */
export class Queries {
  constructor(
    private readonly store: InventoryStore,
    private readonly items: ReadonlyMap<string, Item>,
    private readonly locations: readonly Location[],
    private readonly groups: readonly LocationGroup[],
    private readonly policies: ChannelPolicySetInput,
  ) {}

  /** An ATP context over these positions (validates the catalog and the policy set). */
  context(positions: readonly StockPosition[]): Result<AtpContext> {
    return createAtpContext({
      items: this.items.values(),
      locations: this.locations,
      groups: this.groups,
      positions,
      policy: this.policies,
    });
  }

  private async loadPositions(skus: readonly string[]): Promise<Result<StockPosition[]>> {
    const out: StockPosition[] = [];
    for (const sku of new Set(skus)) {
      const item = this.items.get(sku);
      if (!item) continue;
      for (const row of await this.store.listPositions(sku)) {
        const p = parsePosition(row.position, item);
        if (!p.ok) return p;
        out.push(p.value);
      }
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
    const ctx = await this.contextFor([q.sku]);
    if (!ctx.ok) return ctx;
    const base = {
      sku: q.sku,
      channel: q.channel,
      ...(q.mode !== undefined ? { mode: q.mode } : {}),
      ...(q.at !== undefined ? { at: q.at } : {}),
    };
    const json = { explanation: q.explain === true };
    if (q.group !== undefined) {
      const r = networkAvailability(ctx.value, { ...base, group: q.group }, now);
      return r.ok ? ok(networkToJson(r.value, json)) : r;
    }
    const r = atpAvailabilityAt(ctx.value, { ...base, location: q.location as string }, now);
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
    const ctx = await this.contextFor([q.sku]);
    if (!ctx.ok) return ctx;
    const r = timePhasedAvailability(ctx.value, q, now);
    return r.ok ? ok(timePhasedToJson(r.value, { explanation: false })) : r;
  }

  private async contextFor(skus: readonly string[]): Promise<Result<AtpContext>> {
    const positions = await this.loadPositions(skus);
    return positions.ok ? this.context(positions.value) : positions;
  }
}
