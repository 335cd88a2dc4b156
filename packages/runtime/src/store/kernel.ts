import { fail, type OmnistockErrorData, ok, type Result } from '@omnistock/core';
import type { BusEvent } from '../bus/event-bus';
import type {
  AppendOutcome,
  AppendRequest,
  ReserveDecision,
  ReserveOutcome,
  ReserveRequest,
  TransitionOutcome,
  TransitionRequest,
} from './inventory-store';
import type {
  IdempotencyInput,
  IdempotencyRecord,
  PositionRecord,
  PositionRef,
  ReservationRecord,
  StoredEvent,
  Writes,
} from './records';

/**
 * The operations a store offers inside one transaction. Stores implement these; the shared flows
 * below implement the guarantees on top of them, so every store behaves the same.
 */
export interface StoreTx {
  /** Locks (e.g. `SELECT … FOR UPDATE`) and reads the rows, in the given (sorted) order. */
  lockPositions(refs: readonly PositionRef[]): Promise<Map<string, PositionRecord>>;
  /** Inserts or updates position rows with the given versions. */
  writePositions(rows: readonly PositionRecord[]): Promise<void>;
  getIdempotency(key: string): Promise<IdempotencyRecord | undefined>;
  putIdempotency(record: IdempotencyRecord): Promise<void>;
  /** Reads (and locks) a reservation row. */
  getReservation(id: string): Promise<ReservationRecord | undefined>;
  /** Inserts a reservation row; false when the id exists. */
  insertReservation(record: ReservationRecord): Promise<boolean>;
  /** Updates a reservation row only if its version is `expectedVersion`; false otherwise. */
  updateReservation(record: ReservationRecord, expectedVersion: number): Promise<boolean>;
  insertOutbox(events: readonly BusEvent[], createdAt: string): Promise<void>;
  /** The stored payload of an event id, or undefined. */
  findEvent(id: string): Promise<BusEvent | undefined>;
  /** Appends an event (its id is new). */
  insertEvent(event: StoredEvent): Promise<void>;
  /** The transaction's clock (ISO). */
  now(): string;
}

/**
 * The key of a position row (`sku|location`).
 * @example
 * refKey({ sku: 'A', location: 'S1' }); // 'A|S1'
 */
export function refKey(ref: PositionRef): string {
  return `${ref.sku}|${ref.location}`;
}

/**
 * The refs de-duplicated and sorted by (sku, location): the one lock order every store uses, so
 * two transactions over overlapping rows never wait on each other in a cycle.
 * @example
 * lockOrder([{ sku: 'B', location: 'S1' }, { sku: 'A', location: 'S2' }]); // A|S2, B|S1
 */
export function lockOrder(refs: readonly PositionRef[]): PositionRef[] {
  const byKey = new Map<string, PositionRef>();
  for (const r of refs) byKey.set(refKey(r), { sku: r.sku, location: r.location });
  return [...byKey.values()].sort((a, b) =>
    a.sku < b.sku ? -1 : a.sku > b.sku ? 1 : a.location < b.location ? -1 : a.location > b.location ? 1 : 0,
  );
}

/**
 * JSON with object keys sorted: equal values give equal text, whatever the key order.
 * @example
 * canonicalJson({ b: 1, a: [2] }); // '{"a":[2],"b":1}'
 */
export function canonicalJson(value: unknown): string {
  return JSON.stringify(value, (_k, v: unknown) =>
    v && typeof v === 'object' && !Array.isArray(v)
      ? Object.fromEntries(Object.entries(v as Record<string, unknown>).sort(([a], [b]) => (a < b ? -1 : 1)))
      : v,
  );
}

/**
 * The stored form of a CloudEvent.
 * @example
 * toStoredEvent(event).sku; // the partition key
 */
export function toStoredEvent(event: BusEvent & { sequence?: unknown; principal?: unknown }): StoredEvent {
  return {
    id: event.id,
    type: event.type,
    source: event.source,
    sequence: event.sequence === undefined ? null : String(event.sequence),
    time: event.time,
    sku: event.partitionkey ?? null,
    payload: event,
    principal: typeof event.principal === 'string' ? event.principal : null,
  };
}

interface Locked {
  readonly rows: Map<string, PositionRecord>;
  readonly keys: ReadonlySet<string>;
}

async function applyWrites(tx: StoreTx, locked: Locked, writes: Writes): Promise<Result<void>> {
  const rows: PositionRecord[] = [];
  for (const p of writes.positions ?? []) {
    const key = refKey(p);
    if (!locked.keys.has(key)) {
      return fail('INTERNAL', `decision wrote position ${key}, which it did not lock`);
    }
    rows.push({ position: p, version: (locked.rows.get(key)?.version ?? 0) + 1 });
  }
  if (rows.length > 0) await tx.writePositions(rows);
  await insertNewEvents(tx, writes.events);
  if (writes.outbox && writes.outbox.length > 0) await tx.insertOutbox(writes.outbox, tx.now());
  return ok(undefined);
}

async function insertNewEvents(tx: StoreTx, events: readonly StoredEvent[] | undefined): Promise<void> {
  for (const e of events ?? []) {
    if ((await tx.findEvent(e.id)) === undefined) await tx.insertEvent(e);
  }
}

async function lock(tx: StoreTx, refs: readonly PositionRef[]): Promise<Locked> {
  const ordered = lockOrder(refs);
  const rows = ordered.length > 0 ? await tx.lockPositions(ordered) : new Map<string, PositionRecord>();
  return { rows, keys: new Set(ordered.map(refKey)) };
}

async function checkIdempotency(
  tx: StoreTx,
  idem: IdempotencyInput | undefined,
): Promise<Result<{ replay: unknown } | undefined>> {
  if (!idem) return ok(undefined);
  const existing = await tx.getIdempotency(idem.key);
  if (!existing || existing.expiresAt <= tx.now()) return ok(undefined);
  if (existing.payloadHash !== idem.payloadHash) {
    return fail('IDEMPOTENCY_CONFLICT', `idempotency key "${idem.key}" was used with a different payload`, {
      details: { key: idem.key },
    });
  }
  return ok({ replay: existing.result });
}

/**
 * The reserve flow (inside a store transaction): idempotency, locks in key order, the caller's
 * decision, then the positions, reservation row, outbox and idempotency record.
 * @example
 * const result = await reserveFlow(tx, { positions, decide }); // commit when result.ok
 */
export async function reserveFlow(tx: StoreTx, req: ReserveRequest): Promise<Result<ReserveOutcome>> {
  const idem = await checkIdempotency(tx, req.idempotency);
  if (!idem.ok) return idem;
  if (idem.value) return ok({ replayed: true, result: idem.value.replay });
  const locked = await lock(tx, req.positions);
  const d = guard(() => req.decide(locked.rows));
  if (!d.ok) return d;
  const reservation: ReservationRecord = { ...d.reservation, version: 1 };
  if (!(await tx.insertReservation(reservation))) {
    return fail('RESERVATION_EXISTS', `reservation ${reservation.id} already exists`, {
      details: { reservationId: reservation.id },
    });
  }
  const w = await applyWrites(tx, locked, d);
  if (!w.ok) return w;
  const result = d.result ?? reservation;
  if (req.idempotency) await tx.putIdempotency({ ...req.idempotency, result });
  return ok({ replayed: false, reservation, result });
}

/**
 * The transition flow: idempotency, the reservation row, version check, locks, decision, writes.
 * @example
 * const result = await transitionFlow(tx, { reservationId: 'r1', expectedVersion: 1, positions, decide });
 */
export async function transitionFlow(
  tx: StoreTx,
  req: TransitionRequest,
): Promise<Result<TransitionOutcome>> {
  const idem = await checkIdempotency(tx, req.idempotency);
  if (!idem.ok) return idem;
  if (idem.value) return ok({ replayed: true, result: idem.value.replay });
  const locked = await lock(tx, req.positions);
  const current = await tx.getReservation(req.reservationId);
  if (!current) {
    return fail('RESERVATION_NOT_FOUND', `no reservation ${req.reservationId}`, {
      details: { reservationId: req.reservationId },
    });
  }
  if (req.expectedVersion !== undefined && req.expectedVersion !== current.version) {
    return versionConflict(req.reservationId, req.expectedVersion, current.version);
  }
  const d = guard(() => req.decide(current, locked.rows));
  if (!d.ok) return d;
  const next: ReservationRecord = { ...d.reservation, id: current.id, version: current.version + 1 };
  if (!(await tx.updateReservation(next, current.version))) {
    return versionConflict(req.reservationId, current.version, -1);
  }
  const w = await applyWrites(tx, locked, d);
  if (!w.ok) return w;
  const result = d.result ?? next;
  if (req.idempotency) await tx.putIdempotency({ ...req.idempotency, result });
  return ok({ replayed: false, reservation: next, result });
}

function versionConflict(id: string, expected: number, actual: number) {
  return fail('VERSION_CONFLICT', `reservation ${id} is not at version ${expected}`, {
    details: {
      reservationId: id,
      expectedVersion: expected,
      ...(actual >= 0 ? { actualVersion: actual } : {}),
    },
  });
}

/**
 * The append flow: dedupe by id (conflict on a different payload), lock, project, write.
 * @example
 * const result = await appendFlow(tx, { events, positions, project });
 */
export async function appendFlow(tx: StoreTx, req: AppendRequest): Promise<Result<AppendOutcome>> {
  const appended: string[] = [];
  const duplicates: string[] = [];
  const conflicts: string[] = [];
  const fresh: StoredEvent[] = [];
  const seen = new Map<string, string>();
  // Lock positions first (fixed order) so concurrent appends of the same id serialise on them.
  const locked = await lock(tx, req.positions ?? []);
  for (const e of req.events) {
    const text = canonicalJson(e.payload);
    const inBatch = seen.get(e.id);
    const stored = inBatch === undefined ? await tx.findEvent(e.id) : undefined;
    const existing = inBatch ?? (stored === undefined ? undefined : canonicalJson(stored));
    if (existing === undefined) {
      await tx.insertEvent(e);
      seen.set(e.id, text);
      appended.push(e.id);
      fresh.push(e);
    } else if (existing === text) duplicates.push(e.id);
    else conflicts.push(e.id);
  }
  if (req.project && fresh.length > 0) {
    const w = await applyWrites(tx, locked, req.project(fresh, locked.rows));
    if (!w.ok) return w;
  }
  return ok({ appended, duplicates, conflicts });
}

/**
 * Runs async tasks one at a time, in call order: a store that has one connection uses it so two
 * transactions never interleave on it.
 * @example
 * const queue = new SerialQueue();
 * await queue.run(async () => work());
 */
export class SerialQueue {
  private tail: Promise<unknown> = Promise.resolve();
  private pending = 0;
  private readonly settle = () => {
    this.pending--;
  };

  run<T>(task: () => Promise<T>): Promise<T> {
    this.pending++;
    const next = this.tail.then(task, task);
    // registered before any caller's reaction to `next`: a caller resumed by it sees the queue idle
    this.tail = next.then(this.settle, this.settle);
    return next;
  }

  /**
   * True when no task is queued or running: work done synchronously now cannot interleave with a
   * queued task (a store may then answer a read at once instead of queueing it).
   * @example
   * if (queue.idle) return Promise.resolve(readNow());
   */
  get idle(): boolean {
    return this.pending === 0;
  }
}

/**
 * The coalesced reserve flow for stores whose operations are cheap in-process calls (SQLite):
 * many reservations in ONE transaction. The union of their rows is locked once in key order; each
 * decision runs in arrival order against the rows as the earlier reservations of the batch left
 * them, so each stays all-or-nothing and the batch never oversells; a refusal changes nothing.
 * Returns one result per request, in order; the transaction is committed whatever they are.
 * @example
 * const results = await reserveBatchFlow(tx, [requestA, requestB]);
 */
export async function reserveBatchFlow(
  tx: StoreTx,
  requests: readonly ReserveRequest[],
): Promise<Result<ReserveOutcome>[]> {
  const locked = await lock(
    tx,
    requests.flatMap((r) => r.positions),
  );
  const current = new Map(locked.rows);
  const dirty = new Set<string>();
  const outbox: BusEvent[] = [];
  const results: Result<ReserveOutcome>[] = [];
  for (const req of requests) {
    const idem = await checkIdempotency(tx, req.idempotency);
    if (!idem.ok) {
      results.push(idem);
      continue;
    }
    if (idem.value) {
      results.push(ok({ replayed: true, result: idem.value.replay }));
      continue;
    }
    const mine = new Set(req.positions.map(refKey));
    const view = new Map<string, PositionRecord>();
    for (const k of mine) {
      const row = current.get(k);
      if (row) view.set(k, row);
    }
    const d: ReserveDecision = guard(() => req.decide(view));
    if (!d.ok) {
      results.push(d);
      continue;
    }
    const bad = (d.positions ?? []).find((p) => !mine.has(refKey(p)));
    if (bad) {
      results.push(fail('INTERNAL', `decision wrote position ${refKey(bad)}, which it did not lock`));
      continue;
    }
    const reservation: ReservationRecord = { ...d.reservation, version: 1 };
    if (!(await tx.insertReservation(reservation))) {
      results.push(
        fail('RESERVATION_EXISTS', `reservation ${reservation.id} already exists`, {
          details: { reservationId: reservation.id },
        }),
      );
      continue;
    }
    for (const p of d.positions ?? []) {
      const k = refKey(p);
      current.set(k, { position: p, version: locked.rows.get(k)?.version ?? 0 });
      dirty.add(k);
    }
    outbox.push(...(d.outbox ?? []));
    await insertNewEvents(tx, d.events);
    const result = d.result ?? reservation;
    if (req.idempotency) await tx.putIdempotency({ ...req.idempotency, result });
    results.push(ok({ replayed: false, reservation, result }));
  }
  if (dirty.size > 0) {
    await tx.writePositions(
      [...dirty].map((k) => ({
        position: current.get(k)!.position,
        version: (locked.rows.get(k)?.version ?? 0) + 1,
      })),
    );
  }
  if (outbox.length > 0) await tx.insertOutbox(outbox, tx.now());
  return results;
}

/** Runs a caller's decision; one that throws is refused as `INTERNAL` instead of failing the store. */
function guard<D>(decide: () => D): D | { readonly ok: false; readonly error: OmnistockErrorData } {
  try {
    return decide();
  } catch (error) {
    return fail('INTERNAL', `decision threw: ${error instanceof Error ? error.message : String(error)}`);
  }
}
