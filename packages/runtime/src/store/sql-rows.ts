import type { PositionRecord, QuarantineInput, QuarantineRecord } from './records';

/** The `positions` table's columns, in the order {@link positionRowValues} gives them (SQL stores). */
export const POSITION_COLUMNS =
  'sku, location, on_hand, damaged, quality_control, committed, reserved, incoming, in_transit, as_of, version';

/** JSON text for a JSON/TEXT column (`null` for an absent value). */
export const sqlJson = (v: unknown): string => JSON.stringify(v ?? null);

/**
 * The path a quarantine entry keeps: a copy, or null when it points nowhere (absent or empty).
 * @example
 * quarantinePath(['data', 'qty']); // ['data', 'qty']; quarantinePath([]) → null
 */
export function quarantinePath(
  path: readonly (string | number)[] | null | undefined,
): (string | number)[] | null {
  return path && path.length > 0 ? [...path] : null;
}

/**
 * The record a new quarantine entry is stored as: an empty path and an absent principal are null,
 * no resubmissions yet, open. Shared by every store, so they store and answer the same thing.
 * @example
 * const rec = newQuarantineRecord(Number(info.lastInsertRowid), entry);
 */
export function newQuarantineRecord(id: number, entry: QuarantineInput): QuarantineRecord {
  return {
    id,
    raw: entry.raw,
    reasonCode: entry.reasonCode,
    message: entry.message,
    path: quarantinePath(entry.path),
    principal: entry.principal ?? null,
    resubmissions: 0,
    receivedAt: entry.receivedAt,
    resubmittedAt: null,
  };
}

/**
 * The bind values of one position row, in {@link POSITION_COLUMNS} order: quantities stay exact
 * decimal text, lots are JSON text. Shared by the SQLite and PostgreSQL stores.
 * @example
 * db.prepare(`INSERT INTO positions (${POSITION_COLUMNS}) VALUES (?,?,?,?,?,?,?,?,?,?,?)`).run(...positionRowValues(row));
 */
export function positionRowValues({ position: p, version }: PositionRecord): unknown[] {
  return [
    p.sku,
    p.location,
    p.onHand,
    p.damaged,
    p.qualityControl,
    p.committed,
    p.reserved,
    sqlJson(p.incoming),
    sqlJson(p.inTransit),
    p.asOf,
    version,
  ];
}
