import { type ChannelPolicySetInput, evaluatePosition } from '@omnistock/atp';
import {
  asId,
  emptyPosition,
  fail,
  type Item,
  itemSpec,
  type Location,
  type LocationGroup,
  type LocationId,
  type OmnistockEvent,
  ok,
  parsePosition,
  Quantity,
  type ReservationId,
  type Result,
  type Sku,
} from '@omnistock/core';
import {
  type BookCommand,
  type CreateReservationRequest,
  emissionToEvent,
  type MachineCommand,
  type Reservation,
  type ReservationEmission,
  ReservationBook,
  type ReservationView,
  remainingOf,
  toView,
  transition,
} from '@omnistock/reservations';
import type { BusEvent } from '../bus/event-bus';
import type { ReserveDecision, TransitionDecision } from '../store/inventory-store';
import { refKey, toStoredEvent } from '../store/kernel';
import type {
  PositionRef,
  PositionSnapshot,
  Refusal,
  ReservationRecord,
  StoredEvent,
} from '../store/records';
import { firstDifference, fromView, lineRefs } from './codec';
import type { Projection } from './projection';

/** `details` of a refusal the service retries after rebuilding its projection. */
export interface Retryable {
  readonly retry?: boolean;
}

/** What the service stores as a command's first result (under its idempotency key). */
export interface StoredResult {
  readonly reservation: ReservationView;
  readonly shortfalls: readonly unknown[];
  readonly request: unknown;
}

interface DecisionDeps {
  readonly items: ReadonlyMap<string, Item>;
  readonly locations: readonly Location[];
  readonly groups: readonly LocationGroup[];
  readonly policies: ChannelPolicySetInput;
  readonly projection: Projection;
  readonly source: string;
}

type TransitionType = 'commit' | 'release' | 'fulfil' | 'extend' | 'transfer';

/**
 * The pure decisions the service hands to the store: called inside the store's transaction with the
 * locked rows, they run the ATP engine and the reservation state machine on those rows and compute
 * every position write with the ledger's projection rules (feeding the decision's own events to
 * the projection cache, which the service rebuilds if the transaction then does not commit).
 * @internal
 */
export class Decisions {
  /** Incremented whenever a decision feeds the projection cache. */
  fed = 0;
  /** Ids of the events the last decisions fed (they must reach the store's log). */
  readonly emitted: string[] = [];

  constructor(private readonly deps: DecisionDeps) {}

  private item(sku: string): Item | undefined {
    return this.deps.items.get(sku);
  }

  /** A refusal the service retries after rebuilding its projection from the store's log. */
  behind(): Refusal {
    return fail('INTERNAL', 'another writer changed these positions; retrying', { details: { retry: true } });
  }

  /** The position rows a reservation's transition touches: its lines (and a transfer's target). */
  refsOf(rec: ReservationRecord, transfer?: { readonly sku: string; readonly to: string }): PositionRef[] {
    const refs = lineRefs(rec.lines);
    if (transfer) refs.push({ sku: transfer.sku, location: transfer.to });
    return refs;
  }

  /** The channel's ATP of a locked row (its reserved and committed buckets count). */
  atp(rows: PositionSnapshot, sku: string, location: string, channel: string, now: string): Quantity {
    const item = this.item(sku);
    if (!item) return Quantity.zero({ unit: 'each', scale: 0 });
    const zero = Quantity.zero(itemSpec(item));
    const json = rows.get(refKey({ sku, location }))?.position;
    const p = json ? parsePosition(json, item) : ok(emptyPosition(item, asId<LocationId>(location)));
    if (!p.ok) return zero;
    const r = evaluatePosition(p.value, item, this.deps.policies, { channel, now });
    return r.ok ? r.value.atp : zero;
  }

  private toEvents(
    next: Reservation,
    emissions: readonly ReservationEmission[],
    now: string,
    principal: string | null,
  ): Result<{ bus: BusEvent[]; stored: StoredEvent[]; events: OmnistockEvent[] }> {
    const events: OmnistockEvent[] = [];
    for (const [i, em] of emissions.entries()) {
      const id = `${next.id}@${next.version}${i === 0 ? '' : `.${i}`}`;
      const e = emissionToEvent(em, { id, source: this.deps.source, time: now });
      if (!e.ok) return e;
      events.push(e.value);
    }
    const bus = events as unknown as BusEvent[];
    return ok({ bus, events, stored: bus.map((e) => ({ ...toStoredEvent(e), principal })) });
  }

  /** Feeds the decision's own events to the projection cache. */
  private feed(events: readonly OmnistockEvent[]): Result<void> {
    this.fed += 1;
    this.emitted.length = 0;
    for (const e of events) {
      this.emitted.push(e.id);
      const o = this.deps.projection.ledger.ingest(e);
      if (o.status === 'quarantined') {
        return fail('INTERNAL', `the ledger refused the service's own event ${e.id} (${o.code})`, {
          details: { eventId: e.id, ...(o.code !== undefined ? { code: o.code } : {}) },
        });
      }
    }
    return ok(undefined);
  }

  /** The reserve decision: the reservation book, on the ATP of the locked rows. */
  reserve(
    rows: PositionSnapshot,
    refs: readonly PositionRef[],
    command: CreateReservationRequest & { readonly idempotencyKey: string },
    reservationId: string,
    request: unknown,
    now: string,
    principal: string | null,
  ): ReserveDecision {
    const { projection } = this.deps;
    if (!projection.matches(rows, refs)) return this.behind();
    if (projection.ledger.reservation(reservationId)) {
      return fail('RESERVATION_EXISTS', `reservation ${reservationId} already exists`, {
        details: { reservationId },
      });
    }
    const book = new ReservationBook({
      items: this.deps.items,
      locations: this.deps.locations,
      groups: this.deps.groups,
      availability: (sku, location, channel) => this.atp(rows, sku, location, channel, now),
    });
    const cmd = {
      ...command,
      type: 'create',
      reservationId: asId<ReservationId>(reservationId),
    } as BookCommand;
    const r = book.execute(cmd, now);
    if (!r.ok) return r;
    const ev = this.toEvents(r.value.reservation, r.value.events, now, principal);
    if (!ev.ok) return ev;
    const fed = this.feed(ev.value.events);
    if (!fed.ok) return fed;
    const view = toView(r.value.reservation);
    const result: StoredResult = { reservation: view, shortfalls: r.value.shortfalls, request };
    return {
      ok: true,
      reservation: {
        id: view.id,
        state: view.state,
        lines: view.lines,
        expiresAt: view.expiresAt,
        data: view,
      },
      positions: projection.rows(refs),
      outbox: ev.value.bus,
      events: ev.value.stored,
      result,
    };
  }

  /** A transition decision: the state machine on the stored reservation, positions by the ledger. */
  transition(
    rec: ReservationRecord,
    rows: PositionSnapshot,
    refs: readonly PositionRef[],
    now: string,
    principal: string | null,
    commandOf: (r: Reservation, rows: PositionSnapshot) => Result<MachineCommand>,
    request?: unknown,
  ): TransitionDecision {
    const { projection } = this.deps;
    const locked = new Set(refs.map(refKey));
    // a transfer since the caller read the reservation may have moved a line out of the locked set
    if (lineRefs(rec.lines).some((r) => !locked.has(refKey(r)))) return this.behind();
    if (!projection.matches(rows, refs)) return this.behind();
    const current = fromView(rec.data as ReservationView, (s) => this.item(s));
    const cmd = commandOf(current, rows);
    if (!cmd.ok) return cmd;
    const t = transition(current, cmd.value, now);
    if (!t.ok) return t;
    const ev = this.toEvents(t.value.next, t.value.events, now, principal);
    if (!ev.ok) return ev;
    const fed = this.feed(ev.value.events);
    if (!fed.ok) return fed;
    const view = toView(t.value.next);
    const result: StoredResult = { reservation: view, shortfalls: [], request };
    return {
      ok: true,
      reservation: { state: view.state, lines: view.lines, expiresAt: view.expiresAt, data: view },
      positions: projection.rows(refs),
      outbox: ev.value.bus,
      events: ev.value.stored,
      result,
    };
  }

  /** The machine command of a validated request (a transfer checks the target's ATP here). */
  machineCommand(
    type: TransitionType,
    body: Record<string, unknown>,
    current: Reservation,
    rows: PositionSnapshot,
    now: string,
  ): Result<MachineCommand> {
    const str = (k: string) => (typeof body[k] === 'string' ? { [k]: body[k] as string } : {});
    switch (type) {
      case 'commit':
        return ok({ type: 'commit', ...str('orderRef') });
      case 'release':
        return ok({ type: 'release', ...str('reason') });
      case 'extend':
        return ok({ type: 'extend', expiresAt: body.expiresAt as string });
      case 'fulfil': {
        const lines = [];
        for (const l of body.lines as { sku: string; location: string; qty: string }[]) {
          const item = this.item(l.sku);
          if (!item) return fail('ITEM_UNKNOWN', `no item with sku "${l.sku}"`, { details: { sku: l.sku } });
          const qty = Quantity.parse(l.qty, itemSpec(item), 'positive');
          if (!qty.ok) return qty;
          lines.push({ sku: asId<Sku>(l.sku), location: asId<LocationId>(l.location), qty: qty.value });
        }
        return ok({ type: 'fulfil', lines, ...str('documentRef') });
      }
      case 'transfer': {
        const { sku, from, to } = body as { sku: string; from: string; to: string };
        const moving = current.lines
          .filter((l) => l.sku === sku && l.location === from)
          .reduce<Quantity | undefined>(
            (sum, l) => (sum ? sum.add(remainingOf(l)) : remainingOf(l)),
            undefined,
          );
        if (moving !== undefined && current.state !== 'fulfilled') {
          const available = this.atp(rows, sku, to, current.channel, now);
          if (available.lt(moving)) {
            return fail('INSUFFICIENT_STOCK', `${to} cannot cover ${moving.toString()} of ${sku}`, {
              details: { sku, location: to, requested: moving.toString(), available: available.toString() },
            });
          }
        }
        return ok({
          type: 'transfer',
          sku: asId<Sku>(sku),
          from: asId<LocationId>(from),
          to: asId<LocationId>(to),
        });
      }
    }
  }

  /** The first field in which a request differs from the one an idempotency key was first used with. */
  differingField(first: unknown, request: unknown): string {
    const stored = (first as Partial<StoredResult> | undefined)?.request;
    const typeOf = (x: unknown) => (x as { type?: unknown } | undefined)?.type;
    if (typeOf(stored) !== typeOf(request)) return 'type';
    return (stored === undefined ? undefined : firstDifference(stored, request)) ?? 'payload';
  }
}
