import { fail, ok, type Result, type StockPositionJson } from '@omnistock/core';
import {
  type BusEvent,
  type IdempotencyRecord,
  lockOrder,
  type PositionRecord,
  refKey,
  type ReservationRecord,
  type ReserveDecision,
  type ReserveOutcome,
  type ReserveRequest,
  type StoredEvent,
} from '@omnistock/runtime';
import { type PgTx, RetryTransaction } from './pg-tx';

/**
 * Coalesced reserve: many concurrent reservations in ONE transaction. The union of their position
 * rows is locked once in key order; each decision then runs, in arrival order, against the rows as
 * the reservations before it in the batch left them, so each stays all-or-nothing and the batch can
 * never oversell; a refusal leaves the running state untouched. The accepted reservations' rows,
 * reservation rows, outbox events and idempotency records are written with a handful of statements.
 *
 * `knownExisting` collects reservation ids found to exist in the database; when one turns up the
 * transaction is retried with those ids refused up front (their decisions must not count).
 * @example
 * const results = await reserveBatch(tx, requests, new Set()); // one result per request, in order
 */
export async function reserveBatch(
  tx: PgTx,
  requests: readonly ReserveRequest[],
  knownExisting: Set<string>,
): Promise<Result<ReserveOutcome>[]> {
  const now = tx.now();
  const locked = await tx.lockPositions(lockOrder(requests.flatMap((r) => r.positions)));
  const current = new Map<string, StockPositionJson>([...locked].map(([k, v]) => [k, v.position]));
  const dirty = new Set<string>();

  const keys = requests.flatMap((r) => (r.idempotency ? [r.idempotency.key] : []));
  const stored = new Map<string, { payloadHash: string; result: unknown }>();
  for (const rec of keys.length > 0 ? await tx.getIdempotencyMany(keys) : []) {
    if (rec.expiresAt > now) stored.set(rec.key, rec);
  }

  const results: Result<ReserveOutcome>[] = [];
  const reservations: ReservationRecord[] = [];
  const outbox: BusEvent[] = [];
  const events: StoredEvent[] = [];
  const idempotency: IdempotencyRecord[] = [];
  const ids = new Set<string>();

  for (const req of requests) {
    const idem = req.idempotency;
    const prior = idem && stored.get(idem.key);
    if (idem && prior) {
      results.push(
        prior.payloadHash === idem.payloadHash
          ? ok({ replayed: true, result: prior.result })
          : fail('IDEMPOTENCY_CONFLICT', `idempotency key "${idem.key}" was used with a different payload`, {
              details: { key: idem.key },
            }),
      );
      continue;
    }
    const mine = new Set(req.positions.map(refKey));
    const view = new Map<string, PositionRecord>();
    for (const k of mine) {
      const p = current.get(k);
      if (p) view.set(k, { position: p, version: locked.get(k)?.version ?? 0 });
    }
    const d = decideSafely(req, view);
    if (!d.ok) {
      results.push(d);
      continue;
    }
    const id = d.reservation.id;
    if (ids.has(id) || knownExisting.has(id)) {
      results.push(
        fail('RESERVATION_EXISTS', `reservation ${id} already exists`, { details: { reservationId: id } }),
      );
      continue;
    }
    const bad = (d.positions ?? []).find((p) => !mine.has(refKey(p)));
    if (bad) {
      results.push(fail('INTERNAL', `decision wrote position ${refKey(bad)}, which it did not lock`));
      continue;
    }
    for (const p of d.positions ?? []) {
      current.set(refKey(p), p);
      dirty.add(refKey(p));
    }
    const reservation: ReservationRecord = { ...d.reservation, version: 1 };
    const result = d.result ?? reservation;
    ids.add(id);
    reservations.push(reservation);
    outbox.push(...(d.outbox ?? []));
    events.push(...(d.events ?? []));
    if (idem) {
      stored.set(idem.key, { payloadHash: idem.payloadHash, result });
      idempotency.push({ ...idem, result });
    }
    results.push(ok({ replayed: false, reservation, result }));
  }

  if (dirty.size > 0) {
    await tx.writePositions(
      [...dirty].map((k) => ({ position: current.get(k)!, version: (locked.get(k)?.version ?? 0) + 1 })),
    );
  }
  if (reservations.length > 0) {
    const inserted = await tx.insertReservationsMany(reservations);
    if (inserted.size < reservations.length) {
      for (const r of reservations) if (!inserted.has(r.id)) knownExisting.add(r.id);
      throw new RetryTransaction('a reservation id in the batch already exists');
    }
  }
  // The decisions' events join the event log in the same transaction, as in the shared
  // reserveBatchFlow (ids already logged are skipped).
  for (const e of events) {
    if ((await tx.findEvent(e.id)) === undefined) await tx.insertEvent(e);
  }
  if (outbox.length > 0) await tx.insertOutbox(outbox, now);
  if (idempotency.length > 0) await tx.putIdempotencyMany(idempotency);
  return results;
}

function decideSafely(req: ReserveRequest, view: Map<string, PositionRecord>): ReserveDecision {
  try {
    return req.decide(view);
  } catch (error) {
    return fail(
      'INTERNAL',
      `reserve decision threw: ${error instanceof Error ? error.message : String(error)}`,
    );
  }
}
