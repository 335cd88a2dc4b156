import { type Item, positionToJson, type StockPositionJson } from '@omnistock/core';
import { Ledger } from '@omnistock/ledger';
import type { InventoryStore } from '../store/inventory-store';
import { canonicalJson, lockOrder, refKey } from '../store/kernel';
import type { PositionRef, PositionSnapshot } from '../store/records';

const PAGE = 1000;

/**
 * The service's projection engine: a pure {@link Ledger} kept as a cache of the store's event log.
 * `catchUp` feeds it the log entries it has not seen; a write that may have left it ahead of the
 * store (a refused or failed transaction after it was fed) `invalidate`s it, and the next
 * `catchUp` rebuilds it from the log. Positions the service writes are always the ledger's.
 * @internal
 */
export class Projection {
  private current: Ledger;
  private cursor = 0;
  private dirty = false;

  constructor(
    private readonly store: InventoryStore,
    private readonly findItem: (sku: string) => Item | undefined,
  ) {
    this.current = this.fresh();
  }

  private fresh(): Ledger {
    return new Ledger({ items: this.findItem });
  }

  /** The store position of the last log entry the cache has applied. */
  get position(): number {
    return this.cursor;
  }

  get ledger(): Ledger {
    return this.current;
  }

  /** Marks the cache unusable: the next {@link catchUp} rebuilds it from the log. */
  invalidate(): void {
    this.dirty = true;
  }

  /** Applies the log entries appended since the last catch-up (rebuilding first when invalidated); returns their ids. */
  async catchUp(): Promise<Set<string>> {
    const seen = new Set<string>();
    if (this.dirty) {
      this.current = this.fresh();
      this.cursor = 0;
      this.dirty = false;
    }
    for (;;) {
      const page = await this.store.readEvents(this.cursor, PAGE);
      for (const e of page) {
        this.current.ingest(e.payload);
        this.cursor = e.position;
        seen.add(e.id);
      }
      if (page.length < PAGE) return seen;
    }
  }

  /** The ledger's wire position of a row, or undefined when no event touched it. */
  positionJson(ref: PositionRef): StockPositionJson | undefined {
    const p = this.current.position(ref.sku, ref.location);
    return p ? positionToJson(p) : undefined;
  }

  /** The ledger's rows for these refs (only those that exist), in lock order. */
  rows(refs: readonly PositionRef[]): StockPositionJson[] {
    return lockOrder(refs).flatMap((r) => {
      const p = this.positionJson(r);
      return p ? [p] : [];
    });
  }

  /** True when the locked rows are exactly the ledger's (no other writer got in since catch-up). */
  matches(locked: PositionSnapshot, refs: readonly PositionRef[]): boolean {
    for (const r of lockOrder(refs)) {
      const mine = this.positionJson(r);
      const theirs = locked.get(refKey(r))?.position;
      if ((mine === undefined) !== (theirs === undefined)) return false;
      if (mine && theirs && canonicalJson(mine) !== canonicalJson(theirs)) return false;
    }
    return true;
  }

  /**
   * The position rows an event can change: the sku at every location-like field of its data
   * (`location`, `from`, `to`, lines), and for an event naming a reservation, that reservation's lines.
   */
  touched(raw: unknown): PositionRef[] {
    const e = raw as { subject?: unknown; data?: Record<string, unknown> } | null;
    const data = e && typeof e.data === 'object' && e.data !== null ? e.data : {};
    const refs: PositionRef[] = [];
    const sku =
      typeof data.sku === 'string' ? data.sku : typeof e?.subject === 'string' ? e.subject : undefined;
    const add = (s: unknown, l: unknown) => {
      if (typeof s === 'string' && typeof l === 'string') refs.push({ sku: s, location: l });
    };
    for (const k of ['location', 'from', 'to']) add(sku, data[k]);
    if (Array.isArray(data.lines)) {
      for (const l of data.lines as Record<string, unknown>[]) add(l?.sku ?? sku, l?.location);
    }
    const rid = data.reservationId;
    if (typeof rid === 'string') {
      for (const l of this.current.reservation(rid)?.lines ?? []) add(l.sku, l.location);
    }
    return lockOrder(refs);
  }
}
