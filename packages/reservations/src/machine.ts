import {
  type ChannelId,
  fail,
  type LocationGroupId,
  type LocationId,
  ok,
  type OmnistockErrorData,
  type Quantity,
  type ReservationId,
  type Result,
  type Sku,
} from '@omnistock/core';
import { match, P } from 'ts-pattern';
import {
  isTerminal,
  remainingOf,
  type Reservation,
  type ReservationEmission,
  type ReservationLine,
} from './model';

/** A line already allocated to a location (the book allocates group lines before holding). */
export interface AllocatedLine {
  readonly sku: Sku;
  readonly location: LocationId;
  readonly group?: LocationGroupId;
  readonly qty: Quantity;
}

/** A consumed quantity at an allocated sku × location. */
export interface ConsumedLine {
  readonly sku: Sku;
  readonly location: LocationId;
  readonly qty: Quantity;
}

/** The commands of the reservation state machine (domain form: exact quantities, allocated lines). */
export type MachineCommand =
  | {
      readonly type: 'hold';
      readonly reservationId: ReservationId;
      readonly channel: ChannelId;
      readonly lines: readonly AllocatedLine[];
      readonly expiresAt: string;
      readonly orderRef?: string;
    }
  | { readonly type: 'commit'; readonly orderRef?: string }
  | { readonly type: 'release'; readonly reason?: string }
  | { readonly type: 'expire' }
  | { readonly type: 'extend'; readonly expiresAt: string }
  | { readonly type: 'fulfil'; readonly lines: readonly ConsumedLine[]; readonly documentRef?: string }
  | { readonly type: 'transfer'; readonly sku: Sku; readonly from: LocationId; readonly to: LocationId };

/** What a successful transition produces: the next state and the events to emit (effects, not performed). */
export interface Transition {
  readonly next: Reservation;
  readonly events: readonly ReservationEmission[];
}

type Out = Result<Transition>;

const ms = (t: string): number => Date.parse(t);

function invalid(r: Reservation, command: string, extra: Record<string, unknown> = {}): Out {
  return fail('INVALID_TRANSITION', `reservation ${r.id} is ${r.state}: cannot ${command}`, {
    details: { reservationId: r.id, state: r.state, command, ...extra },
  });
}

function notFound(command: string): Out {
  return fail('RESERVATION_NOT_FOUND', `no reservation to ${command}`, { details: { command } });
}

/** A hold at or past its expiresAt accepts only `expire`: expiry wins every race from that instant. */
function expiredHold(r: Reservation, command: string, now: string): OmnistockErrorData | undefined {
  if (r.state !== 'held' || r.expiresAt === null || ms(now) < ms(r.expiresAt)) return undefined;
  return {
    code: 'RESERVATION_EXPIRED',
    message: `reservation ${r.id} expired at ${r.expiresAt}: cannot ${command}`,
    details: { reservationId: r.id, expiresAt: r.expiresAt, command },
  };
}

function stamp(r: Reservation, now: string, patch: Partial<Reservation>): Reservation {
  return { ...r, ...patch, updatedAt: now, version: r.version + 1 };
}

function resolve(r: Reservation, state: 'fulfilled' | 'released' | 'expired', now: string): Reservation {
  return stamp(r, now, { state, expiresAt: null, resolvedAt: now });
}

/**
 * The reservation state machine (DESIGN §5) as a pure transition function: given the current
 * reservation (undefined before `hold`), a command and the time, it returns the next reservation and
 * the `omnistock.reservation.*.v1` events to emit, or a typed error. Never a silent no-op: every
 * command that does not apply is an error (`INVALID_TRANSITION`, `RESERVATION_EXPIRED`,
 * `QUANTITY_EXCEEDS_REMAINING`, ...). Terminal states accept nothing, so a reservation resolves at
 * most once.
 * @example
 * const held = transition(undefined, { type: 'hold', reservationId: asId('r1'), channel: asId('web'),
 *   lines: [{ sku: asId('A'), location: asId('s1'), qty: Quantity.of('2', 'each') }],
 *   expiresAt: '2026-01-01T10:15:00Z' }, '2026-01-01T10:00:00Z');
 * if (held.ok) transition(held.value.next, { type: 'commit' }, '2026-01-01T10:05:00Z');
 */
export function transition(current: Reservation | undefined, command: MachineCommand, now: string): Out {
  if (command.type === 'hold') return hold(current, command, now);
  if (current === undefined) return notFound(command.type);
  if (isTerminal(current.state)) return invalid(current, command.type);
  const r = current;
  // dispatch on the command with a switch; each command's state table is an exhaustive ts-pattern match
  switch (command.type) {
    case 'expire':
      return match(r.state)
        .with('held', () => {
          if (r.expiresAt !== null && ms(now) < ms(r.expiresAt)) {
            return invalid(r, 'expire', { reason: 'notDue', expiresAt: r.expiresAt });
          }
          return ok({
            next: resolve(r, 'expired', now),
            events: [{ type: 'omnistock.reservation.expired.v1' as const, data: { reservationId: r.id } }],
          });
        })
        .with(P.union('committed', 'fulfilled', 'released', 'expired'), () => invalid(r, 'expire'))
        .exhaustive();
    case 'commit': {
      const c = command;
      const expired = expiredHold(r, 'commit', now);
      if (expired) return { ok: false as const, error: expired };
      return match(r.state)
        .with('held', () => {
          const orderRef = c.orderRef ?? r.orderRef;
          return ok({
            next: stamp(r, now, { state: 'committed', expiresAt: null, ...(orderRef ? { orderRef } : {}) }),
            events: [
              {
                type: 'omnistock.reservation.committed.v1' as const,
                data: { reservationId: r.id, ...(orderRef ? { orderRef } : {}) },
              },
            ],
          });
        })
        .with(P.union('committed', 'fulfilled', 'released', 'expired'), () => invalid(r, 'commit'))
        .exhaustive();
    }
    case 'release': {
      const c = command;
      const expired = expiredHold(r, 'release', now);
      if (expired) return { ok: false as const, error: expired };
      return match(r.state)
        .with(P.union('held', 'committed'), () =>
          ok({
            next: { ...resolve(r, 'released', now), ...(c.reason !== undefined ? { reason: c.reason } : {}) },
            events: [
              {
                type: 'omnistock.reservation.released.v1' as const,
                data: { reservationId: r.id, ...(c.reason !== undefined ? { reason: c.reason } : {}) },
              },
            ],
          }),
        )
        .with(P.union('fulfilled', 'released', 'expired'), () => invalid(r, 'release'))
        .exhaustive();
    }
    case 'extend': {
      const c = command;
      const expired = expiredHold(r, 'extend', now);
      if (expired) return { ok: false as const, error: expired };
      return match(r.state)
        .with('held', () => {
          if (!(ms(c.expiresAt) > ms(now))) {
            return fail('VALIDATION_FAILED', `expiresAt ${c.expiresAt} must be after now (${now})`, {
              path: ['expiresAt'],
              details: { reservationId: r.id, expiresAt: c.expiresAt, now },
            });
          }
          return ok({
            next: stamp(r, now, { expiresAt: c.expiresAt }),
            events: [
              {
                type: 'omnistock.reservation.extended.v1' as const,
                data: { reservationId: r.id, expiresAt: c.expiresAt },
              },
            ],
          });
        })
        .with(P.union('committed', 'fulfilled', 'released', 'expired'), () => invalid(r, 'extend'))
        .exhaustive();
    }
    case 'fulfil': {
      const c = command;
      const expired = expiredHold(r, 'fulfil', now);
      if (expired) return { ok: false as const, error: expired };
      return match(r.state)
        .with(P.union('held', 'committed'), () => fulfil(r, c, now))
        .with(P.union('fulfilled', 'released', 'expired'), () => invalid(r, 'fulfil'))
        .exhaustive();
    }
    case 'transfer': {
      const c = command;
      const expired = expiredHold(r, 'transfer', now);
      if (expired) return { ok: false as const, error: expired };
      return match(r.state)
        .with(P.union('held', 'committed'), () => transfer(r, c, now))
        .with(P.union('fulfilled', 'released', 'expired'), () => invalid(r, 'transfer'))
        .exhaustive();
    }
  }
}

function hold(
  current: Reservation | undefined,
  c: Extract<MachineCommand, { type: 'hold' }>,
  now: string,
): Out {
  if (current !== undefined) {
    return fail('RESERVATION_EXISTS', `reservation ${current.id} already exists`, {
      details: { reservationId: current.id, state: current.state },
    });
  }
  if (c.lines.length === 0) {
    return fail('VALIDATION_FAILED', 'a reservation needs at least one line', { path: ['lines'] });
  }
  if (!(ms(c.expiresAt) > ms(now))) {
    return fail('VALIDATION_FAILED', `expiresAt ${c.expiresAt} must be after now (${now})`, {
      path: ['expiresAt'],
      details: { expiresAt: c.expiresAt, now },
    });
  }
  const lines: ReservationLine[] = [];
  const seen = new Set<string>();
  for (const [i, l] of c.lines.entries()) {
    const key = `${l.sku}|${l.location}`;
    if (seen.has(key) || !l.qty.isPositive()) {
      return fail(
        'VALIDATION_FAILED',
        `line ${i}: allocated lines must be positive and unique per sku × location`,
        {
          path: ['lines', i],
        },
      );
    }
    seen.add(key);
    lines.push({
      sku: l.sku,
      location: l.location,
      ...(l.group !== undefined ? { group: l.group } : {}),
      qty: l.qty,
      fulfilledQty: l.qty.sub(l.qty),
    });
  }
  const next: Reservation = {
    id: c.reservationId,
    channel: c.channel,
    state: 'held',
    lines,
    expiresAt: c.expiresAt,
    ...(c.orderRef !== undefined ? { orderRef: c.orderRef } : {}),
    createdAt: now,
    updatedAt: now,
    version: 1,
  };
  return ok({
    next,
    events: [
      {
        type: 'omnistock.reservation.held.v1',
        data: {
          reservationId: c.reservationId,
          channel: c.channel,
          lines: lines.map((l) => ({ sku: l.sku, location: l.location, qty: l.qty.toString() })),
          expiresAt: c.expiresAt,
          ...(c.orderRef !== undefined ? { orderRef: c.orderRef } : {}),
        },
      },
    ],
  });
}

function fulfil(r: Reservation, c: Extract<MachineCommand, { type: 'fulfil' }>, now: string): Out {
  if (c.lines.length === 0) {
    return fail('VALIDATION_FAILED', 'fulfil needs at least one line', { path: ['lines'] });
  }
  const consumed = new Map<string, Quantity>();
  for (const [i, l] of c.lines.entries()) {
    const key = `${l.sku}|${l.location}`;
    const line = r.lines.find((x) => x.sku === l.sku && x.location === l.location);
    if (!line) {
      return fail('VALIDATION_FAILED', `reservation ${r.id} has no line for ${l.sku} at ${l.location}`, {
        path: ['lines', i],
        details: { reservationId: r.id, sku: l.sku, location: l.location },
      });
    }
    if (!l.qty.isPositive()) {
      return fail('QUANTITY_NOT_POSITIVE', `line ${i}: fulfilled quantity must be positive`, {
        path: ['lines', i, 'qty'],
      });
    }
    const total = (consumed.get(key) ?? l.qty.sub(l.qty)).add(l.qty);
    const remaining = remainingOf(line);
    if (total.gt(remaining)) {
      return fail(
        'QUANTITY_EXCEEDS_REMAINING',
        `cannot fulfil ${total.toString()} of ${l.sku} at ${l.location}: ${remaining.toString()} remains`,
        {
          path: ['lines', i, 'qty'],
          details: {
            reservationId: r.id,
            sku: l.sku,
            location: l.location,
            requested: total.toString(),
            remaining: remaining.toString(),
          },
        },
      );
    }
    consumed.set(key, total);
  }
  const lines = r.lines.map((l) => {
    const q = consumed.get(`${l.sku}|${l.location}`);
    return q ? { ...l, fulfilledQty: l.fulfilledQty.add(q) } : l;
  });
  const complete = lines.every((l) => remainingOf(l).isZero());
  const base = { ...r, lines };
  const next = complete ? resolve(base, 'fulfilled', now) : stamp(base, now, {});
  return ok({
    next,
    events: [
      {
        type: 'omnistock.reservation.fulfilled.v1',
        data: {
          reservationId: r.id,
          lines: r.lines
            .filter((l) => consumed.has(`${l.sku}|${l.location}`))
            .map((l) => ({
              sku: l.sku,
              location: l.location,
              qty: (consumed.get(`${l.sku}|${l.location}`) as Quantity).toString(),
            })),
          complete,
          ...(c.documentRef !== undefined ? { documentRef: c.documentRef } : {}),
        },
      },
    ],
  });
}

function transfer(r: Reservation, c: Extract<MachineCommand, { type: 'transfer' }>, now: string): Out {
  if (c.from === c.to) {
    return fail('VALIDATION_FAILED', 'from and to must differ', { path: ['to'] });
  }
  const idx = r.lines.findIndex((l) => l.sku === c.sku && l.location === c.from);
  const line = r.lines[idx];
  if (!line) {
    return fail('VALIDATION_FAILED', `reservation ${r.id} has no line for ${c.sku} at ${c.from}`, {
      path: ['from'],
      details: { reservationId: r.id, sku: c.sku, location: c.from },
    });
  }
  const moved = remainingOf(line);
  if (!moved.isPositive()) {
    return invalid(r, 'transfer', { reason: 'nothingRemains', sku: c.sku, location: c.from });
  }
  const lines: ReservationLine[] = [];
  for (const l of r.lines) {
    if (l === line) {
      if (l.fulfilledQty.isPositive()) lines.push({ ...l, qty: l.fulfilledQty });
    } else if (l.sku === c.sku && l.location === c.to) {
      lines.push({ ...l, qty: l.qty.add(moved) });
    } else {
      lines.push(l);
    }
  }
  if (!lines.some((l) => l.sku === c.sku && l.location === c.to)) {
    lines.push({
      sku: c.sku,
      location: c.to,
      ...(line.group !== undefined ? { group: line.group } : {}),
      qty: moved,
      fulfilledQty: moved.sub(moved),
    });
  }
  return ok({
    next: stamp(r, now, { lines }),
    events: [
      {
        type: 'omnistock.reservation.transferred.v1',
        data: { reservationId: r.id, sku: c.sku, from: c.from, to: c.to, qty: moved.toString() },
      },
    ],
  });
}
