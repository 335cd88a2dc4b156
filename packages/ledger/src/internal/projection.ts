import {
  type Item,
  itemSpec,
  type LocationId,
  type OmnistockEvent,
  parseMinor,
  positionKey,
  Quantity,
  type Sku,
  type StockPosition,
} from '@omnistock/core';
import type { IngestStatus, Notice } from '../ledger';
import { parseInstant } from './instant';
import {
  applyCount,
  applyDelta,
  applyLinked,
  bucket,
  consumedBy,
  newPosition,
  type PositionState,
  refreshLots,
  touch,
} from './position-state';
import {
  type Contribution,
  earlier,
  type HeldLine,
  linesOf,
  newReservation,
  type ReservationState,
  stateOf,
} from './reservation-state';

/** Recently parsed quantity texts by scale: the same few texts ('1', '2.5') recur in every stream. */
const minorCache: Map<string, number>[] = [];
const MINOR_CACHE_LIMIT = 4096;

const toMinor = (s: string, scale: number): number => {
  let cache = minorCache[scale];
  if (cache === undefined) {
    cache = new Map();
    minorCache[scale] = cache;
  }
  let v = cache.get(s);
  if (v === undefined) {
    const m = parseMinor(s, scale);
    v = m.ok ? m.value : 0;
    if (cache.size >= MINOR_CACHE_LIMIT) cache.clear();
    cache.set(s, v);
  }
  return v;
};

/**
 * The projection rules of DESIGN §6 (a `Ledger`'s positions and reservations): applies one
 * validated, deduplicated event. The ledger owns validation, dedupe, quarantine and sequences.
 */
export class Projection {
  readonly positionsByKey = new Map<string, PositionState>();
  /** The same positions by sku, then location: the hot-path lookup (no key string to build and hash). */
  private readonly positionsBySku = new Map<string, Map<string, PositionState>>();
  readonly reservationsById = new Map<string, ReservationState>();
  /** Observations that did not change the projection. */
  readonly notices: Notice[] = [];

  constructor(private readonly findItem: (sku: string) => Item | undefined) {}

  pos(sku: string, location: string): PositionState {
    let atSku = this.positionsBySku.get(sku);
    if (!atSku) {
      atSku = new Map();
      this.positionsBySku.set(sku, atSku);
    }
    let p = atSku.get(location);
    if (!p) {
      const item = this.findItem(sku) as Item;
      p = newPosition(sku as Sku, location as LocationId, itemSpec(item));
      atSku.set(location, p);
      this.positionsByKey.set(positionKey(sku, location), p);
    }
    return p;
  }

  res(id: string): ReservationState {
    let r = this.reservationsById.get(id);
    if (!r) {
      r = newReservation(id);
      this.reservationsById.set(id, r);
    }
    return r;
  }

  apply(e: OmnistockEvent): IngestStatus {
    const t = parseInstant(e.time);
    const id = e.id;
    // a plain switch (exhaustive through `never`), not ts-pattern: this is the hot path (see bench)
    switch (e.type) {
      case 'omnistock.stock.received.v1': {
        const d = e.data;
        const p = this.pos(d.sku, d.location);
        const q = toMinor(d.qty, p.spec.scale);
        if (d.supplyId !== undefined) {
          this.supplyOf(p, d.supplyId).received.set(id, { t, q });
          refreshLots(p, d.supplyId, undefined);
        }
        return this.movement(p, t, e.time, id, q, 0, 0);
      }
      case 'omnistock.stock.adjusted.v1': {
        const d = e.data;
        const p = this.pos(d.sku, d.location);
        const q = toMinor(d.delta, p.spec.scale);
        if (d.compareFrom !== undefined && toMinor(d.compareFrom, p.spec.scale) !== bucket(p, 0)) {
          this.notices.push({
            kind: 'compareFromMismatch',
            eventId: id,
            message: `compareFrom ${d.compareFrom} but onHand was ${Quantity.fromMinor(bucket(p, 0), p.spec).toString()}`,
          });
        }
        return this.movement(
          p,
          t,
          e.time,
          id,
          q,
          d.status === 'damaged' ? q : 0,
          d.status === 'qualityControl' ? q : 0,
        );
      }
      case 'omnistock.stock.counted.v1': {
        const d = e.data;
        const p = this.pos(d.sku, d.location);
        touch(p, t, e.time);
        const s = p.spec.scale;
        const values = [
          toMinor(d.onHand, s),
          d.damaged === undefined ? undefined : toMinor(d.damaged, s),
          d.qualityControl === undefined ? undefined : toMinor(d.qualityControl, s),
        ];
        return applyCount(p, id, t, values) ? 'applied' : 'absorbed';
      }
      case 'omnistock.stock.statusChanged.v1': {
        const d = e.data;
        const p = this.pos(d.sku, d.location);
        const q = toMinor(d.qty, p.spec.scale);
        const damaged = (d.to === 'damaged' ? q : 0) - (d.from === 'damaged' ? q : 0);
        const qualityControl = (d.to === 'qualityControl' ? q : 0) - (d.from === 'qualityControl' ? q : 0);
        return this.movement(p, t, e.time, id, 0, damaged, qualityControl);
      }
      case 'omnistock.sale.recorded.v1': {
        const d = e.data;
        const p = this.pos(d.sku, d.location);
        const q = toMinor(d.qty, p.spec.scale);
        // `0 - q`, not `-q`: a negation may give -0, so V8 would store it as a boxed double
        if (d.reservationId === undefined) return this.movement(p, t, e.time, id, 0 - q, 0, 0);
        touch(p, t, e.time);
        const absorbed = applyLinked(p, d.reservationId, 's', id, { t, q });
        this.recomputeReservation(this.res(d.reservationId));
        return absorbed ? 'absorbed' : 'applied';
      }
      case 'omnistock.return.received.v1': {
        const d = e.data;
        const p = this.pos(d.sku, d.location);
        const q = toMinor(d.qty, p.spec.scale);
        return this.movement(
          p,
          t,
          e.time,
          id,
          q,
          d.disposition === 'damaged' ? q : 0,
          d.disposition === 'qualityControl' ? q : 0,
        );
      }
      case 'omnistock.transfer.shipped.v1': {
        const d = e.data;
        const to = this.pos(d.sku, d.to);
        const q = toMinor(d.qty, to.spec.scale);
        touch(to, t, e.time);
        const tr = this.transitOf(to, d.transferId);
        const sh = tr.shipped;
        if (!sh || t > sh.t || (t === sh.t && id > sh.id))
          tr.shipped = { t, id, q, eta: d.eta, from: d.from };
        refreshLots(to, undefined, d.transferId);
        return this.movement(this.pos(d.sku, d.from), t, e.time, id, 0 - q, 0, 0);
      }
      case 'omnistock.transfer.received.v1': {
        const d = e.data;
        const to = this.pos(d.sku, d.to);
        const q = toMinor(d.qty, to.spec.scale);
        this.transitOf(to, d.transferId).received.set(id, q);
        refreshLots(to, undefined, d.transferId);
        return this.movement(to, t, e.time, id, q, 0, 0);
      }
      case 'omnistock.supply.expected.v1': {
        const d = e.data;
        const p = this.pos(d.sku, d.location);
        touch(p, t, e.time);
        const s = this.supplyOf(p, d.supplyId);
        const next = { t, id, q: toMinor(d.qty, p.spec.scale), eta: d.eta };
        if (!s.expected || t > s.expected.t || (t === s.expected.t && id > s.expected.id)) s.expected = next;
        refreshLots(p, d.supplyId, undefined);
        return 'applied';
      }
      case 'omnistock.reservation.held.v1': {
        const d = e.data;
        const r = this.res(d.reservationId);
        const lines: HeldLine[] = [];
        for (const l of d.lines) {
          const q = toMinor(l.qty, this.pos(l.sku, l.location).spec.scale);
          lines.push({ sku: l.sku, location: l.location, q });
        }
        // a literal, not `{ ...stamp, … }`: V8 gives each spread result a map of its own
        if (earlier({ t, id }, r.held)) r.held = { t, id, channel: d.channel, expiresAt: d.expiresAt, lines };
        return this.recomputeReservation(r);
      }
      case 'omnistock.reservation.committed.v1': {
        const d = e.data;
        const r = this.res(d.reservationId);
        if (earlier({ t, id }, r.committed)) r.committed = { t, id };
        return this.recomputeReservation(r);
      }
      case 'omnistock.reservation.extended.v1': {
        const d = e.data;
        const r = this.res(d.reservationId);
        if (!r.extended || t > r.extended.t || (t === r.extended.t && id > r.extended.id)) {
          r.extended = { t, id, expiresAt: d.expiresAt };
        }
        return 'applied';
      }
      case 'omnistock.reservation.released.v1': {
        const d = e.data;
        return this.terminal(this.res(d.reservationId), { t, id, state: 'released' });
      }
      case 'omnistock.reservation.expired.v1': {
        const d = e.data;
        return this.terminal(this.res(d.reservationId), { t, id, state: 'expired' });
      }
      case 'omnistock.reservation.fulfilled.v1': {
        const d = e.data;
        const r = this.res(d.reservationId);
        let anyLive = false;
        for (const l of d.lines) {
          const p = this.pos(l.sku, l.location);
          touch(p, t, e.time);
          const q = toMinor(l.qty, p.spec.scale);
          if (!applyLinked(p, d.reservationId, 'f', id, { t, q })) anyLive = true;
        }
        if (d.complete) return this.terminal(r, { t, id, state: 'fulfilled' }, anyLive);
        this.recomputeReservation(r);
        return anyLive ? 'applied' : 'absorbed';
      }
      case 'omnistock.reservation.transferred.v1': {
        const d = e.data;
        const r = this.res(d.reservationId);
        const q = toMinor(d.qty, this.pos(d.sku, d.from).spec.scale);
        this.pos(d.sku, d.to);
        r.transfers ??= new Map();
        r.transfers.set(id, { t, id, sku: d.sku, from: d.from, to: d.to, q });
        return this.recomputeReservation(r);
      }
      case 'omnistock.availability.changed.v1':
        return 'ignored';
      default: {
        const unreachable: never = e;
        return unreachable;
      }
    }
  }

  /** Applies a dated movement (onHand, damaged, qualityControl) to a position. */
  private movement(
    p: PositionState,
    t: number,
    time: string,
    id: string,
    c0: number,
    c1: number,
    c2: number,
  ): IngestStatus {
    touch(p, t, time);
    return applyDelta(p, { t, id, c0, c1, c2 }) ? 'absorbed' : 'applied';
  }

  private terminal(
    r: ReservationState,
    stamp: { t: number; id: string; state: 'released' | 'expired' | 'fulfilled' },
    live = true,
  ): IngestStatus {
    if (r.terminals.length > 0) {
      this.notices.push({
        kind: 'reservationResolvedTwice',
        eventId: stamp.id,
        message: `reservation ${r.id} already resolved; the earliest resolution wins`,
      });
    }
    r.terminals.push(stamp);
    this.recomputeReservation(r);
    return live ? 'applied' : 'absorbed';
  }

  private supplyOf(p: PositionState, supplyId: string) {
    if (p.supply === null) p.supply = new Map();
    const supply = p.supply;
    let s = supply.get(supplyId);
    if (!s) {
      s = { expected: null, received: new Map() };
      supply.set(supplyId, s);
    }
    return s;
  }

  private transitOf(p: PositionState, transferId: string) {
    if (p.transit === null) p.transit = new Map();
    const transit = p.transit;
    let s = transit.get(transferId);
    if (!s) {
      s = { shipped: null, received: new Map() };
      transit.set(transferId, s);
    }
    return s;
  }

  /** Re-derives what a reservation adds to the reserved/committed buckets and applies the change. */
  private recomputeReservation(r: ReservationState): 'applied' {
    const state = stateOf(r);
    const next: Contribution[] = [];
    if (state === 'held' || state === 'committed') {
      const b = state === 'held' ? 'reserved' : 'committed';
      const consumed = (sku: string, location: string) => consumedBy(this.pos(sku, location), r.id);
      for (const line of linesOf(r, consumed).values()) {
        const rem = line.q - consumedBy(this.pos(line.sku, line.location), r.id);
        if (rem > 0) next.push({ bucket: b, q: rem, sku: line.sku, location: line.location });
      }
    }
    for (const c of r.contribution) this.pos(c.sku, c.location)[c.bucket] -= c.q;
    for (const c of next) this.pos(c.sku, c.location)[c.bucket] += c.q;
    r.contribution = next;
    return 'applied';
  }
}

export function cmp(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** A position's state as the public {@link StockPosition}. */
export function toPosition(p: PositionState): StockPosition {
  const q = (m: number) => Quantity.fromMinor(m, p.spec);
  const incoming = [...(p.openSupply ?? [])]
    .sort(([a], [b]) => cmp(a, b))
    .map(([id, open]) => ({ id, qty: q(open), eta: p.supply!.get(id)!.expected!.eta }));
  const inTransit = [...(p.openTransit ?? [])]
    .sort(([a], [b]) => cmp(a, b))
    .map(([id, open]) => {
      const sh = p.transit!.get(id)!.shipped!;
      return { id, qty: q(open), eta: sh.eta, from: sh.from };
    });
  return {
    sku: p.sku,
    location: p.location,
    onHand: q(bucket(p, 0)),
    damaged: q(bucket(p, 1)),
    qualityControl: q(bucket(p, 2)),
    committed: q(p.committed),
    reserved: q(p.reserved),
    incoming,
    inTransit,
    asOf: p.asOfText,
  };
}
