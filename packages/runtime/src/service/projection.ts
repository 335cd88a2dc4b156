import { type ErrorPath, type Item, positionToJson, type StockPositionJson } from '@omnistock/core';
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
   * The position rows an event can change: the sku at every location its data names (see
   * {@link namedLocations}), and for an event naming a reservation, that reservation's lines.
   */
  touched(raw: unknown): PositionRef[] {
    const refs: PositionRef[] = namedLocations(raw).map(({ sku, location }) => ({ sku, location }));
    const data = (raw as { data?: unknown } | null)?.data as Record<string, unknown> | undefined;
    const rid = typeof data === 'object' && data !== null ? data.reservationId : undefined;
    if (typeof rid === 'string') {
      for (const l of this.current.reservation(rid)?.lines ?? [])
        refs.push({ sku: l.sku, location: l.location });
    }
    return lockOrder(refs);
  }
}

/** A location an event's data names, with the sku it is named for and the field's path. */
export interface NamedLocation {
  readonly sku: string;
  readonly location: string;
  readonly path: ErrorPath;
}

/**
 * Every location an event's data names: `location`, each line's `location` (with the line's sku), and
 * `from`/`to` on transfers (`transfer.*`, `reservation.transferred`); on `stock.statusChanged`,
 * `from`/`to` are stock statuses, not locations. The sku is `data.sku`, else the `subject`.
 */
export function namedLocations(raw: unknown): NamedLocation[] {
  const e = raw as { type?: unknown; subject?: unknown; data?: unknown } | null;
  const data = e?.data;
  if (typeof data !== 'object' || data === null) return [];
  const d = data as Record<string, unknown>;
  const sku = typeof d.sku === 'string' ? d.sku : typeof e?.subject === 'string' ? e.subject : undefined;
  const out: NamedLocation[] = [];
  const moves =
    typeof e?.type === 'string' && /^omnistock\.(transfer\.|reservation\.transferred\.)/.test(e.type);
  for (const k of moves ? ['location', 'from', 'to'] : ['location']) {
    const v = d[k];
    if (typeof v === 'string' && sku !== undefined) out.push({ sku, location: v, path: ['data', k] });
  }
  if (Array.isArray(d.lines)) {
    d.lines.forEach((line, i) => {
      const l = line as { sku?: unknown; location?: unknown } | null;
      const s = l?.sku ?? sku;
      if (typeof l?.location === 'string' && typeof s === 'string') {
        out.push({ sku: s, location: l.location, path: ['data', 'lines', i, 'location'] });
      }
    });
  }
  return out;
}
