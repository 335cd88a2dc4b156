import { fail, ok, type Result, safeParse } from '@omnistock/core';
import { z } from 'zod';

/**
 * Turns an event of an older schema version into the current one, before validation. Ids, source,
 * time and sequence are kept, so dedupe sees an upcast event and its v1 twin as the same event.
 */
export interface Upcaster {
  /** The old type, e.g. `omnistock.stock.adjusted.v0`. */
  readonly from: string;
  /** The type it becomes. */
  readonly to: string;
  upcast(event: Readonly<Record<string, unknown>>): Result<Record<string, unknown>>;
}

/** The legacy v0 payload of `stock.adjusted`: `item`/`store` names and a free-text reason. */
export const StockAdjustedV0 = z.strictObject({
  item: z.string().min(1),
  store: z.string().min(1),
  /** A signed decimal string. */
  change: z.string().min(1),
  /** Free text, mapped to a v1 reason code. */
  reason: z.string().max(256),
  /** The document (a URI) the adjustment came from. */
  ref: z.string().min(1).optional(),
});

const REASONS: Readonly<Record<string, string>> = {
  damaged: 'damage',
  damage: 'damage',
  broken: 'damage',
  stolen: 'theft',
  theft: 'theft',
  shrink: 'shrinkage',
  shrinkage: 'shrinkage',
  expired: 'expired',
  found: 'found',
  correction: 'correction',
  count: 'cycleCountVariance',
  'cycle count': 'cycleCountVariance',
  sample: 'sample',
};

/**
 * The shipped upcaster: `omnistock.stock.adjusted.v0` → `.v1` (`item`→`sku`, `store`→`location`,
 * `change`→`delta`, free-text `reason`→`reasonCode` (unknown text → `other`), `ref`→`documentUri`).
 * @example
 * stockAdjustedV0.upcast({ ...envelope, type: 'omnistock.stock.adjusted.v0',
 *   data: { item: 'A', store: 's1', change: '-2', reason: 'Broken' } });
 */
export const stockAdjustedV0: Upcaster = {
  from: 'omnistock.stock.adjusted.v0',
  to: 'omnistock.stock.adjusted.v1',
  upcast(event) {
    const d = safeParse(StockAdjustedV0, event.data, 'omnistock.stock.adjusted.v0 data');
    if (!d.ok) {
      return fail(d.error.code, d.error.message, {
        path: ['data', ...(d.error.path ?? [])],
        ...(d.error.issues
          ? { issues: d.error.issues.map((i) => ({ ...i, path: ['data', ...i.path] })) }
          : {}),
      });
    }
    const v0 = d.value;
    const { dataschema: _drop, ...envelope } = event;
    return ok({
      ...envelope,
      type: 'omnistock.stock.adjusted.v1',
      data: {
        sku: v0.item,
        location: v0.store,
        delta: v0.change,
        reasonCode: REASONS[v0.reason.trim().toLowerCase()] ?? 'other',
        ...(v0.ref !== undefined ? { documentUri: v0.ref } : {}),
      },
    });
  },
};

/** Upcasters the ledger applies by default. */
export const defaultUpcasters: readonly Upcaster[] = [stockAdjustedV0];
