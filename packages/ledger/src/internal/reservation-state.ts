import type { ChannelId, LocationId, Sku } from '@omnistock/core';

/** A dated event reference, ordered by (t, id). */
export interface Stamp {
  readonly t: number;
  readonly id: string;
}

export interface HeldLine {
  readonly sku: Sku;
  readonly location: LocationId;
  readonly q: number;
}

/**
 * The ledger's view of one reservation, as a function of the set of its events (so any delivery
 * order converges): the held lines, transfers, whether it was committed, terminal events.
 */
export interface ReservationState {
  readonly id: string;
  held: (Stamp & { channel: ChannelId; lines: HeldLine[]; expiresAt: string }) | null;
  committed: Stamp | null;
  extended: (Stamp & { expiresAt: string }) | null;
  /** released / expired / fulfilled(complete) events: the earliest (t, id) is the resolution. */
  readonly terminals: (Stamp & { state: 'released' | 'expired' | 'fulfilled' })[];
  /** Transfer events by id (created on the first one). */
  transfers: Map<string, Transfer> | null;
  /** What it currently adds to positions. */
  contribution: readonly Contribution[];
}

/** A `reservation.transferred` event: move `q` of `sku` from one line location to another. */
export interface Transfer extends Stamp {
  readonly sku: Sku;
  readonly from: LocationId;
  readonly to: LocationId;
  readonly q: number;
}

/** A quantity a reservation adds to one bucket of one position. */
export interface Contribution {
  readonly bucket: 'reserved' | 'committed';
  readonly q: number;
  readonly sku: Sku;
  readonly location: LocationId;
}

export function newReservation(id: string): ReservationState {
  return {
    id,
    held: null,
    committed: null,
    extended: null,
    terminals: [],
    transfers: null,
    contribution: [],
  };
}

export function earlier(a: Stamp, b: Stamp | null): boolean {
  return b === null || a.t < b.t || (a.t === b.t && a.id < b.id);
}

/** The state the events put it in (`pending` until its `held` event arrives). */
export function stateOf(
  r: ReservationState,
): 'pending' | 'held' | 'committed' | 'released' | 'expired' | 'fulfilled' {
  let win: ReservationState['terminals'][number] | null = null;
  for (const t of r.terminals) if (earlier(t, win)) win = t;
  if (win) return win.state;
  if (!r.held) return 'pending';
  return r.committed ? 'committed' : 'held';
}

/**
 * Line quantities after transfers, by `sku|location`. Transfers apply in (time, id) order, and each
 * moves at most what remains on its `from` line (the line less what `consumed` says was already
 * sold or shipped there against this reservation): a transfer that names more than that, or a line
 * the reservation does not have, moves only what is there. Reserved stock is never created out of
 * nothing and a line never goes below zero, whatever a producer sends and in whatever order it
 * arrives (the result is a function of the set of events).
 */
export function linesOf(
  r: ReservationState,
  consumed: (sku: Sku, location: LocationId) => number = () => 0,
): Map<string, HeldLine> {
  const out = new Map<string, HeldLine>();
  const add = (sku: Sku, location: LocationId, q: number) => {
    const k = `${sku}|${location}`;
    const prev = out.get(k);
    out.set(k, { sku, location, q: (prev?.q ?? 0) + q });
  };
  for (const l of r.held?.lines ?? []) add(l.sku, l.location, l.q);
  if (r.transfers === null || r.transfers.size === 0) return out;
  const ordered = [...r.transfers.values()].sort((a, b) => (earlier(a, b) ? -1 : earlier(b, a) ? 1 : 0));
  for (const t of ordered) {
    const from = out.get(`${t.sku}|${t.from}`)?.q ?? 0;
    const moved = Math.min(t.q, Math.max(0, from - consumed(t.sku, t.from)));
    if (moved <= 0 || t.from === t.to) continue;
    add(t.sku, t.from, -moved);
    add(t.sku, t.to, moved);
  }
  return out;
}
