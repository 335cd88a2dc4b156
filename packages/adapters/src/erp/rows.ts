import type { ErrorCode, ErrorPath } from '@omnistock/core';
import { parseCsvObjects } from '../common/csv';

/**
 * A bad import row: where it is, why it was refused, and the row as read.
 * @example
 * for (const e of importItems(csv).errors) console.log(`line ${e.line}: ${e.code} ${e.message}`);
 */
export interface RowError {
  /** The physical line (CSV, 1-based, header is line 1) or the 1-based array position (JSON). */
  readonly line: number;
  readonly code: ErrorCode;
  readonly message: string;
  /** The field at fault, when known. */
  readonly path?: ErrorPath;
  readonly raw: unknown;
}

/**
 * The outcome of an import: the rows that validated (in input order) and every refused row.
 * @example
 * const { rows, errors }: ImportResult<Item> = importItems(csv);
 */
export interface ImportResult<T> {
  readonly rows: T[];
  readonly errors: RowError[];
}

/**
 * Builds a row error.
 * @example
 * rowError(3, 'ITEM_UNKNOWN', 'no item with sku "X"', { sku: 'X' }, ['sku']);
 */
export function rowError(
  line: number,
  code: ErrorCode,
  message: string,
  raw: unknown,
  path?: ErrorPath,
): RowError {
  return { line, code, message, raw, ...(path !== undefined ? { path } : {}) };
}

/**
 * Refuses every row whose key occurs more than once (which copy is right is not the import's to
 * guess); returns the rows kept, in order.
 * @example
 * const kept = refuseDuplicates(rows, (r) => r.value.sku, errors, 'sku');
 */
export function refuseDuplicates<T>(
  rows: readonly { readonly line: number; readonly value: T; readonly raw: unknown }[],
  key: (value: T) => string,
  errors: RowError[],
  what: string,
): T[] {
  const lines = new Map<string, number[]>();
  for (const r of rows) lines.set(key(r.value), [...(lines.get(key(r.value)) ?? []), r.line]);
  const kept: T[] = [];
  for (const r of rows) {
    const at = lines.get(key(r.value)) ?? [];
    if (at.length > 1) {
      errors.push(
        rowError(
          r.line,
          'VALIDATION_FAILED',
          `${what} ${key(r.value)} appears on lines ${at.join(', ')}`,
          r.raw,
        ),
      );
    } else kept.push(r.value);
  }
  errors.sort((a, b) => a.line - b.line);
  return kept;
}

/**
 * One input row before validation.
 * @example
 * const rows: RawRow[] = readRows(csv, (cells) => cells, errors);
 */
export interface RawRow {
  readonly line: number;
  readonly value: unknown;
  readonly raw: unknown;
}

/**
 * Reads import rows from CSV text (with a header row; `fromCsv` turns the cells of a row into the
 * JSON shape) or from an array of JSON objects. CSV syntax problems and a non-array input become
 * row errors.
 * @example
 * const rows = readRows('sku,unit\nA,each\n', (v) => v, errors); // [{ line: 2, value: { sku: 'A', unit: 'each' }, ... }]
 */
export function readRows(
  input: string | readonly unknown[],
  fromCsv: (cells: Record<string, string>) => unknown,
  errors: RowError[],
): RawRow[] {
  if (typeof input === 'string') {
    const { rows, errors: syntax } = parseCsvObjects(input);
    for (const e of syntax)
      errors.push(rowError(e.line, 'VALIDATION_FAILED', `CSV: ${e.message}`, undefined));
    return rows.map((r) => ({ line: r.line, value: fromCsv(r.values), raw: r.values }));
  }
  if (!Array.isArray(input)) {
    errors.push(rowError(0, 'VALIDATION_FAILED', 'input must be CSV text or an array of rows', input));
    return [];
  }
  return input.map((value, i) => ({ line: i + 1, value, raw: value }));
}

/**
 * Turns a CSV cell into an integer when it is one (else leaves the text for the schema to refuse).
 * @example
 * intCell('3'); // 3
 */
export function intCell(v: string | undefined): number | string | undefined {
  return v !== undefined && /^-?\d+$/.test(v.trim()) ? Number(v.trim()) : v;
}

/**
 * Turns a CSV cell into a boolean (`true/false`, `yes/no`, `1/0`, `y/n`, any case) when it is one.
 * @example
 * boolCell('Yes'); // true
 */
export function boolCell(v: string | undefined): boolean | string | undefined {
  if (v === undefined) return undefined;
  const t = v.trim().toLowerCase();
  return ['true', 'yes', 'y', '1'].includes(t) ? true : ['false', 'no', 'n', '0'].includes(t) ? false : v;
}
