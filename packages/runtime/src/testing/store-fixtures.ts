import { asId, fail, type LocationId, Quantity, type Sku, type StockPositionJson } from '@omnistock/core';
import type { BusEvent } from '../bus/event-bus';
import type { InventoryStore, ReserveDecision, TransitionDecision } from '../store/inventory-store';
import { refKey, toStoredEvent } from '../store/kernel';
import type { PositionSnapshot, ReservationRecord, StoredEvent, Writes } from '../store/records';

/** A reservation line in the fixtures (items counted in `each`). */
export interface FixtureLine {
  readonly sku: string;
  readonly location: string;
  readonly qty: string;
}

const EACH = { unit: 'each', scale: 0 } as const;
const q = (text: string) => Quantity.of(text, EACH);

/**
 * An empty wire position.
 * @example
 * emptyRow('A', 'S1').onHand; // '0'
 */
export function emptyRow(sku: string, location: string): StockPositionJson {
  return {
    sku: asId<Sku>(sku),
    location: asId<LocationId>(location),
    onHand: '0',
    damaged: '0',
    qualityControl: '0',
    committed: '0',
    reserved: '0',
    incoming: [],
    inTransit: [],
    asOf: null,
  };
}

/**
 * `free` of a wire position at scale 0: `onHand − max(damaged, 0) − max(qualityControl, 0) −
 * committed − reserved` (a negative unsellable subset is an exception and counts as 0, DESIGN §3).
 * @example
 * freeOf({ ...emptyRow('A', 'S1'), onHand: '5', reserved: '2' }).toString(); // '3'
 */
export function freeOf(p: StockPositionJson): Quantity {
  const zero = Quantity.zero(EACH);
  const unsellable = q(p.damaged).max(zero).add(q(p.qualityControl).max(zero));
  return q(p.onHand).sub(unsellable).sub(q(p.committed)).sub(q(p.reserved));
}

/**
 * A `stock.received` event for the fixtures.
 * @example
 * toStoredEvent(receivedEvent('e1', 'A', 'S1', '5'));
 */
export function receivedEvent(id: string, sku: string, location: string, qty: string): BusEvent {
  return {
    id,
    type: 'omnistock.stock.received.v1',
    source: 'test/store-contract',
    time: '2026-01-01T00:00:00.000Z',
    subject: sku,
    partitionkey: sku,
    data: { sku, location, qty },
  };
}

/**
 * A projection for the fixtures: `stock.received` adds to onHand.
 * @example
 * await store.append({ events, positions, project: projectReceipts });
 */
export function projectReceipts(fresh: readonly StoredEvent[], rows: PositionSnapshot): Writes {
  const next = new Map<string, StockPositionJson>();
  for (const e of fresh) {
    const d = e.payload.data as FixtureLine;
    const key = refKey(d);
    const cur = next.get(key) ?? rows.get(key)?.position ?? emptyRow(d.sku, d.location);
    next.set(key, { ...cur, onHand: q(cur.onHand).add(q(d.qty)).toString(), asOf: e.time });
  }
  return { positions: [...next.values()] };
}

/**
 * Puts `qty` on hand at a position through an idempotent append.
 * @example
 * await seedStock(store, 'A', 'S1', '100');
 */
export async function seedStock(store: InventoryStore, sku: string, location: string, qty: string) {
  const r = await store.append({
    events: [toStoredEvent(receivedEvent(`seed-${sku}-${location}-${qty}`, sku, location, qty))],
    positions: [{ sku, location }],
    project: projectReceipts,
  });
  if (!r.ok) throw new Error(r.error.message);
}

/**
 * A pure hold decision: every line must fit in `free`, else `INSUFFICIENT_STOCK` (all-or-nothing).
 * @example
 * await store.reserve({ positions: lines, decide: holdDecision('r1', lines) });
 */
export function holdDecision(
  id: string,
  lines: readonly FixtureLine[],
  expiresAt = '2030-01-01T00:00:00.000Z',
): (rows: PositionSnapshot) => ReserveDecision {
  return (rows) => {
    const next = new Map<string, StockPositionJson>();
    for (const line of lines) {
      const key = refKey(line);
      const cur = next.get(key) ?? rows.get(key)?.position ?? emptyRow(line.sku, line.location);
      const available = freeOf(cur);
      if (available.lt(q(line.qty))) {
        return fail('INSUFFICIENT_STOCK', `not enough ${line.sku} at ${line.location}`, {
          details: {
            sku: line.sku,
            location: line.location,
            requested: line.qty,
            available: available.toString(),
          },
        });
      }
      next.set(key, { ...cur, reserved: q(cur.reserved).add(q(line.qty)).toString() });
    }
    const event: BusEvent = {
      id: `${id}/held`,
      type: 'omnistock.reservation.held.v1',
      source: 'test/store-contract',
      time: '2026-01-01T00:00:00.000Z',
      subject: id,
      data: { reservationId: id, channel: 'web', lines, expiresAt },
    };
    return {
      ok: true,
      reservation: { id, state: 'held', lines, expiresAt, data: { channel: 'web' } },
      positions: [...next.values()],
      outbox: [event],
    };
  };
}

/**
 * A pure release decision: gives the held quantities back.
 * @example
 * await store.transition({ reservationId: 'r1', positions: lines, decide: releaseDecision() });
 */
export function releaseDecision(): (r: ReservationRecord, rows: PositionSnapshot) => TransitionDecision {
  return (r, rows) => {
    if (r.state !== 'held') return fail('INVALID_TRANSITION', `cannot release a ${r.state} reservation`);
    const next = new Map<string, StockPositionJson>();
    for (const line of r.lines as FixtureLine[]) {
      const key = refKey(line);
      const cur = next.get(key) ?? rows.get(key)?.position ?? emptyRow(line.sku, line.location);
      next.set(key, { ...cur, reserved: q(cur.reserved).sub(q(line.qty)).toString() });
    }
    return {
      ok: true,
      reservation: { state: 'released', lines: r.lines, expiresAt: null, data: r.data },
      positions: [...next.values()],
    };
  };
}
