import {
  itemSpec,
  type Item,
  LocationIdSchema,
  NonNegativeDecimalSchema,
  Quantity,
  SkuSchema,
} from '@omnistock/core';
import { issuesFromZod } from '@omnistock/core';
import { z } from 'zod';
import { type ImportResult, readRows, refuseDuplicates, rowError, type RowError } from './rows';

/**
 * One row of an ERP stock snapshot: onHand of a sku at a location as of a time (for reconciliation).
 * @example
 * SnapshotRowSchema.safeParse({ sku: 'MUG-1', location: 'dc-1', onHand: '40', asOf: '2026-03-01T00:00:00Z' }).success; // true
 */
export const SnapshotRowSchema = z.strictObject({
  sku: SkuSchema,
  location: LocationIdSchema,
  onHand: NonNegativeDecimalSchema,
  asOf: z.iso.datetime({ offset: true }),
});
/**
 * A validated ERP snapshot row.
 * @example
 * const row: SnapshotRow = importStockSnapshot(csv).rows[0]!;
 */
export type SnapshotRow = z.output<typeof SnapshotRowSchema>;

/**
 * What a snapshot import can check rows against.
 * @example
 * importStockSnapshot(csv, { items: catalog, locations: new Set(['dc-1']) });
 */
export interface SnapshotImportOptions {
  /** Items by sku: unknown skus are `ITEM_UNKNOWN`, quantities beyond the item's scale are refused. */
  readonly items?: ReadonlyMap<string, Item>;
  /** Known location ids: others are `LOCATION_UNKNOWN`. */
  readonly locations?: ReadonlySet<string>;
}

/**
 * Imports an ERP stock snapshot for reconciliation: CSV (header `sku,location,onHand,asOf`) or JSON
 * objects of that shape. onHand is an exact non-negative decimal string, asOf an RFC 3339 time.
 * With a catalog, unknown skus/locations and quantities beyond the item's scale are refused. Bad
 * rows and every row of a duplicated sku × location are reported with line and reason.
 * @example
 * const { rows, errors } = importStockSnapshot('sku,location,onHand,asOf\nMUG-1,dc-1,40,2026-03-01T00:00:00Z\n');
 */
export function importStockSnapshot(
  input: string | readonly unknown[],
  options: SnapshotImportOptions = {},
): ImportResult<SnapshotRow> {
  const errors: RowError[] = [];
  const good: { line: number; value: SnapshotRow; raw: unknown }[] = [];
  for (const r of readRows(input, (c) => c, errors)) {
    const p = SnapshotRowSchema.safeParse(r.value);
    if (!p.success) {
      const [first] = issuesFromZod(p.error);
      errors.push(
        rowError(
          r.line,
          first?.code ?? 'VALIDATION_FAILED',
          first?.message ?? 'invalid row',
          r.raw,
          first?.path,
        ),
      );
      continue;
    }
    const row = p.data;
    const item = options.items?.get(row.sku);
    if (options.items && !item) {
      errors.push(rowError(r.line, 'ITEM_UNKNOWN', `no item with sku "${row.sku}"`, r.raw, ['sku']));
      continue;
    }
    if (options.locations && !options.locations.has(row.location)) {
      errors.push(rowError(r.line, 'LOCATION_UNKNOWN', `no location "${row.location}"`, r.raw, ['location']));
      continue;
    }
    if (item) {
      const q = Quantity.parse(row.onHand, itemSpec(item), 'nonNegative');
      if (!q.ok) {
        errors.push(rowError(r.line, q.error.code, q.error.message, r.raw, ['onHand']));
        continue;
      }
    }
    good.push({ line: r.line, value: row, raw: r.raw });
  }
  const rows = refuseDuplicates(good, (s) => `${s.sku}|${s.location}`, errors, 'sku|location');
  return { rows, errors };
}
