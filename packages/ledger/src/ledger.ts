import {
  type ErrorCode,
  type ErrorPath,
  fail,
  type Issue,
  isErrorCode,
  isEventType,
  type Item,
  type ItemLookup,
  itemSpec,
  type LocationId,
  type OmnistockErrorData,
  type OmnistockEvent,
  parseEvent,
  positionKey,
  Quantity,
  type Result,
  type Sku,
  type StockPosition,
} from '@omnistock/core';
import { canonicalForm, contentHash, firstDifference } from './internal/canonical';
import { bucket, consumedBy } from './internal/position-state';
import { cmp, Projection, toPosition } from './internal/projection';
import { linesOf, stateOf } from './internal/reservation-state';
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
  private readonly projection: Projection;
  private readonly seen = new Map<string, OmnistockEvent | number>();
  private readonly retain: boolean;
  private readonly quarantined = new Map<string, QuarantineEntry>();
  private readonly quarantineByEventId = new Map<string, string>();
  private readonly conflictList: { eventId: string; field: string; quarantineId: string }[] = [];
  private sequences = new SequenceTracker();
  private quarantineCounter = 0;
  private readonly findItem: (sku: string) => Item | undefined;
  private readonly upcasters: ReadonlyMap<string, Upcaster>;
  private readonly parseOptions: { items: ItemLookup };
  /** Whether an upcaster takes a current event type (then upcasting must come before validation). */
  private readonly upcastsCurrentTypes: boolean;

  constructor(readonly options: LedgerOptions) {
    const items = options.items;
    this.findItem = typeof items === 'function' ? items : (sku) => items.get(sku);
    this.projection = new Projection(this.findItem);
    this.upcasters = new Map((options.upcasters ?? defaultUpcasters).map((u) => [u.from, u]));
    this.parseOptions = { items: this.findItem };
    this.retain = options.retainEvents ?? true;
    this.upcastsCurrentTypes = [...this.upcasters.keys()].some(isEventType);
  }

  /**
   * Ingests one CloudEvent (JSON form). Never throws on any input — an upcaster that throws or
   * answers something other than a Result quarantines the event with `INTERNAL` — and never applies
   * part of an event. Only a throwing `items` lookup (the catalog itself failing) propagates, with
   * nothing applied.
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
    let parsed: Result<OmnistockEvent> | undefined;
    if (!this.upcastsCurrentTypes) {
      // A valid event of a current type has no upcaster here, and its envelope fields are the raw
      // event's: validate first, then read source and sequence off the parsed event (one read of the
      // raw object instead of two). Anything else takes the general path below, in its order; so
      // does a throwing item lookup (the general path records the sequence number, then throws).
      try {
        parsed = parseEvent(raw, this.parseOptions);
      } catch {
        parsed = undefined;
      }
      if (parsed?.ok) {
        const event = parsed.value;
        const gap = retry ? undefined : this.gapOf(event.source, event.sequence);
        return this.accept(raw, event, gap, undefined, retry);
      }
    }
    let input = raw as Record<string, unknown>;
    const rawId = typeof input === 'object' && input !== null ? input.id : undefined;
    const eventId = typeof rawId === 'string' ? rawId : undefined;
    let gap: SequenceGap | undefined;
    let upcastFrom: string | undefined;
    if (typeof input === 'object' && input !== null && !Array.isArray(input)) {
      if (!retry) gap = this.gapOf(input.source, input.sequence);
      const up = typeof input.type === 'string' ? this.upcasters.get(input.type) : undefined;
      if (up) {
        const u = runUpcaster(up, input);
        if (!u.ok) return this.toQuarantine(raw, eventId, u.error, retry, gap);
        upcastFrom = up.from;
        input = u.value;
        parsed = undefined;
      }
    }
    // `parsed` is still the raw event's result when no upcaster applied (parsing changes nothing)
    parsed ??= parseEvent(input, this.parseOptions);
    if (!parsed.ok) return this.toQuarantine(raw, eventId, parsed.error, retry, gap);
    return this.accept(raw, parsed.value, gap, upcastFrom, retry);
  }

  /** Tracks a source's sequence number (a safe integer ≥ 0, or its decimal text); the gap it opened. */
  private gapOf(source: unknown, seq: unknown): SequenceGap | undefined {
    const n =
      typeof seq === 'number' ? seq : typeof seq === 'string' && /^\d{1,15}$/.test(seq) ? Number(seq) : NaN;
    if (typeof source === 'string' && Number.isSafeInteger(n) && n >= 0) return this.sequences.see(source, n);
    return undefined;
  }

  /** A valid event: a duplicate, an id conflict (quarantined), or applied and recorded. */
  private accept(
    raw: unknown,
    event: OmnistockEvent,
    gap: SequenceGap | undefined,
    upcastFrom: string | undefined,
    retry: QuarantineEntry | undefined,
  ): IngestOutcome {
    const prior = this.seen.get(event.id);
    if (prior !== undefined) return this.seenBefore(raw, event, prior, gap, upcastFrom, retry);
    const status = this.projection.apply(event);
    this.seen.set(event.id, this.retain ? event : contentHash(event));
    if (retry) this.release(retry);
    if (gap === undefined && upcastFrom === undefined) return { status, eventId: event.id, type: event.type };
    return { status, eventId: event.id, type: event.type, ...extrasOf(gap, upcastFrom) };
  }

  /** An event id accepted before: the same content is a duplicate, different content a conflict. */
  private seenBefore(
    raw: unknown,
    event: OmnistockEvent,
    prior: OmnistockEvent | number,
    gap: SequenceGap | undefined,
    upcastFrom: string | undefined,
    retry: QuarantineEntry | undefined,
  ): IngestOutcome {
    const rawId = (raw as { id?: unknown }).id;
    const eventId = typeof rawId === 'string' ? rawId : undefined;
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

  /**
   * The position of a sku at a location (undefined when no event touched it).
   * @example
   * ledger.position('A', 's1')?.reserved.toString();
   */
  position(sku: string, location: string): StockPosition | undefined {
    const p = this.projection.positionsByKey.get(positionKey(sku, location));
    return p ? toPosition(p) : undefined;
  }

  /**
   * Every position, sorted by sku then location.
   * @example
   * ledger.positions().map(positionToJson);
   */
  positions(): StockPosition[] {
    return [...this.projection.positionsByKey.values()]
      .sort((a, b) => cmp(a.sku, b.sku) || cmp(a.location, b.location))
      .map(toPosition);
  }

  /**
   * `onHand − max(damaged, 0) − max(qualityControl, 0)` as a quantity (zero for an unknown
   * position): the gross availability to wire a `ReservationBook` to. A negative damaged or
   * qualityControl bucket (a status change out of an empty subset) stays on the position, reported;
   * it counts as 0 here, so sellable never exceeds onHand (DESIGN §3, as `@omnistock/core` `sellable`).
   * @example
   * new ReservationBook({ items, availability: (sku, loc) => ledger.sellable(sku, loc) });
   */
  sellable(sku: string, location: string): Quantity {
    const p = this.projection.positionsByKey.get(positionKey(sku, location));
    if (p) {
      const unsellable = Math.max(bucket(p, 1), 0) + Math.max(bucket(p, 2), 0);
      return Quantity.fromMinor(bucket(p, 0) - unsellable, p.spec);
    }
    const item = this.findItem(sku);
    return Quantity.zero(item ? itemSpec(item) : { unit: 'each', scale: 0 });
  }

  /**
   * The ledger's view of a reservation.
   * @example
   * ledger.reservation('r1')?.state; // 'committed'
   */
  reservation(id: string): LedgerReservation | undefined {
    const r = this.projection.reservationsById.get(id);
    if (!r) return undefined;
    const expiresAt = r.extended?.expiresAt ?? r.held?.expiresAt;
    return {
      id: r.id,
      state: stateOf(r),
      ...(r.held ? { channel: r.held.channel } : {}),
      ...(expiresAt !== undefined ? { expiresAt } : {}),
      lines: [...linesOf(r, (sku, location) => consumedBy(this.projection.pos(sku, location), r.id)).values()]
        .filter((l) => l.q > 0)
        .sort((a, b) => cmp(a.sku, b.sku) || cmp(a.location, b.location))
        .map((l) => {
          const p = this.projection.pos(l.sku, l.location);
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
    return [...this.projection.reservationsById.keys()]
      .sort()
      .map((id) => this.reservation(id) as LedgerReservation);
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
    for (const p of this.projection.positionsByKey.values()) {
      const countEventId = p.bases[0]?.id ?? null;
      for (const eventId of p.absorbed ?? []) {
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
    return this.projection.notices;
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
    const p = this.projection.positionsByKey.get(positionKey(sku, location));
    if (!p) return undefined;
    const at = Date.parse(asOf);
    const base = p.bases[0];
    if (base && base.t > at) return undefined;
    let v = base?.v ?? 0;
    for (const d of p.deltas) if (d.t <= at && (!base || d.t > base.t)) v += d.c0;
    for (const l of p.linked?.values() ?? []) {
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
      notices: [...this.projection.notices],
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
    this.projection.notices.length = 0;
    this.projection.notices.push(...s.notices);
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

/**
 * An upcaster's answer, or `INTERNAL` when it threw or answered something other than a Result: user
 * code must not make `ingest` throw, and the event waits in quarantine until the upcaster is fixed.
 */
function runUpcaster(up: Upcaster, input: Record<string, unknown>): Result<Record<string, unknown>> {
  let u: unknown;
  try {
    u = up.upcast(input);
  } catch (error) {
    const why = error instanceof Error ? error.message : String(error);
    return fail('INTERNAL', `upcaster ${up.from} → ${up.to} threw: ${why}`, {
      details: { upcaster: up.from },
    });
  }
  const r = u as { ok?: unknown; value?: unknown; error?: unknown } | null;
  if (typeof r === 'object' && r !== null) {
    if (r.ok === true && typeof r.value === 'object' && r.value !== null && !Array.isArray(r.value)) {
      return u as Result<Record<string, unknown>>;
    }
    const e = r.error as { code?: unknown; message?: unknown } | undefined;
    const known = isErrorCode(e?.code);
    if (r.ok === false && known && typeof e?.message === 'string') {
      return u as Result<Record<string, unknown>>;
    }
  }
  return fail('INTERNAL', `upcaster ${up.from} → ${up.to} answered no Result`, {
    details: { upcaster: up.from },
  });
}
