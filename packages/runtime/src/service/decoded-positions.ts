import { type Item, ok, parsePosition, type Result, type StockPosition } from '@omnistock/core';
import type { PositionRecord } from '../store/records';

/** Skus kept at most; the oldest is dropped beyond this. */
const DEFAULT_MAX_SKUS = 10_000;

interface Decoded {
  /** The stored row's position as it was decoded. */
  readonly json: unknown;
  readonly position: StockPosition;
}

interface SkuEntry {
  readonly item: Item;
  /** The rows of the last call, as the store returned them. */
  readonly rows: readonly PositionRecord[];
  /** Every one of `rows` is deeply frozen (for good: a frozen object cannot thaw). */
  readonly frozen: boolean;
  readonly byLocation: ReadonlyMap<string, Decoded>;
  readonly list: readonly StockPosition[];
}

/**
 * Whether two JSON values are equal (objects key by key, arrays element by element).
 * @example
 * jsonEqual({ a: [1, '2'] }, { a: [1, '2'] }); // true
 */
export function jsonEqual(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (typeof a !== 'object' || typeof b !== 'object' || a === null || b === null) return false;
  if (Array.isArray(a)) {
    if (!Array.isArray(b) || a.length !== b.length) return false;
    for (let i = 0; i < a.length; i++) if (!jsonEqual(a[i], b[i])) return false;
    return true;
  }
  if (Array.isArray(b)) return false;
  const ra = a as Record<string, unknown>;
  const rb = b as Record<string, unknown>;
  const keys = Object.keys(ra);
  if (keys.length !== Object.keys(rb).length) return false;
  for (const k of keys) if (!Object.hasOwn(rb, k) || !jsonEqual(ra[k], rb[k])) return false;
  return true;
}

/**
 * Stored position rows decoded to domain positions (`parsePosition`: the zod schema and exact
 * quantities at the item's scale), remembering the last decode of each sku's rows. A row equal to
 * the one decoded before (the same deeply frozen record object, or equal JSON) reuses that decode, so zod runs
 * only for rows that changed; when no row of a sku changed, the very same list comes back (callers
 * may key derived data on it). The result is exactly what decoding every row would give.
 * @internal
 * @example
 * const decoded = new DecodedPositions();
 * const r = decoded.decode(item, await store.listPositions(item.sku));
 */
export class DecodedPositions {
  private readonly bySku = new Map<string, SkuEntry>();

  constructor(private readonly maxSkus = DEFAULT_MAX_SKUS) {}

  /** The positions of one sku's rows (in row order); the first row that fails to decode fails it all. */
  decode(item: Item, rows: readonly PositionRecord[]): Result<readonly StockPosition[]> {
    const last = this.bySku.get(item.sku);
    if (last !== undefined && last.item === item && last.frozen && sameRows(last.rows, rows))
      return ok(last.list);
    const known = last !== undefined && last.item === item ? last.byLocation : undefined;
    const byLocation = new Map<string, Decoded>();
    const list: StockPosition[] = [];
    let changed = last === undefined || last.item !== item || last.list.length !== rows.length;
    let allFrozen = true;
    for (const [i, row] of rows.entries()) {
      const json = row.position;
      const isFrozen = frozen(row);
      allFrozen &&= isFrozen;
      const before = known?.get(json.location);
      let d: Decoded;
      if (before !== undefined && jsonEqual(before.json, json)) d = before;
      else {
        const p = parsePosition(json, item);
        if (!p.ok) return p;
        // a row that is not frozen could be changed in place by its owner: keep a copy to compare with
        d = { json: isFrozen ? json : structuredClone(json), position: p.value };
      }
      if (d.position !== last?.list[i]) changed = true;
      byLocation.set(json.location, d);
      list.push(d.position);
    }
    const entry: SkuEntry = {
      item,
      rows: rows.slice(),
      frozen: allFrozen,
      byLocation,
      list: changed ? list : (last as SkuEntry).list,
    };
    this.remember(item.sku, entry);
    return ok(entry.list);
  }

  private remember(sku: string, entry: SkuEntry): void {
    if (!this.bySku.has(sku) && this.bySku.size >= this.maxSkus) {
      const oldest = this.bySku.keys().next();
      if (!oldest.done) this.bySku.delete(oldest.value);
    }
    this.bySku.set(sku, entry);
  }
}

/** The same record objects (when they are frozen, they cannot have changed since they were decoded). */
function sameRows(a: readonly PositionRecord[], b: readonly PositionRecord[]): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}

function frozen(row: PositionRecord): boolean {
  const p = row.position;
  if (!Object.isFrozen(row) || !Object.isFrozen(p)) return false;
  if (!Object.isFrozen(p.incoming) || !Object.isFrozen(p.inTransit)) return false;
  for (const lot of p.incoming) if (!Object.isFrozen(lot)) return false;
  for (const lot of p.inTransit) if (!Object.isFrozen(lot)) return false;
  return true;
}
