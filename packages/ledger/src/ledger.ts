import {
  type ErrorCode,
  type ErrorPath,
  type Issue,
  type Item,
  type ItemLookup,
  itemSpec,
  type LocationId,
  type OmnistockErrorData,
  type OmnistockEvent,
  parseEvent,
  parseMinor,
  positionKey,
  Quantity,
  type Sku,
  type StockPosition,
} from '@omnistock/core';
import { canonicalForm, contentHash, firstDifference } from './internal/canonical';
import { parseInstant } from './internal/instant';
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
} from './internal/position-state';
import {
  type Contribution,
  earlier,
  linesOf,
  newReservation,
  type ReservationState,
  stateOf,
} from './internal/reservation-state';
import { type SequenceGap, SequenceTracker } from './sequences';
import { defaultUpcasters, type Upcaster } from './upcast';

/** Options of a {@link Ledger}. */
export interface LedgerOptions {
  /** The item catalog: events for unknown skus, or quantities beyond an item's scale, are quarantined. */
  readonly items: ItemLookup;
  /** Upcasters for older event versions; default: `omnistock.stock.adjusted.v0` → v1. */
  readonly upcasters?: readonly Upcaster[];
  /**
   * Keep every accepted event (default true: needed for `log()`, snapshots and conflict reports that
   * name the differing field). With false only a 53-bit content hash per event id is kept: dedupe
   * and conflict detection still work (the conflict names no field), memory stays small.
   */
  readonly retainEvents?: boolean;
}

/** What happened to one ingested event. */
export type IngestStatus =
  /** Applied to the projection. */
  | 'applied'
  /** Accepted, but a count dated at or after it already covers it (recorded, not applied). */
  | 'absorbed'
  /** The same event id with the same content was already accepted: nothing changed. */
  | 'duplicate'
  /** Invalid, unknown or conflicting: kept in quarantine with a reason code, nothing applied. */
  | 'quarantined'
  /** Valid but not a ledger input (outbound `availability.changed`): recorded for dedupe only. */
  | 'ignored';

/** The outcome of ingesting one event. */
export interface IngestOutcome {
  readonly status: IngestStatus;
  readonly eventId?: string;
  readonly type?: string;
  readonly quarantineId?: string;
  readonly code?: ErrorCode;
  /** A sequence gap this event opened for its source. */
  readonly gap?: SequenceGap;
  /** The original type, when the event was upcast. */
  readonly upcastFrom?: string;
}

/** A quarantined event: kept whole with why, until re-submitted. */
export interface QuarantineEntry {
  readonly id: string;
  readonly eventId?: string;
  readonly event: unknown;
  readonly code: ErrorCode;
  readonly message: string;
  readonly path?: ErrorPath;
  readonly issues?: readonly Issue[];
  readonly details?: Readonly<Record<string, unknown>>;
  /** Times it was submitted (1 + re-submissions). */
  readonly attempts: number;
}

/** An observation that does not change the projection. */
export interface Notice {
  readonly kind: 'compareFromMismatch' | 'reservationResolvedTwice';
  readonly eventId: string;
  readonly message: string;
}

/** A movement a count covered: recorded, not applied. */
export interface AbsorbedEvent {
  readonly eventId: string;
  readonly sku: Sku;
  readonly location: LocationId;
  /** The count (event id) that holds onHand for the position now. */
  readonly countEventId: string | null;
}

/** The ledger's view of a reservation (derived from its events). */
export interface LedgerReservation {
  readonly id: string;
  readonly state: 'pending' | 'held' | 'committed' | 'released' | 'expired' | 'fulfilled';
  readonly channel?: string;
  readonly expiresAt?: string;
  readonly lines: readonly {
    sku: Sku;
    location: LocationId;
    qty: string;
    consumed: string;
    remaining: string;
  }[];
}

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
 * The event-sourced inventory projection of DESIGN §6: applies CloudEvents to stock positions and
 * reservations. Idempotent (dedupe by event id), order-insensitive (a `stock.counted` at T absorbs
 * movements dated ≤ T, whenever they arrive), with per-source sequence-gap detection, quarantine
 * with reason codes and re-submission, and upcasting of older versions. Pure: no clock, no I/O.
 * @example
 * const ledger = new Ledger({ items: new Map([['A', { sku: asId('A'), unit: 'each' }]]) });
 * ledger.ingest({ specversion: '1.0', id: 'e1', source: 'wms/dc-1', type: 'omnistock.stock.counted.v1',
 *   time: '2026-01-01T08:00:00Z', data: { sku: 'A', location: 'dc-1', onHand: '10' } });
 * ledger.position('A', 'dc-1')?.onHand.toString(); // '10'
 */
export class Ledger {
  private readonly positionsByKey = new Map<string, PositionState>();
  /** The same positions by sku, then location: the hot-path lookup (no key string to build and hash). */
  private readonly positionsBySku = new Map<string, Map<string, PositionState>>();
  private readonly reservationsById = new Map<string, ReservationState>();
  private readonly seen = new Map<string, OmnistockEvent | number>();
  private readonly retain: boolean;
  private readonly quarantined = new Map<string, QuarantineEntry>();
  private readonly quarantineByEventId = new Map<string, string>();
  private readonly noticeList: Notice[] = [];
  private readonly conflictList: { eventId: string; field: string; quarantineId: string }[] = [];
  private sequences = new SequenceTracker();
  private quarantineCounter = 0;
  private readonly findItem: (sku: string) => Item | undefined;
  private readonly upcasters: ReadonlyMap<string, Upcaster>;
  private readonly parseOptions: { items: ItemLookup };

  constructor(readonly options: LedgerOptions) {
    const items = options.items;
    this.findItem = typeof items === 'function' ? items : (sku) => items.get(sku);
    this.upcasters = new Map((options.upcasters ?? defaultUpcasters).map((u) => [u.from, u]));
    this.parseOptions = { items: this.findItem };
    this.retain = options.retainEvents ?? true;
  }

  /**
   * Ingests one CloudEvent (JSON form). Never throws; never applies part of an event.
   * @example
   * ledger.ingest(event).status; // 'applied' | 'absorbed' | 'duplicate' | 'quarantined' | 'ignored'
   */
  ingest(raw: unknown): IngestOutcome {
    return this.ingestInternal(raw, undefined);
  }

  /**
   * Ingests a batch in order.
   * @example
   * ledger.ingestAll(events).filter((o) => o.status === 'quarantined').length;
   */
  ingestAll(raws: Iterable<unknown>): IngestOutcome[] {
    const out: IngestOutcome[] = [];
    for (const r of raws) out.push(this.ingestInternal(r, undefined));
    return out;
  }

  /**
   * Re-submits a quarantined event, optionally fixed. On success the entry leaves quarantine; on
   * failure it stays (same id) with the new reason.
   * @example
   * ledger.resubmit('q-1', { ...fixedEvent }).status; // 'applied'
   */
  resubmit(quarantineId: string, fixed?: unknown): IngestOutcome {
    const entry = this.quarantined.get(quarantineId);
    if (!entry) return { status: 'quarantined', code: 'QUARANTINE_NOT_FOUND', quarantineId };
    return this.ingestInternal(fixed === undefined ? entry.event : fixed, entry);
  }

  private ingestInternal(raw: unknown, retry: QuarantineEntry | undefined): IngestOutcome {
    let input = raw as Record<string, unknown>;
    const rawId = typeof input === 'object' && input !== null ? input.id : undefined;
    const eventId = typeof rawId === 'string' ? rawId : undefined;
    let gap: SequenceGap | undefined;
    let upcastFrom: string | undefined;
    if (typeof input === 'object' && input !== null && !Array.isArray(input)) {
      const seq = input.sequence;
      const n =
        typeof seq === 'number' ? seq : typeof seq === 'string' && /^\d{1,15}$/.test(seq) ? Number(seq) : NaN;
      if (typeof input.source === 'string' && Number.isSafeInteger(n) && n >= 0 && !retry) {
        gap = this.sequences.see(input.source, n);
      }
      const up = typeof input.type === 'string' ? this.upcasters.get(input.type) : undefined;
      if (up) {
        const u = up.upcast(input);
        if (!u.ok) return this.toQuarantine(raw, eventId, u.error, retry, gap);
        upcastFrom = up.from;
        input = u.value;
      }
    }
    const parsed = parseEvent(input, this.parseOptions);
    if (!parsed.ok) return this.toQuarantine(raw, eventId, parsed.error, retry, gap);
    const event = parsed.value;
    const prior = this.seen.get(event.id);
    if (prior !== undefined) {
      const extra = extrasOf(gap, upcastFrom);
      const field =
        typeof prior === 'number'
          ? prior === contentHash(event)
            ? undefined
            : '(content)'
          : sameText(prior, event)
            ? undefined
            : firstDifference(canonicalForm(prior), canonicalForm(event));
      if (field === undefined) {
        if (retry) this.release(retry);
        return { status: 'duplicate', eventId: event.id, type: event.type, ...extra };
      }
      const out = this.toQuarantine(
        raw,
        eventId,
        {
          code: 'EVENT_ID_CONFLICT',
          message: `event ${event.id} was already applied with a different ${field}`,
          path: field.split(/[.[\]]+/).filter((s) => s !== ''),
          details: { eventId: event.id, field },
        },
        retry,
        gap,
      );
      this.conflictList.push({ eventId: event.id, field, quarantineId: out.quarantineId as string });
      return out;
    }
    const status = this.apply(event);
    this.seen.set(event.id, this.retain ? event : contentHash(event));
    if (retry) this.release(retry);
    if (gap === undefined && upcastFrom === undefined) return { status, eventId: event.id, type: event.type };
    return { status, eventId: event.id, type: event.type, ...extrasOf(gap, upcastFrom) };
  }

  private release(entry: QuarantineEntry): void {
    this.quarantined.delete(entry.id);
    if (entry.eventId !== undefined && this.quarantineByEventId.get(entry.eventId) === entry.id) {
      this.quarantineByEventId.delete(entry.eventId);
    }
  }

  private toQuarantine(
    raw: unknown,
    eventId: string | undefined,
    error: OmnistockErrorData,
    retry: QuarantineEntry | undefined,
    gap: SequenceGap | undefined,
  ): IngestOutcome {
    const g = gap ? { gap } : {};
    if (!retry && eventId !== undefined) {
      const existing = this.quarantined.get(this.quarantineByEventId.get(eventId) ?? '');
      if (
        existing &&
        JSON.stringify(existing.event) === JSON.stringify(raw) &&
        existing.code === error.code
      ) {
        return { status: 'duplicate', eventId, quarantineId: existing.id, code: existing.code, ...g };
      }
    }
    const id = retry?.id ?? `q-${++this.quarantineCounter}`;
    const entry: QuarantineEntry = {
      id,
      ...(eventId !== undefined ? { eventId } : {}),
      event: raw,
      code: error.code,
      message: error.message,
      ...(error.path ? { path: error.path } : {}),
      ...(error.issues ? { issues: error.issues } : {}),
      ...(error.details ? { details: error.details } : {}),
      attempts: (retry?.attempts ?? 0) + 1,
    };
    this.quarantined.set(id, entry);
    if (eventId !== undefined) this.quarantineByEventId.set(eventId, id);
    return {
      status: 'quarantined',
      ...(eventId !== undefined ? { eventId } : {}),
      quarantineId: id,
      code: error.code,
      ...g,
    };
  }

  private pos(sku: string, location: string): PositionState {
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

  private res(id: string): ReservationState {
    let r = this.reservationsById.get(id);
    if (!r) {
      r = newReservation(id);
      this.reservationsById.set(id, r);
    }
    return r;
  }

  private apply(e: OmnistockEvent): IngestStatus {
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
          this.noticeList.push({
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
        const part = (s: string) => (d.to === s ? q : 0) - (d.from === s ? q : 0);
        return this.movement(p, t, e.time, id, 0, part('damaged'), part('qualityControl'));
      }
      case 'omnistock.sale.recorded.v1': {
        const d = e.data;
        const p = this.pos(d.sku, d.location);
        const q = toMinor(d.qty, p.spec.scale);
        if (d.reservationId === undefined) return this.movement(p, t, e.time, id, -q, 0, 0);
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
        return this.movement(this.pos(d.sku, d.from), t, e.time, id, -q, 0, 0);
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
        const stamp = { t, id };
        const lines = d.lines.map((l) => ({
          sku: l.sku,
          location: l.location,
          q: toMinor(l.qty, this.pos(l.sku, l.location).spec.scale),
        }));
        if (earlier(stamp, r.held)) r.held = { ...stamp, channel: d.channel, expiresAt: d.expiresAt, lines };
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
        r.transfers.set(id, { sku: d.sku, from: d.from, to: d.to, q });
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
      this.noticeList.push({
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
    let s = p.supply.get(supplyId);
    if (!s) {
      s = { expected: null, received: new Map() };
      p.supply.set(supplyId, s);
    }
    return s;
  }

  private transitOf(p: PositionState, transferId: string) {
    let s = p.transit.get(transferId);
    if (!s) {
      s = { shipped: null, received: new Map() };
      p.transit.set(transferId, s);
    }
    return s;
  }

  /** Re-derives what a reservation adds to the reserved/committed buckets and applies the change. */
  private recomputeReservation(r: ReservationState): 'applied' {
    const state = stateOf(r);
    const next: Contribution[] = [];
    if (state === 'held' || state === 'committed') {
      const b = state === 'held' ? 'reserved' : 'committed';
      for (const line of linesOf(r).values()) {
        const rem = line.q - consumedBy(this.pos(line.sku, line.location), r.id);
        if (rem > 0) next.push({ bucket: b, q: rem, sku: line.sku, location: line.location });
      }
    }
    for (const c of r.contribution) this.pos(c.sku, c.location)[c.bucket] -= c.q;
    for (const c of next) this.pos(c.sku, c.location)[c.bucket] += c.q;
    r.contribution = next;
    return 'applied';
  }

  /**
   * The position of a sku at a location (undefined when no event touched it).
   * @example
   * ledger.position('A', 's1')?.reserved.toString();
   */
  position(sku: string, location: string): StockPosition | undefined {
    const p = this.positionsByKey.get(positionKey(sku, location));
    return p ? toPosition(p) : undefined;
  }

  /**
   * Every position, sorted by sku then location.
   * @example
   * ledger.positions().map(positionToJson);
   */
  positions(): StockPosition[] {
    return [...this.positionsByKey.values()]
      .sort((a, b) => cmp(a.sku, b.sku) || cmp(a.location, b.location))
      .map(toPosition);
  }

  /**
   * `onHand − damaged − qualityControl` as a quantity (zero for an unknown position): the gross
   * availability to wire a `ReservationBook` to.
   * @example
   * new ReservationBook({ items, availability: (sku, loc) => ledger.sellable(sku, loc) });
   */
  sellable(sku: string, location: string): Quantity {
    const p = this.positionsByKey.get(positionKey(sku, location));
    if (p) return Quantity.fromMinor(bucket(p, 0) - bucket(p, 1) - bucket(p, 2), p.spec);
    const item = this.findItem(sku);
    return Quantity.zero(item ? itemSpec(item) : { unit: 'each', scale: 0 });
  }

  /**
   * The ledger's view of a reservation.
   * @example
   * ledger.reservation('r1')?.state; // 'committed'
   */
  reservation(id: string): LedgerReservation | undefined {
    const r = this.reservationsById.get(id);
    if (!r) return undefined;
    const expiresAt = r.extended?.expiresAt ?? r.held?.expiresAt;
    return {
      id: r.id,
      state: stateOf(r),
      ...(r.held ? { channel: r.held.channel } : {}),
      ...(expiresAt !== undefined ? { expiresAt } : {}),
      lines: [...linesOf(r).values()]
        .filter((l) => l.q > 0)
        .sort((a, b) => cmp(a.sku, b.sku) || cmp(a.location, b.location))
        .map((l) => {
          const p = this.pos(l.sku, l.location);
          const consumed = Math.min(consumedBy(p, r.id), l.q);
          const q = (m: number) => Quantity.fromMinor(m, p.spec).toString();
          return {
            sku: l.sku,
            location: l.location,
            qty: q(l.q),
            consumed: q(consumed),
            remaining: q(l.q - consumed),
          };
        }),
    };
  }

  /**
   * Every reservation the ledger has seen, by id.
   * @example
   * ledger.reservations().filter((r) => r.state === 'held');
   */
  reservations(): LedgerReservation[] {
    return [...this.reservationsById.keys()].sort().map((id) => this.reservation(id) as LedgerReservation);
  }

  /**
   * Quarantined events, oldest first.
   * @example
   * ledger.quarantine()[0]?.code; // 'ITEM_UNKNOWN'
   */
  quarantine(): QuarantineEntry[] {
    return [...this.quarantined.values()];
  }

  /**
   * Open sequence gaps per source.
   * @example
   * ledger.gaps(); // [{ source: 'pos/store-1', from: 4, to: 6 }]
   */
  gaps(): SequenceGap[] {
    return this.sequences.gaps();
  }

  /**
   * Movements covered by a count (recorded, not applied), sorted by event id.
   * @example
   * ledger.absorbed().map((a) => a.eventId);
   */
  absorbed(): AbsorbedEvent[] {
    const out: AbsorbedEvent[] = [];
    for (const p of this.positionsByKey.values()) {
      const countEventId = p.bases[0]?.id ?? null;
      for (const eventId of p.absorbed) {
        if (eventId === countEventId) continue;
        out.push({ eventId, sku: p.sku, location: p.location, countEventId });
      }
    }
    return out.sort((a, b) => cmp(a.eventId, b.eventId) || cmp(a.sku, b.sku) || cmp(a.location, b.location));
  }

  /**
   * Event-id conflicts (same id, different content); each is also in quarantine.
   * @example
   * ledger.conflicts(); // [{ eventId: 'e1', field: 'data.qty', quarantineId: 'q-1' }]
   */
  conflicts(): readonly { eventId: string; field: string; quarantineId: string }[] {
    return this.conflictList;
  }

  /**
   * Observations that did not change the projection (compare-from mismatches, double resolutions).
   * @example
   * ledger.notices().length;
   */
  notices(): readonly Notice[] {
    return this.noticeList;
  }

  /**
   * Accepted events in acceptance order (the deduplicated log).
   * @example
   * replay(ledger.log(), { items }); // an identical projection
   */
  *log(): IterableIterator<OmnistockEvent> {
    for (const e of this.seen.values()) if (typeof e !== 'number') yield e;
  }

  /**
   * How many distinct events were accepted.
   * @example
   * ledger.size; // 42
   */
  get size(): number {
    return this.seen.size;
  }

  /**
   * Onhand of a position as of an instant, when the ledger can know it: the count in force at that
   * time plus the movements after it up to the instant. Undefined when the position's count is newer
   * than `asOf` (its earlier movements were absorbed) or the position is unknown.
   * @example
   * ledger.onHandAsOf('A', 's1', '2026-01-01T00:00:00Z')?.toString();
   */
  onHandAsOf(sku: string, location: string, asOf: string): Quantity | undefined {
    const p = this.positionsByKey.get(positionKey(sku, location));
    if (!p) return undefined;
    const at = Date.parse(asOf);
    const base = p.bases[0];
    if (base && base.t > at) return undefined;
    let v = base?.v ?? 0;
    for (const d of p.deltas) if (d.t <= at && (!base || d.t > base.t)) v += d.c0;
    for (const l of p.linked.values()) {
      let s = 0;
      let f = 0;
      for (const x of l.s.values()) if (x.t <= at) s += x.q;
      for (const x of l.f.values()) if (x.t <= at) f += x.q;
      v -= Math.max(s, f);
    }
    return Quantity.fromMinor(v, p.spec);
  }

  /** @internal state for snapshots */
  exportState(): {
    quarantine: QuarantineEntry[];
    sequences: Record<string, number[]>;
    counter: number;
    notices: Notice[];
  } {
    return {
      quarantine: this.quarantine(),
      sequences: this.sequences.toJSON(),
      counter: this.quarantineCounter,
      notices: [...this.noticeList],
    };
  }

  /** @internal restores the non-event state of a snapshot */
  importState(s: {
    quarantine: readonly QuarantineEntry[];
    sequences: Record<string, readonly number[]>;
    counter: number;
    notices: readonly Notice[];
  }): void {
    for (const q of s.quarantine) {
      this.quarantined.set(q.id, q);
      if (q.eventId !== undefined) this.quarantineByEventId.set(q.eventId, q.id);
    }
    this.sequences = SequenceTracker.fromJSON(s.sequences);
    this.quarantineCounter = s.counter;
    this.noticeList.length = 0;
    this.noticeList.push(...s.notices);
  }
}

function extrasOf(
  gap: SequenceGap | undefined,
  upcastFrom: string | undefined,
): { gap?: SequenceGap; upcastFrom?: string } {
  const extra: { gap?: SequenceGap; upcastFrom?: string } = {};
  if (gap) extra.gap = gap;
  if (upcastFrom) extra.upcastFrom = upcastFrom;
  return extra;
}

/** The cheap test first: byte-identical content is the usual redelivery. */
function sameText(a: OmnistockEvent, b: OmnistockEvent): boolean {
  return (
    a.type === b.type &&
    a.source === b.source &&
    a.time === b.time &&
    JSON.stringify(a.data) === JSON.stringify(b.data)
  );
}

function cmp(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

function toPosition(p: PositionState): StockPosition {
  const q = (m: number) => Quantity.fromMinor(m, p.spec);
  const incoming = [...p.openSupply]
    .sort(([a], [b]) => cmp(a, b))
    .map(([id, open]) => ({ id, qty: q(open), eta: p.supply.get(id)!.expected!.eta }));
  const inTransit = [...p.openTransit]
    .sort(([a], [b]) => cmp(a, b))
    .map(([id, open]) => {
      const sh = p.transit.get(id)!.shipped!;
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
