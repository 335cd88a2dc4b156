import { createHash } from 'node:crypto';
import {
  asId,
  type ChannelId,
  type Item,
  itemSpec,
  type LocationGroupId,
  type LocationId,
  Quantity,
  type ReservationId,
  type Sku,
} from '@omnistock/core';
import type { Reservation, ReservationView } from '@omnistock/reservations';
import { canonicalJson } from '../store/kernel';
import type { PositionRef } from '../store/records';

/**
 * The domain reservation back from its stored JSON view (quantities at each item's scale).
 * @example
 * const r = fromView(record.data as ReservationView, (sku) => items.get(sku));
 */
export function fromView(view: ReservationView, findItem: (sku: string) => Item | undefined): Reservation {
  const spec = (sku: string) => {
    const item = findItem(sku);
    return item ? itemSpec(item) : { unit: 'each', scale: 0 };
  };
  return {
    id: asId<ReservationId>(view.id),
    channel: asId<ChannelId>(view.channel),
    state: view.state,
    lines: view.lines.map((l) => ({
      sku: asId<Sku>(l.sku),
      location: asId<LocationId>(l.location),
      ...(l.group !== undefined ? { group: asId<LocationGroupId>(l.group) } : {}),
      qty: Quantity.of(l.qty, spec(l.sku)),
      fulfilledQty: Quantity.of(l.fulfilledQty, spec(l.sku)),
    })),
    expiresAt: view.expiresAt,
    ...(view.orderRef !== undefined ? { orderRef: view.orderRef } : {}),
    createdAt: view.createdAt,
    updatedAt: view.updatedAt,
    ...(view.resolvedAt !== undefined ? { resolvedAt: view.resolvedAt } : {}),
    ...(view.reason !== undefined ? { reason: view.reason } : {}),
    version: view.version,
  };
}

/**
 * The position rows of a reservation's lines.
 * @example
 * linesRefs(view.lines); // [{ sku: 'A', location: 'S1' }]
 */
export function lineRefs(lines: readonly unknown[]): PositionRef[] {
  return lines.flatMap((l) => {
    const line = l as { sku?: unknown; location?: unknown };
    return typeof line.sku === 'string' && typeof line.location === 'string'
      ? [{ sku: line.sku, location: line.location }]
      : [];
  });
}

/**
 * The hash an idempotency record keeps of a command: SHA-256 of its canonical JSON.
 * @example
 * payloadHash({ type: 'commit', reservationId: 'r1' });
 */
export function payloadHash(command: unknown): string {
  return createHash('sha256').update(canonicalJson(command)).digest('hex');
}

/**
 * The first path at which two JSON values differ (`lines[0].qty`), or undefined when equal.
 * @example
 * firstDifference({ a: [1, 2] }, { a: [1, 3] }); // 'a[1]'
 */
export function firstDifference(a: unknown, b: unknown, path = ''): string | undefined {
  if (a === b) return undefined;
  if (typeof a !== 'object' || typeof b !== 'object' || a === null || b === null) return path || '(value)';
  if (Array.isArray(a) !== Array.isArray(b)) return path || '(value)';
  if (Array.isArray(a) && Array.isArray(b)) {
    for (let i = 0; i < Math.max(a.length, b.length); i++) {
      const d = firstDifference(a[i], b[i], `${path}[${i}]`);
      if (d !== undefined) return d;
    }
    return undefined;
  }
  const ra = a as Record<string, unknown>;
  const rb = b as Record<string, unknown>;
  for (const k of [...new Set([...Object.keys(ra), ...Object.keys(rb)])].sort()) {
    const d = firstDifference(ra[k], rb[k], path === '' ? k : `${path}.${k}`);
    if (d !== undefined) return d;
  }
  return undefined;
}
