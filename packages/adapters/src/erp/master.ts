import { type Item, type Location, parseItem, parseLocation, type Result } from '@omnistock/core';
import {
  boolCell,
  type ImportResult,
  intCell,
  readRows,
  refuseDuplicates,
  rowError,
  type RowError,
} from './rows';

function validated<T>(
  input: string | readonly unknown[],
  fromCsv: (cells: Record<string, string>) => unknown,
  parse: (value: unknown) => Result<T>,
  key: (value: T) => string,
  what: string,
): ImportResult<T> {
  const errors: RowError[] = [];
  const good: { line: number; value: T; raw: unknown }[] = [];
  for (const r of readRows(input, fromCsv, errors)) {
    const p = parse(r.value);
    if (p.ok) good.push({ line: r.line, value: p.value, raw: r.raw });
    else errors.push(rowError(r.line, p.error.code, p.error.message, r.raw, p.error.path));
  }
  const rows = refuseDuplicates(good, key, errors, what);
  return { rows, errors };
}

/**
 * CSV columns of an item master file.
 * @example
 * ITEM_CSV_COLUMNS.join(','); // 'sku,name,unit,scale,sellMultiple'
 */
export const ITEM_CSV_COLUMNS = ['sku', 'name', 'unit', 'scale', 'sellMultiple'] as const;

/**
 * Imports item master data from the ERP: CSV text (header `sku,name,unit,scale,sellMultiple`,
 * optional columns may be empty) or an array of JSON objects in core's `Item` shape. Each row is
 * validated by core (`parseItem`: known unit, scale within the unit, sell multiple at the scale);
 * bad rows and every row of a duplicated sku are reported with their line and reason.
 * @example
 * const { rows, errors } = importItems('sku,name,unit,scale,sellMultiple\nRICE-5KG,Rice,kg,,\n');
 * // rows: [{ sku: 'RICE-5KG', name: 'Rice', unit: 'kg' }], errors: []
 */
export function importItems(input: string | readonly unknown[]): ImportResult<Item> {
  return validated(
    input,
    (c) => ({ ...c, ...(c.scale !== undefined ? { scale: intCell(c.scale) } : {}) }),
    parseItem,
    (i) => i.sku,
    'sku',
  );
}

/**
 * CSV columns of a location master file.
 * @example
 * LOCATION_CSV_COLUMNS.join(','); // 'id,name,type,ship,pickup,priority'
 */
export const LOCATION_CSV_COLUMNS = ['id', 'name', 'type', 'ship', 'pickup', 'priority'] as const;

/**
 * Imports locations from the ERP: CSV (header `id,name,type,ship,pickup,priority`; `ship`/`pickup`
 * as true/false, yes/no or 1/0) or JSON objects in core's `Location` shape. Validated by core
 * (`parseLocation`); bad rows and duplicated ids are reported per row.
 * @example
 * importLocations('id,name,type,ship,pickup,priority\nstore-12,Leeds,store,no,yes,2\n').rows;
 * // [{ id: 'store-12', name: 'Leeds', type: 'store', eligibility: { ship: false, pickup: true }, priority: 2 }]
 */
export function importLocations(input: string | readonly unknown[]): ImportResult<Location> {
  return validated(
    input,
    (c) => {
      const { ship, pickup, priority, ...rest } = c;
      const eligibility =
        ship === undefined && pickup === undefined
          ? {}
          : { eligibility: { ship: boolCell(ship) ?? false, pickup: boolCell(pickup) ?? false } };
      return { ...rest, ...eligibility, ...(priority !== undefined ? { priority: intCell(priority) } : {}) };
    },
    parseLocation,
    (l) => l.id,
    'location',
  );
}
