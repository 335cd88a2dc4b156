import {
  type ChannelId,
  fail,
  type Item,
  type ItemLookup,
  itemSpec,
  type Location,
  type LocationGroup,
  type LocationId,
  ok,
  type OmnistockErrorData,
  positionKey,
  Quantity,
  type Result,
  sellMultipleOf,
  type Sku,
} from '@omnistock/core';
import {
  type Allocation,
  type AllocationCandidate,
  type AllocationStrategy,
  builtInStrategies,
} from './allocation';
import type { BookCommand } from './commands';
import { ExpiryHeap } from './internal/heap';
import { IdempotencyStore, type Payload } from './internal/idempotency';
import { type AllocatedLine, type MachineCommand, transition } from './machine';
import { remainingOf, type Reservation, type ReservationEmission } from './model';

/**
 * Gross availability: what a location can promise a channel for a sku **before** this book's own
 * live reservations are deducted (e.g. `sellable` of the position, or ATP computed with the
 * reserved/committed buckets zeroed). The book subtracts its held and committed quantities itself.
 */
export type AvailabilityFn = (sku: Sku, location: LocationId, channel: ChannelId) => Quantity;

/** Options of a {@link ReservationBook}. */
export interface ReservationBookOptions {
  /** The item catalog: quantities are parsed at each item's scale. */
  readonly items: ItemLookup;
  readonly availability: AvailabilityFn;
  /** Known locations (their `priority` orders group allocation). When given, others are unknown. */
  readonly locations?: Iterable<Location>;
  readonly groups?: Iterable<LocationGroup>;
  /** Extra strategies (by `name`), in addition to `priority`, `singleLocation`, `mostAvailable`. */
  readonly strategies?: Iterable<AllocationStrategy>;
  /** The strategy used when a create names none; default `priority`. */
  readonly defaultStrategy?: string;
  /** How long idempotency keys are kept; default 24 h. */
  readonly idempotencyRetentionMs?: number;
  /** Backorder: how far below zero a channel may reserve at a location (default none). */
  readonly backorder?: (sku: Sku, location: LocationId, channel: ChannelId) => Quantity | undefined;
}

/** A requested line that could not be fully reserved. */
export interface Shortfall {
  readonly line: number;
  readonly sku: Sku;
  readonly location?: LocationId;
  readonly group?: string;
  readonly requested: string;
  readonly reserved: string;
}

/** The result of a successful command. */
export interface CommandOutcome {
  readonly reservation: Reservation;
  /** Events to publish. Do not publish them again when `replayed` is true. */
  readonly events: readonly ReservationEmission[];
  /** Lines reserved short (only with `allowPartial`). */
  readonly shortfalls: readonly Shortfall[];
  /** True when this is the stored first result of an idempotency key. */
  readonly replayed: boolean;
}

/** What an expiry sweep did. */
export interface SweepResult {
  readonly expired: readonly Reservation[];
  readonly events: readonly ReservationEmission[];
  readonly purgedKeys: number;
}

/** Held and committed totals of live reservations at one sku × location. */
export interface LiveTotals {
  readonly sku: Sku;
  readonly location: LocationId;
  readonly held: Quantity;
  readonly committed: Quantity;
}

const DAY_MS = 24 * 3600 * 1000;

interface MutableTotals {
  sku: Sku;
  location: LocationId;
  held: Quantity;
  committed: Quantity;
}

/**
 * An in-memory reservation book: reserves multi-line orders against locations or groups (all or
 * nothing unless `allowPartial`), runs every change through the state machine, keeps idempotency
 * records and an expiry index. Deterministic: time is passed to every call; no clock, no I/O.
 * @example
 * const book = new ReservationBook({ items, availability: (sku, loc) => Quantity.of('10', 'each') });
 * const r = book.execute({ type: 'create', idempotencyKey: 'k1', reservationId: asId('r1'),
 *   channel: asId('web'), lines: [{ sku: asId('A'), location: asId('s1'), qty: '2' }],
 *   expiresAt: '2026-01-01T10:15:00Z' }, '2026-01-01T10:00:00Z');
 */
export class ReservationBook {
  private readonly reservations = new Map<string, Reservation>();
  private readonly totals = new Map<string, MutableTotals>();
  private readonly keys: IdempotencyStore<CommandOutcome>;
  private readonly expiries = new ExpiryHeap();
  private readonly findItem: (sku: string) => Item | undefined;
  private readonly locations: ReadonlyMap<string, Location> | undefined;
  private readonly groups: ReadonlyMap<string, LocationGroup>;
  private readonly strategies: ReadonlyMap<string, AllocationStrategy>;
  private readonly defaultStrategy: string;

  constructor(private readonly options: ReservationBookOptions) {
    const items = options.items;
    this.findItem = typeof items === 'function' ? items : (sku) => items.get(sku);
    this.locations = options.locations ? new Map([...options.locations].map((l) => [l.id, l])) : undefined;
    this.groups = new Map([...(options.groups ?? [])].map((g) => [g.id, g]));
    this.strategies = new Map(
      [...Object.values(builtInStrategies), ...(options.strategies ?? [])].map((s) => [s.name, s]),
    );
    this.defaultStrategy = options.defaultStrategy ?? 'priority';
    this.keys = new IdempotencyStore(options.idempotencyRetentionMs ?? DAY_MS);
  }

  /**
   * A reservation by id.
   * @example
   * book.get(asId('r1'))?.state; // 'held'
   */
  get(id: string): Reservation | undefined {
    return this.reservations.get(id);
  }

  /**
   * All reservations, in creation order.
   * @example
   * [...book.all()].filter((r) => r.state === 'held').length;
   */
  all(): IterableIterator<Reservation> {
    return this.reservations.values();
  }

  /**
   * Held and committed remaining quantities of live reservations at a sku × location.
   * @example
   * book.liveTotals(asId('A'), asId('s1'))?.held.toString(); // '2'
   */
  liveTotals(sku: Sku, location: LocationId): LiveTotals | undefined {
    return this.totals.get(positionKey(sku, location));
  }

  /**
   * Every sku × location with live reservations (or that had them).
   * @example
   * for (const t of book.allLiveTotals()) console.log(t.sku, t.held.toString());
   */
  allLiveTotals(): IterableIterator<LiveTotals> {
    return this.totals.values();
  }

  /**
   * What a location can still promise a channel: gross availability − held − committed (+ backorder).
   * @example
   * book.available(asId('A'), asId('s1'), asId('web')).toString(); // '8'
   */
  available(sku: Sku, location: LocationId, channel: ChannelId): Quantity {
    const gross = this.options.availability(sku, location, channel);
    const t = this.totals.get(positionKey(sku, location));
    const backorder = this.options.backorder?.(sku, location, channel);
    let a = t ? gross.sub(t.held).sub(t.committed) : gross;
    if (backorder) a = a.add(backorder);
    return a;
  }

  /**
   * Runs one command at time `now` (RFC 3339). Same idempotency key and payload → the first result
   * (`replayed: true`); same key, different payload → `IDEMPOTENCY_CONFLICT` naming the field.
   * Only successful outcomes are recorded: a failed command may be retried with its key.
   * @example
   * book.execute({ type: 'commit', idempotencyKey: 'k2', reservationId: asId('r1') }, now);
   */
  execute(command: BookCommand, now: string): Result<CommandOutcome> {
    const nowMs = Date.parse(now);
    if (Number.isNaN(nowMs))
      return fail('VALIDATION_FAILED', `now "${now}" is not a timestamp`, { path: ['now'] });
    const normal = this.normalise(command);
    if (!normal.ok) return normal;
    const payload = normal.value.payload;
    const seen = this.keys.lookup(command.idempotencyKey, payload, nowMs);
    if (seen.kind === 'replay') return ok({ ...seen.result, replayed: true });
    if (seen.kind === 'conflict') {
      return fail(
        'IDEMPOTENCY_CONFLICT',
        `idempotency key "${command.idempotencyKey}" was used with a different ${seen.field}`,
        {
          path: seen.field.split(/[.[\]]+/).filter((s) => s !== ''),
          details: {
            idempotencyKey: command.idempotencyKey,
            field: seen.field,
            first: seen.first,
            now: seen.now,
          },
        },
      );
    }
    const current = this.reservations.get(command.reservationId);
    if (
      command.type !== 'create' &&
      command.expectedVersion !== undefined &&
      current !== undefined &&
      current.version !== command.expectedVersion
    ) {
      return fail('VERSION_CONFLICT', `reservation ${current.id} is at version ${current.version}`, {
        details: { reservationId: current.id, expected: command.expectedVersion, actual: current.version },
      });
    }
    const result = this.run(normal.value.machine, current, command, now);
    if (!result.ok) return result;
    this.apply(current, result.value.reservation);
    this.keys.record(command.idempotencyKey, payload, result.value, nowMs);
    return result;
  }

  /**
   * Expires every hold whose `expiresAt` ≤ now and forgets idempotency keys past retention.
   * @example
   * book.sweep('2026-01-01T11:00:00Z').expired.map((r) => r.id);
   */
  sweep(now: string): SweepResult {
    const nowMs = Date.parse(now);
    const expired: Reservation[] = [];
    const events: ReservationEmission[] = [];
    for (let top = this.expiries.peek(); top !== undefined && top <= nowMs; top = this.expiries.peek()) {
      const entry = this.expiries.pop()!;
      const r = this.reservations.get(entry.id);
      if (r?.state !== 'held' || r.expiresAt === null || Date.parse(r.expiresAt) !== entry.at) continue;
      const t = transition(r, { type: 'expire' }, now);
      if (!t.ok) continue;
      this.apply(r, t.value.next);
      expired.push(t.value.next);
      events.push(...t.value.events);
    }
    return { expired, events, purgedKeys: this.keys.purge(nowMs) };
  }

  private run(
    machine: MachineCommand | 'allocate',
    current: Reservation | undefined,
    command: BookCommand,
    now: string,
  ): Result<CommandOutcome> {
    let shortfalls: Shortfall[] = [];
    let cmd: MachineCommand;
    if (machine === 'allocate') {
      if (command.type !== 'create') return fail('INTERNAL', 'allocate without create');
      if (current) {
        return fail('RESERVATION_EXISTS', `reservation ${current.id} already exists`, {
          details: { reservationId: current.id, state: current.state },
        });
      }
      const alloc = this.allocate(command);
      if (!alloc.ok) return alloc;
      shortfalls = alloc.value.shortfalls;
      cmd = {
        type: 'hold',
        reservationId: command.reservationId,
        channel: command.channel,
        lines: alloc.value.lines,
        expiresAt: command.expiresAt,
        ...(command.orderRef !== undefined ? { orderRef: command.orderRef } : {}),
      };
    } else {
      cmd = machine;
    }
    const t = transition(current, cmd, now);
    if (!t.ok) return t;
    if (cmd.type === 'transfer' && current) {
      const line = current.lines.find((l) => l.sku === cmd.sku && l.location === cmd.from);
      if (line) {
        const need = remainingOf(line);
        const can = this.available(cmd.sku, cmd.to, current.channel);
        if (can.lt(need)) {
          return fail('INSUFFICIENT_STOCK', `${cmd.to} cannot cover ${need.toString()} of ${cmd.sku}`, {
            details: {
              sku: cmd.sku,
              location: cmd.to,
              requested: need.toString(),
              available: can.toString(),
            },
          });
        }
      }
    }
    return ok({ reservation: t.value.next, events: t.value.events, shortfalls, replayed: false });
  }

  /** Applies a new reservation state: live totals and the expiry index. */
  private apply(before: Reservation | undefined, after: Reservation): void {
    if (before) this.contribute(before, -1);
    this.contribute(after, 1);
    this.reservations.set(after.id, after);
    if (after.state === 'held' && after.expiresAt !== null && after.expiresAt !== before?.expiresAt) {
      this.expiries.push(Date.parse(after.expiresAt), after.id);
    }
  }

  private contribute(r: Reservation, sign: 1 | -1): void {
    const bucket = r.state === 'held' ? 'held' : r.state === 'committed' ? 'committed' : undefined;
    if (!bucket) return;
    for (const l of r.lines) {
      const rem = remainingOf(l);
      if (rem.isZero()) continue;
      const key = positionKey(l.sku, l.location);
      let t = this.totals.get(key);
      if (!t) {
        const zero = Quantity.zero(rem.spec);
        t = { sku: l.sku, location: l.location, held: zero, committed: zero };
        this.totals.set(key, t);
      }
      t[bucket] = sign > 0 ? t[bucket].add(rem) : t[bucket].sub(rem);
    }
  }

  /** Validates quantities and ids; builds the canonical payload fingerprinted for idempotency. */
  private normalise(c: BookCommand): Result<{ payload: Payload; machine: MachineCommand | 'allocate' }> {
    const ver =
      c.type !== 'create' && c.expectedVersion !== undefined ? { expectedVersion: c.expectedVersion } : {};
    // a switch over the command union (exhaustive through `never`): hot path, see bench/ledger.bench.ts
    switch (c.type) {
      case 'create': {
        const lines: Payload[] = [];
        for (const [i, l] of c.lines.entries()) {
          const item = this.item(l.sku, ['lines', i, 'sku']);
          if (!item.ok) return item;
          const q = this.qty(item.value, l.qty, ['lines', i, 'qty']);
          if (!q.ok) return q;
          if ((l.location === undefined) === (l.group === undefined)) {
            return fail('VALIDATION_FAILED', `line ${i}: exactly one of location or group`, {
              path: ['lines', i, 'location'],
            });
          }
          if (l.location !== undefined && this.locations && !this.locations.has(l.location)) {
            return fail('LOCATION_UNKNOWN', `unknown location ${l.location}`, {
              path: ['lines', i, 'location'],
              details: { location: l.location },
            });
          }
          if (l.group !== undefined && !this.groups.has(l.group)) {
            return fail('GROUP_UNKNOWN', `unknown location group ${l.group}`, {
              path: ['lines', i, 'group'],
              details: { group: l.group },
            });
          }
          lines.push({
            sku: l.sku,
            ...(l.location !== undefined ? { location: l.location } : { group: l.group }),
            qty: q.value.toString(),
          });
        }
        if (lines.length === 0) return fail('VALIDATION_FAILED', 'at least one line', { path: ['lines'] });
        const strategy = c.strategy ?? this.defaultStrategy;
        if (!this.strategies.has(strategy)) {
          return fail('VALIDATION_FAILED', `unknown allocation strategy "${strategy}"`, {
            path: ['strategy'],
            details: { strategy, known: [...this.strategies.keys()] },
          });
        }
        if (Number.isNaN(Date.parse(c.expiresAt))) {
          return fail('VALIDATION_FAILED', `expiresAt "${c.expiresAt}" is not a timestamp`, {
            path: ['expiresAt'],
          });
        }
        return ok({
          payload: {
            type: 'create',
            reservationId: c.reservationId,
            channel: c.channel,
            lines,
            expiresAt: c.expiresAt,
            orderRef: c.orderRef,
            allowPartial: c.allowPartial ?? false,
            strategy,
          },
          machine: 'allocate' as const,
        });
      }
      case 'commit':
        return ok({
          payload: { type: 'commit', reservationId: c.reservationId, orderRef: c.orderRef, ...ver },
          machine: { type: 'commit' as const, ...(c.orderRef !== undefined ? { orderRef: c.orderRef } : {}) },
        });
      case 'release':
        return ok({
          payload: { type: 'release', reservationId: c.reservationId, reason: c.reason, ...ver },
          machine: { type: 'release' as const, ...(c.reason !== undefined ? { reason: c.reason } : {}) },
        });
      case 'expire':
        return ok({
          payload: { type: 'expire', reservationId: c.reservationId, ...ver },
          machine: { type: 'expire' as const },
        });
      case 'extend': {
        if (Number.isNaN(Date.parse(c.expiresAt))) {
          return fail('VALIDATION_FAILED', `expiresAt "${c.expiresAt}" is not a timestamp`, {
            path: ['expiresAt'],
          });
        }
        return ok({
          payload: { type: 'extend', reservationId: c.reservationId, expiresAt: c.expiresAt, ...ver },
          machine: { type: 'extend' as const, expiresAt: c.expiresAt },
        });
      }
      case 'transfer': {
        if (this.locations && !this.locations.has(c.to)) {
          return fail('LOCATION_UNKNOWN', `unknown location ${c.to}`, {
            path: ['to'],
            details: { location: c.to },
          });
        }
        return ok({
          payload: {
            type: 'transfer',
            reservationId: c.reservationId,
            sku: c.sku,
            from: c.from,
            to: c.to,
            ...ver,
          },
          machine: { type: 'transfer' as const, sku: c.sku, from: c.from, to: c.to },
        });
      }
      case 'fulfil': {
        const lines: { sku: Sku; location: LocationId; qty: Quantity }[] = [];
        for (const [i, l] of c.lines.entries()) {
          const item = this.item(l.sku, ['lines', i, 'sku']);
          if (!item.ok) return item;
          const q = this.qty(item.value, l.qty, ['lines', i, 'qty']);
          if (!q.ok) return q;
          lines.push({ sku: l.sku, location: l.location, qty: q.value });
        }
        if (lines.length === 0) return fail('VALIDATION_FAILED', 'at least one line', { path: ['lines'] });
        return ok({
          payload: {
            type: 'fulfil',
            reservationId: c.reservationId,
            lines: lines.map((l) => ({ sku: l.sku, location: l.location, qty: l.qty.toString() })),
            documentRef: c.documentRef,
            ...ver,
          },
          machine: {
            type: 'fulfil' as const,
            lines,
            ...(c.documentRef !== undefined ? { documentRef: c.documentRef } : {}),
          },
        });
      }
      default: {
        const unreachable: never = c;
        return unreachable;
      }
    }
  }

  private item(sku: string, path: (string | number)[]): Result<Item> {
    const item = this.findItem(sku);
    return item ? ok(item) : fail('ITEM_UNKNOWN', `no item with sku "${sku}"`, { path, details: { sku } });
  }

  private qty(item: Item, text: unknown, path: (string | number)[]): Result<Quantity> {
    const q = Quantity.parse(text, itemSpec(item), 'positive');
    return q.ok ? q : { ok: false, error: { ...q.error, path } };
  }

  /** Allocates every requested line; all or nothing unless `allowPartial`. */
  private allocate(
    c: Extract<BookCommand, { type: 'create' }>,
  ): Result<{ lines: AllocatedLine[]; shortfalls: Shortfall[] }> {
    const scratch = new Map<string, Quantity>();
    const avail = (sku: Sku, loc: LocationId): Quantity => {
      const a = this.available(sku, loc, c.channel);
      const used = scratch.get(positionKey(sku, loc));
      return used ? a.sub(used) : a;
    };
    const take = (sku: Sku, loc: LocationId, q: Quantity) => {
      const k = positionKey(sku, loc);
      const used = scratch.get(k);
      scratch.set(k, used ? used.add(q) : q);
    };
    const strategy = this.strategies.get(c.strategy ?? this.defaultStrategy)!;
    const parts: AllocatedLine[] = [];
    const shortfalls: Shortfall[] = [];
    const insufficient: Record<string, unknown>[] = [];
    for (const [i, l] of c.lines.entries()) {
      const item = this.findItem(l.sku)!;
      const requested = Quantity.parse(l.qty, itemSpec(item), 'positive');
      if (!requested.ok) return requested;
      const want = requested.value;
      let got: Allocation[];
      let availableTotal: Quantity;
      if (l.location !== undefined) {
        const a = avail(l.sku, l.location);
        availableTotal = a;
        const q = a.gte(want)
          ? want
          : c.allowPartial
            ? roundDown(a.max(want.sub(want)), item)
            : want.sub(want);
        got = q.isPositive() ? [{ location: l.location, qty: q }] : [];
      } else {
        const group = this.groups.get(l.group as string)!;
        const candidates: AllocationCandidate[] = group.locations.map((loc, idx) => ({
          location: loc,
          priority: this.locations?.get(loc)?.priority ?? idx,
          available: avail(l.sku, loc),
        }));
        availableTotal = Quantity.sum(
          candidates.map((x) => x.available.max(want.sub(want))),
          want.spec,
        );
        got = [...strategy.allocate({ sku: l.sku, channel: c.channel, qty: want, candidates })];
        const check = checkParts(got, candidates, want, strategy.name);
        if (check) return { ok: false, error: check };
        const sum = Quantity.sum(
          got.map((p) => p.qty),
          want.spec,
        );
        if (sum.lt(want)) {
          if (!c.allowPartial) got = [];
          else got = trimToMultiple(got, roundDown(sum, item), item);
        }
      }
      const sum = Quantity.sum(
        got.map((p) => p.qty),
        want.spec,
      );
      if (sum.lt(want)) {
        const where = l.location !== undefined ? { location: l.location } : { group: l.group as string };
        shortfalls.push({
          line: i,
          sku: l.sku,
          ...where,
          requested: want.toString(),
          reserved: sum.toString(),
        });
        insufficient.push({
          line: i,
          sku: l.sku,
          ...where,
          requested: want.toString(),
          available: availableTotal.max(want.sub(want)).toString(),
        });
      }
      for (const p of got) {
        take(l.sku, p.location, p.qty);
        parts.push({
          sku: l.sku,
          location: p.location,
          ...(l.group !== undefined ? { group: l.group } : {}),
          qty: p.qty,
        });
      }
    }
    const lines = mergeParts(parts);
    if ((shortfalls.length > 0 && !c.allowPartial) || lines.length === 0) {
      const first = insufficient[0] ?? {};
      return fail('INSUFFICIENT_STOCK', `not enough stock for ${insufficient.length} line(s)`, {
        details: { ...first, lines: insufficient },
      });
    }
    return ok({ lines, shortfalls });
  }
}

function roundDown(q: Quantity, item: Item): Quantity {
  return item.sellMultiple === undefined ? q : q.roundDownTo(sellMultipleOf(item));
}

/** Trims a partial group allocation (from the end) to `target`, so the total is a sell multiple. */
function trimToMultiple(parts: Allocation[], target: Quantity, _item: Item): Allocation[] {
  const out: Allocation[] = [];
  let left = target;
  for (const p of parts) {
    if (!left.isPositive()) break;
    const q = p.qty.min(left);
    out.push({ location: p.location, qty: q });
    left = left.sub(q);
  }
  return out;
}

function checkParts(
  parts: readonly Allocation[],
  candidates: readonly AllocationCandidate[],
  want: Quantity,
  name: string,
): OmnistockErrorData | undefined {
  let sum = want.sub(want);
  const seen = new Set<string>();
  for (const p of parts) {
    const c = candidates.find((x) => x.location === p.location);
    if (!c || !p.qty.isPositive() || p.qty.gt(c.available) || seen.has(p.location)) {
      return {
        code: 'INTERNAL',
        message: `allocation strategy "${name}" returned an invalid part at ${p.location}`,
        details: { strategy: name, location: p.location },
      };
    }
    seen.add(p.location);
    sum = sum.add(p.qty);
  }
  if (sum.gt(want)) {
    return {
      code: 'INTERNAL',
      message: `allocation strategy "${name}" over-allocated`,
      details: { strategy: name },
    };
  }
  return undefined;
}

function mergeParts(parts: readonly AllocatedLine[]): AllocatedLine[] {
  const byKey = new Map<string, AllocatedLine>();
  for (const p of parts) {
    const k = positionKey(p.sku, p.location);
    const prev = byKey.get(k);
    if (!prev) byKey.set(k, p);
    else {
      const { group: _g, ...rest } = prev;
      const merged = { ...rest, qty: prev.qty.add(p.qty) };
      byKey.set(
        k,
        prev.group !== undefined && prev.group === p.group ? { ...merged, group: prev.group } : merged,
      );
    }
  }
  return [...byKey.values()];
}
