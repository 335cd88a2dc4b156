import type {
  ChannelId,
  EventData,
  LocationGroupId,
  LocationId,
  Quantity,
  ReservationId,
  Sku,
} from '@omnistock/core';
import type { ReservationState, ReservationView } from './wire';

/** An allocated line: a sku at one location, with the quantity already consumed. */
export interface ReservationLine {
  readonly sku: Sku;
  readonly location: LocationId;
  /** The group it was allocated from, when requested against a group. */
  readonly group?: LocationGroupId;
  readonly qty: Quantity;
  readonly fulfilledQty: Quantity;
}

/** A reservation (the domain form, exact quantities). Immutable: transitions return a new one. */
export interface Reservation {
  readonly id: ReservationId;
  readonly channel: ChannelId;
  readonly state: ReservationState;
  readonly lines: readonly ReservationLine[];
  /** Expiry of a hold; null once committed or resolved. */
  readonly expiresAt: string | null;
  readonly orderRef?: string;
  readonly createdAt: string;
  readonly updatedAt: string;
  readonly resolvedAt?: string;
  readonly reason?: string;
  /** Starts at 1, +1 per transition: the ETag for `If-Match`. */
  readonly version: number;
}

/** The reservation event types this package emits. */
export type ReservationEventType =
  | 'omnistock.reservation.held.v1'
  | 'omnistock.reservation.committed.v1'
  | 'omnistock.reservation.extended.v1'
  | 'omnistock.reservation.released.v1'
  | 'omnistock.reservation.expired.v1'
  | 'omnistock.reservation.fulfilled.v1'
  | 'omnistock.reservation.transferred.v1';

/** An event to emit: a core event type and its v1 payload (wrap it in a CloudEvent to publish). */
export type ReservationEmission = {
  [T in ReservationEventType]: { readonly type: T; readonly data: EventData<T> };
}[ReservationEventType];

/** Terminal states: a reservation in one of them accepts no command. */
export const TERMINAL_STATES: ReadonlySet<ReservationState> = new Set(['fulfilled', 'released', 'expired']);

/**
 * Whether a state is terminal.
 * @example
 * isTerminal('released'); // true
 */
export function isTerminal(state: ReservationState): boolean {
  return TERMINAL_STATES.has(state);
}

/**
 * The quantity of a line not yet consumed.
 * @example
 * remainingOf(line).toString(); // '2'
 */
export function remainingOf(line: ReservationLine): Quantity {
  return line.qty.sub(line.fulfilledQty);
}

/**
 * The JSON view of a reservation (quantities as decimal strings).
 * @example
 * toView(reservation).lines[0]?.fulfilledQty; // '0'
 */
export function toView(r: Reservation): ReservationView {
  return {
    id: r.id,
    channel: r.channel,
    state: r.state,
    lines: r.lines.map((l) => ({
      sku: l.sku,
      location: l.location,
      ...(l.group !== undefined ? { group: l.group } : {}),
      qty: l.qty.toString(),
      fulfilledQty: l.fulfilledQty.toString(),
    })),
    expiresAt: r.expiresAt,
    ...(r.orderRef !== undefined ? { orderRef: r.orderRef } : {}),
    createdAt: r.createdAt,
    updatedAt: r.updatedAt,
    ...(r.resolvedAt !== undefined ? { resolvedAt: r.resolvedAt } : {}),
    ...(r.reason !== undefined ? { reason: r.reason } : {}),
    version: r.version,
  };
}
