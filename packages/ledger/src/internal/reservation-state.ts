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
  transfers: Map<string, { sku: Sku; from: LocationId; to: LocationId; q: number }> | null;
  /** What it currently adds to positions. */
  contribution: readonly Contribution[];
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

/** Line quantities after transfers, by `sku|location`. */
export function linesOf(r: ReservationState): Map<string, HeldLine> {
  const out = new Map<string, HeldLine>();
  const add = (sku: Sku, location: LocationId, q: number) => {
    const k = `${sku}|${location}`;
    const prev = out.get(k);
    out.set(k, { sku, location, q: (prev?.q ?? 0) + q });
  };
  for (const l of r.held?.lines ?? []) add(l.sku, l.location, l.q);
  for (const t of r.transfers?.values() ?? []) {
    add(t.sku, t.from, -t.q);
    add(t.sku, t.to, t.q);
  }
  return out;
}
