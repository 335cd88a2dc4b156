import { type Item, itemSpec, Quantity } from '@omnistock/core';
import type { ReservationView } from '@omnistock/reservations';
import type { IngestResult } from './types';

/** One line to fulfil on a reservation. @internal */
export interface SaleLine {
  readonly sku: string;
  readonly location: string;
  readonly qty: string;
}

/**
 * A POS sale (or shipment) that names a live reservation consumes it: besides the stock movement
 * the ledger applies, the reservation itself must record the fulfilment, or a collected pickup
 * would later read `expired`. This returns the line to fulfil — the sale's quantity, capped at what
 * remains on the matching line — or undefined when the sale names no live reservation line.
 * The ledger counts max(sales naming a reservation, its fulfilled lines) per position, so the
 * follow-up `fulfil` never decrements onHand a second time. Only sales the ledger *applied* are
 * settled (a duplicate was settled the first time; an absorbed one is already in a later count).
 * @internal
 */
export function saleFulfilment(
  raw: unknown,
  result: IngestResult | undefined,
  view: ReservationView | undefined,
  items: ReadonlyMap<string, Item>,
): SaleLine | undefined {
  if (result?.status !== 'accepted' || result.outcome !== 'applied') return undefined;
  if (view === undefined || (view.state !== 'held' && view.state !== 'committed')) return undefined;
  const e = raw as { type?: unknown; data?: { sku?: string; location?: string; qty?: string } };
  if (e.type !== 'omnistock.sale.recorded.v1' || !e.data?.sku || !e.data.location || !e.data.qty)
    return undefined;
  const { sku, location, qty } = e.data;
  const item = items.get(sku);
  const line = view.lines.find((l) => l.sku === sku && l.location === location);
  if (!item || !line) return undefined;
  const spec = itemSpec(item);
  const remaining = Quantity.of(line.qty, spec).sub(Quantity.of(line.fulfilledQty, spec));
  const take = Quantity.of(qty, spec).min(remaining);
  return take.isPositive() ? { sku, location, qty: take.toString() } : undefined;
}

/** The reservation a sale event names, if any. @internal */
export function namedReservation(raw: unknown): string | undefined {
  const e = raw as { type?: unknown; data?: { reservationId?: unknown } };
  return e.type === 'omnistock.sale.recorded.v1' && typeof e.data?.reservationId === 'string'
    ? e.data.reservationId
    : undefined;
}
