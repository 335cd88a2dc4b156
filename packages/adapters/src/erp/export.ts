import {
  ChannelIdSchema,
  free,
  LocationIdSchema,
  NonNegativeDecimalSchema,
  PositiveDecimalSchema,
  Quantity,
  sellable,
  SkuSchema,
  type StockPosition,
} from '@omnistock/core';
import { z } from 'zod';
import { writeCsv } from '../common/csv';
import type { AdapterQuarantine } from '../common/result';
import { validatePayload } from '../internal/validate';

/**
 * A position to export, with the ATP of each channel when the planner wants it.
 * @example
 * const row: PlanningAvailabilityRow = { position, atp: { 'marketplace-amazon': '4' } };
 */
export interface PlanningAvailabilityRow {
  readonly position: StockPosition;
  /** Channel → ATP (decimal string) as the ATP engine computed it. */
  readonly atp?: Readonly<Record<string, string>>;
}

function compare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/**
 * The availability export for planning (CSV, RFC 4180): one row per sku × location with every
 * bucket, the derived sellable and free (negative = oversold, shown as is), the totals of incoming
 * and in-transit lots, asOf, and one `atp:<channel>` column per channel present. Sorted by sku, then
 * location.
 * @example
 * planningAvailabilityCsv([{ position, atp: { 'marketplace-amazon': '4' } }]);
 * // 'sku,location,onHand,damaged,qualityControl,sellable,committed,reserved,free,incoming,inTransit,asOf,atp:marketplace-amazon\r\n…'
 */
export function planningAvailabilityCsv(rows: readonly PlanningAvailabilityRow[]): string {
  const channels = [...new Set(rows.flatMap((r) => Object.keys(r.atp ?? {})))].sort(compare);
  const sorted = [...rows].sort(
    (a, b) => compare(a.position.sku, b.position.sku) || compare(a.position.location, b.position.location),
  );
  const head = [
    'sku',
    'location',
    'onHand',
    'damaged',
    'qualityControl',
    'sellable',
    'committed',
    'reserved',
    'free',
    'incoming',
    'inTransit',
    'asOf',
    ...channels.map((c) => `atp:${c}`),
  ];
  return writeCsv([
    head,
    ...sorted.map(({ position: p, atp }) => [
      p.sku,
      p.location,
      p.onHand.toString(),
      p.damaged.toString(),
      p.qualityControl.toString(),
      sellable(p).toString(),
      p.committed.toString(),
      p.reserved.toString(),
      free(p).toString(),
      Quantity.sum(
        p.incoming.map((l) => l.qty),
        p.onHand.spec,
      ).toString(),
      Quantity.sum(
        p.inTransit.map((l) => l.qty),
        p.onHand.spec,
      ).toString(),
      p.asOf ?? '',
      ...channels.map((c) => atp?.[c] ?? ''),
    ]),
  ]);
}

/**
 * A reservation line to export for planning (the shape is independent of the reservation book's internals).
 * @example
 * ReservationExportRowSchema.safeParse({ reservationId: 'res-1', state: 'held', channel: 'pos', sku: 'MUG-1',
 *   location: 'dc-1', qty: '1', fulfilledQty: '0' }).success; // true
 */
export const ReservationExportRowSchema = z.strictObject({
  reservationId: z.string().min(1).max(128),
  state: z.enum(['held', 'committed', 'fulfilled', 'released', 'expired']),
  channel: ChannelIdSchema,
  sku: SkuSchema,
  location: LocationIdSchema,
  qty: PositiveDecimalSchema,
  fulfilledQty: NonNegativeDecimalSchema,
  expiresAt: z.iso.datetime({ offset: true }).optional(),
  orderRef: z.string().max(256).optional(),
});
/**
 * A reservation line for the planning export, as given.
 * @example
 * const row: ReservationExportRow = { reservationId: 'res-1', state: 'held', channel: 'pos', sku: 'MUG-1',
 *   location: 'dc-1', qty: '1', fulfilledQty: '0' };
 */
export type ReservationExportRow = z.input<typeof ReservationExportRowSchema>;

/**
 * CSV columns of the reservation export.
 * @example
 * RESERVATION_CSV_COLUMNS[0]; // 'reservationId'
 */
export const RESERVATION_CSV_COLUMNS = [
  'reservationId',
  'state',
  'channel',
  'sku',
  'location',
  'qty',
  'fulfilledQty',
  'expiresAt',
  'orderRef',
] as const;

/**
 * The reservation export for planning (CSV): one row per reservation line, sorted by sku,
 * location, reservation id. Rows that do not validate are left out of the CSV and returned in
 * `quarantined` with their reason.
 * @example
 * const { csv, quarantined } = planningReservationsCsv([{ reservationId: 'res-1', state: 'held',
 *   channel: 'ecommerce', sku: 'MUG-1', location: 'dc-1', qty: '2', fulfilledQty: '0',
 *   expiresAt: '2026-03-01T10:15:00Z' }]);
 */
export function planningReservationsCsv(rows: readonly unknown[]): {
  csv: string;
  quarantined: AdapterQuarantine[];
} {
  const good: z.output<typeof ReservationExportRowSchema>[] = [];
  const quarantined: AdapterQuarantine[] = [];
  rows.forEach((row, i) => {
    const v = validatePayload(ReservationExportRowSchema, row, 'erp/export', `reservation row ${i}`);
    if (v.ok) good.push(v.value);
    else quarantined.push(v.quarantine);
  });
  good.sort(
    (a, b) =>
      compare(a.sku, b.sku) || compare(a.location, b.location) || compare(a.reservationId, b.reservationId),
  );
  const csv = writeCsv([
    RESERVATION_CSV_COLUMNS,
    ...good.map((r) => RESERVATION_CSV_COLUMNS.map((c) => r[c])),
  ]);
  return { csv, quarantined };
}
