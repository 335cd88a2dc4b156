import type { Result } from '@omnistock/core';
import type { BusEvent } from '../bus/event-bus';
import type {
  AppendedEvent,
  IdempotencyInput,
  IdempotencyRecord,
  OutboxRecord,
  PositionRecord,
  PositionRef,
  PositionSnapshot,
  QuarantineInput,
  QuarantineRecord,
  QuarantineUpdate,
  ReconciliationRecord,
  Refusal,
  ReservationRecord,
  StoredEvent,
  Writes,
} from './records';

/** What a reserve decision returns: the new reservation and the writes that go with it. */
export type ReserveDecision =
  | Refusal
  | (Writes & {
      readonly ok: true;
      readonly reservation: Omit<ReservationRecord, 'version'>;
      /** Stored under the idempotency key (defaults to the reservation record). */
      readonly result?: unknown;
    });

/** An atomic conditional reserve across lines. */
export interface ReserveRequest {
  /** Every position row the decision reads or writes; the store locks them in sorted key order. */
  readonly positions: readonly PositionRef[];
  /**
   * Pure and synchronous: called inside the store's lock/transaction with the locked rows (it may be
   * called again if the store retries after a deadlock or serialization failure).
   */
  readonly decide: (positions: PositionSnapshot) => ReserveDecision;
  readonly idempotency?: IdempotencyInput;
}

/** What a reserve reports. */
export type ReserveOutcome =
  | { readonly replayed: false; readonly reservation: ReservationRecord; readonly result: unknown }
  | { readonly replayed: true; readonly result: unknown };

/** What a transition decision returns. */
export type TransitionDecision =
  | Refusal
  | (Writes & {
      readonly ok: true;
      /** The reservation after the transition (its version is set by the store). */
      readonly reservation: Omit<ReservationRecord, 'version' | 'id'>;
      readonly result?: unknown;
    });

/** A reservation transition with optimistic concurrency. */
export interface TransitionRequest {
  readonly reservationId: string;
  /** The version the caller read (If-Match); `undefined` accepts the current one. */
  readonly expectedVersion?: number;
  readonly positions: readonly PositionRef[];
  readonly decide: (reservation: ReservationRecord, positions: PositionSnapshot) => TransitionDecision;
  readonly idempotency?: IdempotencyInput;
}

/** What a transition reports. */
export type TransitionOutcome =
  | { readonly replayed: false; readonly reservation: ReservationRecord; readonly result: unknown }
  | { readonly replayed: true; readonly result: unknown };

/** An idempotent append of events, with the projection of the new ones onto locked positions. */
export interface AppendRequest {
  readonly events: readonly StoredEvent[];
  /** Position rows the projection reads or writes (locked in sorted key order). */
  readonly positions?: readonly PositionRef[];
  /** Pure: given only the events that were not duplicates, the writes (positions, outbox). */
  readonly project?: (fresh: readonly StoredEvent[], positions: PositionSnapshot) => Writes;
}

/** A page of {@link InventoryStore.listReservations}. */
export interface ReservationQuery {
  readonly states?: readonly string[];
  /** Only ids after this one (the last id of the previous page). */
  readonly after?: string;
  readonly limit: number;
}

/** Per-event outcome of an append. */
export interface AppendOutcome {
  readonly appended: readonly string[];
  /** Same id, same payload: already stored; nothing changed. */
  readonly duplicates: readonly string[];
  /** Same id, different payload: refused (`EVENT_ID_CONFLICT`), nothing changed for it. */
  readonly conflicts: readonly string[];
}

/**
 * The persistence port of omnistock (DESIGN §8). Every implementation gives the same guarantees:
 *
 * - **No oversell under concurrency**: `reserve`, `transition` and `append` lock the position rows
 *   they touch in a fixed order (sorted `sku|location`), read them, call the caller's pure decision,
 *   and write its result, the reservation row, the outbox events and the idempotency record in the
 *   same transaction. Never read-then-write without a lock. Deadlocks and serialization failures
 *   are retried inside the store (the decision is pure, so it is simply called again).
 * - **Idempotent appends**: an event id is stored once; a repeat is a duplicate, a repeat with a
 *   different payload is a conflict.
 * - **Idempotent commands**: a key with the same payload hash returns the first result; with a
 *   different hash, `IDEMPOTENCY_CONFLICT`.
 * - **Optimistic transitions**: a transition with a stale `expectedVersion` is `VERSION_CONFLICT`.
 *
 * Failures of the backing database are thrown as `OmnistockError` `STORE_UNAVAILABLE`; domain
 * refusals are returned as failed results.
 *
 * @example
 * const r = await store.reserve({
 *   positions: [{ sku: 'A', location: 'S1' }],
 *   decide: (rows) => decideWithAtp(rows), // pure: ATP engine + reservation book
 * });
 * if (!r.ok) console.log(r.error.code); // 'INSUFFICIENT_STOCK'
 */
export interface InventoryStore {
  append(request: AppendRequest): Promise<Result<AppendOutcome>>;
  /** Events after a store position, in append order. */
  readEvents(after: number, limit: number): Promise<AppendedEvent[]>;

  getPositions(refs: readonly PositionRef[]): Promise<PositionRecord[]>;
  /** Every position row of a sku (all skus when omitted), sorted by sku then location. */
  listPositions(sku?: string): Promise<PositionRecord[]>;

  reserve(request: ReserveRequest): Promise<Result<ReserveOutcome>>;
  transition(request: TransitionRequest): Promise<Result<TransitionOutcome>>;
  getReservation(id: string): Promise<ReservationRecord | undefined>;
  /** Held reservations whose `expiresAt` ≤ `before`, soonest first. */
  listExpiring(before: string, limit: number): Promise<ReservationRecord[]>;
  /**
   * Reservations in one of `states` (every state when omitted), ordered by id (code-unit order),
   * with an id greater than `after` when given, at most `limit`: page through with the last id.
   */
  listReservations(query: ReservationQuery): Promise<ReservationRecord[]>;

  getIdempotency(key: string, now: string): Promise<IdempotencyRecord | undefined>;
  /** Deletes idempotency records that expired before `now`; returns how many. */
  purgeIdempotency(now: string): Promise<number>;

  /** Unpublished outbox rows, oldest first. */
  pendingOutbox(limit: number): Promise<OutboxRecord[]>;
  markPublished(ids: readonly number[], at: string): Promise<void>;

  quarantine(entry: QuarantineInput): Promise<QuarantineRecord>;
  listQuarantine(options?: { readonly includeResubmitted?: boolean }): Promise<QuarantineRecord[]>;
  /** The open entries whose input is an object with one of these `id`s (oldest first). */
  findQuarantined(eventIds: readonly string[]): Promise<QuarantineRecord[]>;
  /** Marks an entry resubmitted; `QUARANTINE_NOT_FOUND` when there is none. */
  markResubmitted(id: number, at: string): Promise<Result<QuarantineRecord>>;
  /**
   * A failed re-submission of an open entry: it keeps its id, principal and receivedAt, takes the
   * input and reason that failed, and counts one more resubmission. `QUARANTINE_NOT_FOUND` when no
   * open entry has the id.
   */
  requarantine(id: number, update: QuarantineUpdate): Promise<Result<QuarantineRecord>>;
  /** Keeps a reconciliation report; a report with this id or key already kept is left as it is. */
  putReconciliation(record: ReconciliationRecord): Promise<void>;
  /** A kept report by id. */
  getReconciliation(id: string): Promise<ReconciliationRecord | undefined>;
  /** The report kept under an idempotency key. */
  reconciliationByKey(key: string): Promise<ReconciliationRecord | undefined>;
  /** The newest kept report (by `createdAt`, then insertion). */
  latestReconciliation(): Promise<ReconciliationRecord | undefined>;
  /** Drops the reports created before `before`; returns how many. */
  purgeReconciliations(before: string): Promise<number>;

  getCheckpoint(name: string): Promise<string | undefined>;
  setCheckpoint(name: string, position: string): Promise<void>;

  close(): Promise<void>;
}

/** Re-exported for implementers. */
export type { BusEvent };
