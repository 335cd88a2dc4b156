import type { PositionRecord } from './records';

/** The `positions` table's columns, in the order {@link positionRowValues} gives them (SQL stores). */
export const POSITION_COLUMNS =
  'sku, location, on_hand, damaged, quality_control, committed, reserved, incoming, in_transit, as_of, version';

/** JSON text for a JSON/TEXT column (`null` for an absent value). */
export const sqlJson = (v: unknown): string => JSON.stringify(v ?? null);

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
