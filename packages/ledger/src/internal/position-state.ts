import type { LocationId, QuantitySpec, Sku } from '@omnistock/core';

/** A count's value for one bucket: it sets the bucket as of `t` (ties between counts by id). */
export interface Base {
  readonly t: number;
  readonly id: string;
  readonly v: number;
}

/** A movement in minor units per bucket: onHand (c0), damaged (c1), qualityControl (c2). */
export interface Delta {
  readonly t: number;
  readonly id: string;
  readonly c0: number;
  readonly c1: number;
  readonly c2: number;
}

function component(d: Delta, b: number): number {
  return b === 0 ? d.c0 : b === 1 ? d.c1 : d.c2;
}

/** A dated quantity from one event. */
export interface Dated {
  readonly t: number;
  readonly q: number;
}

/**
 * Consumption of one reservation at this position, from two reports of the same thing: sales that
 * name the reservation (`s`) and `reservation.fulfilled` lines (`f`). The ledger counts the larger.
 */
export interface Linked {
  readonly s: Map<string, Dated>;
  readonly f: Map<string, Dated>;
  sAfter: number;
  fAfter: number;
}

/** Totals of both reports per reservation, whatever the counts absorbed (for the reservation view). */
export interface Consumed {
  s: number;
  f: number;
}

export interface SupplyState {
  expected: { t: number; id: string; q: number; eta: string } | null;
  readonly received: Map<string, Dated>;
}

export interface TransitState {
  shipped: { t: number; id: string; q: number; eta: string; from: LocationId } | null;
  readonly received: Map<string, number>;
}

/** The projection state of one sku × location (minor units). */
export interface PositionState {
  readonly sku: Sku;
  readonly location: LocationId;
  readonly spec: QuantitySpec;
  readonly bases: [Base | null, Base | null, Base | null];
  /**
   * Movements not yet absorbed in every bucket they touch, in arrival order (event ids are unique:
   * the ledger dedupes before applying, so a list does what a map by id would, with less work).
   */
  readonly deltas: Delta[];
  /** Σ of delta components dated after each bucket's base. */
  readonly sums: [number, number, number];
  // The maps and the set below are created on first use (null until then): most positions never
  // see a reservation, a supply lot or a transfer, and eight empty maps per position were most of
  // the ledger's memory (and garbage-collection time) in the benchmark.
  /** Linked consumption not yet absorbed by the onHand count (only reservations with some). */
  linked: Map<string, Linked> | null;
  consumed: Map<string, Consumed> | null;
  linkedSum: number;
  reserved: number;
  committed: number;
  supply: Map<string, SupplyState> | null;
  transit: Map<string, TransitState> | null;
  /** Supply and transfer ids whose lot may still be open (the others are fully received). */
  openSupply: Map<string, number> | null;
  openTransit: Map<string, number> | null;
  asOf: number;
  asOfText: string | null;
  /** Event ids absorbed by a count (fully, in every bucket they touch). */
  absorbed: Set<string> | null;
}

/** A fresh position state. */
export function newPosition(sku: Sku, location: LocationId, spec: QuantitySpec): PositionState {
  return {
    sku,
    location,
    spec,
    bases: [null, null, null],
    deltas: [],
    sums: [0, 0, 0],
    linked: null,
    consumed: null,
    linkedSum: 0,
    reserved: 0,
    committed: 0,
    supply: null,
    transit: null,
    openSupply: null,
    openTransit: null,
    asOf: Number.NEGATIVE_INFINITY,
    asOfText: null,
    absorbed: null,
  };
}

/** Records an event id as absorbed by a count. */
export function absorb(p: PositionState, id: string): void {
  if (p.absorbed === null) p.absorbed = new Set();
  p.absorbed.add(id);
}

function after(base: Base | null, t: number): boolean {
  return base === null || t > base.t;
}

function laterBase(a: Base, b: Base | null): boolean {
  return b === null || a.t > b.t || (a.t === b.t && a.id > b.id);
}

/** Notes the time of newest information. */
export function touch(p: PositionState, t: number, text: string): void {
  if (t > p.asOf) {
    p.asOf = t;
    p.asOfText = text;
  }
}

/** Applies a movement; returns true when a count already absorbs it entirely. */
export function applyDelta(p: PositionState, d: Delta): boolean {
  let live = false;
  for (let b = 0; b < 3; b++) {
    const c = component(d, b);
    if (c !== 0 && after(p.bases[b as 0 | 1 | 2], d.t)) {
      p.sums[b] = (p.sums[b] as number) + c;
      live = true;
    }
  }
  if (live) p.deltas.push(d);
  else absorb(p, d.id);
  return !live;
}

/** Applies a count to the buckets it names; returns false when an equal-or-newer count already holds. */
export function applyCount(
  p: PositionState,
  id: string,
  t: number,
  values: readonly (number | undefined)[],
): boolean {
  let changed = false;
  for (let b = 0; b < 3; b++) {
    const v = values[b];
    if (v === undefined) continue;
    const base: Base = { t, id, v };
    const prev = p.bases[b as 0 | 1 | 2];
    if (!laterBase(base, prev)) {
      if (b === 0) absorb(p, id);
      continue;
    }
    if (b === 0 && prev) absorb(p, prev.id);
    p.bases[b as 0 | 1 | 2] = base;
    changed = true;
  }
  if (!changed) return false;
  recompute(p);
  return true;
}

/** Recomputes bucket sums and linked consumption after a base moved; prunes absorbed movements. */
function recompute(p: PositionState): void {
  p.sums[0] = 0;
  p.sums[1] = 0;
  p.sums[2] = 0;
  const deltas = p.deltas;
  let kept = 0;
  for (let i = 0; i < deltas.length; i++) {
    const d = deltas[i] as Delta;
    let live = false;
    for (let b = 0; b < 3; b++) {
      const c = component(d, b);
      if (c !== 0 && after(p.bases[b as 0 | 1 | 2], d.t)) {
        p.sums[b] = (p.sums[b] as number) + c;
        live = true;
      }
    }
    if (live) deltas[kept++] = d;
    else absorb(p, d.id);
  }
  deltas.length = kept;
  p.linkedSum = 0;
  const base = p.bases[0];
  const linked = p.linked;
  if (linked === null) return;
  for (const [rid, l] of linked) {
    l.sAfter = sumAfter(l.s, base, p);
    l.fAfter = sumAfter(l.f, base, p);
    p.linkedSum += Math.max(l.sAfter, l.fAfter);
    if (l.s.size === 0 && l.f.size === 0) linked.delete(rid);
  }
}

function sumAfter(m: Map<string, Dated>, base: Base | null, p: PositionState): number {
  let s = 0;
  for (const [id, x] of m) {
    if (after(base, x.t)) s += x.q;
    else {
      m.delete(id);
      absorb(p, id);
    }
  }
  return s;
}

/**
 * Records consumption of a reservation at this position (`kind` s = sale naming it, f = fulfilled
 * line). onHand drops by max(sales, fulfilments) per reservation, so the pair counts once.
 * Returns true when a count already absorbs it.
 */
export function applyLinked(
  p: PositionState,
  reservationId: string,
  kind: 's' | 'f',
  id: string,
  x: Dated,
): boolean {
  if (p.consumed === null) p.consumed = new Map();
  const consumed = p.consumed;
  let c = consumed.get(reservationId);
  if (!c) {
    c = { s: 0, f: 0 };
    consumed.set(reservationId, c);
  }
  c[kind] += x.q;
  const live = after(p.bases[0], x.t);
  if (!live) {
    absorb(p, id);
    return true;
  }
  if (p.linked === null) p.linked = new Map();
  const linked = p.linked;
  let l = linked.get(reservationId);
  if (!l) {
    l = { s: new Map(), f: new Map(), sAfter: 0, fAfter: 0 };
    linked.set(reservationId, l);
  }
  const before = Math.max(l.sAfter, l.fAfter);
  const m = kind === 's' ? l.s : l.f;
  const prev = m.get(id);
  m.set(id, prev ? { t: x.t, q: prev.q + x.q } : x);
  if (kind === 's') l.sAfter += x.q;
  else l.fAfter += x.q;
  p.linkedSum += Math.max(l.sAfter, l.fAfter) - before;
  return false;
}

/** What a reservation consumed at this position (max of the two reports). */
export function consumedBy(p: PositionState, reservationId: string): number {
  const c = p.consumed?.get(reservationId);
  return c ? Math.max(c.s, c.f) : 0;
}

/** Bucket value in minor units: base + movements after it (onHand also minus linked consumption). */
export function bucket(p: PositionState, b: 0 | 1 | 2): number {
  const v = (p.bases[b]?.v ?? 0) + (p.sums[b] as number);
  return b === 0 ? v - p.linkedSum : v;
}

/** The open quantity of a supply lot: latest expectation − receipts dated at or after it. */
export function supplyOpen(s: SupplyState): number {
  const e = s.expected;
  if (!e) return 0;
  let received = 0;
  for (const r of s.received.values()) if (r.t >= e.t) received += r.q;
  return Math.max(0, e.q - received);
}

/** The quantity of a transfer still in transit: shipped − received. */
export function transitOpen(s: TransitState): number {
  if (!s.shipped) return 0;
  let received = 0;
  for (const r of s.received.values()) received += r;
  return Math.max(0, s.shipped.q - received);
}

/** Re-derives whether a supply / transit lot is open after it changed. */
export function refreshLots(
  p: PositionState,
  supplyId: string | undefined,
  transferId: string | undefined,
): void {
  if (supplyId !== undefined) {
    const s = p.supply?.get(supplyId);
    const open = s ? supplyOpen(s) : 0;
    if (open > 0) {
      if (p.openSupply === null) p.openSupply = new Map();
      p.openSupply.set(supplyId, open);
    } else p.openSupply?.delete(supplyId);
  }
  if (transferId !== undefined) {
    const t = p.transit?.get(transferId);
    const open = t ? transitOpen(t) : 0;
    if (open > 0) {
      if (p.openTransit === null) p.openTransit = new Map();
      p.openTransit.set(transferId, open);
    } else p.openTransit?.delete(transferId);
  }
}
