import type { OmnistockErrorData, StockPositionJson } from '@omnistock/core';
import type { BusEvent } from '../bus/event-bus';

/**
 * A stored event: the CloudEvent as received (`payload`, JSON) plus the columns stores index.
 * `position` is the store's own gap-free order of appends (1-based), used for projection replay.
 */
export interface StoredEvent {
  readonly id: string;
  readonly type: string;
  readonly source: string;
  /** The producer's `sequence` extension as decimal text, or null. */
  readonly sequence: string | null;
  readonly time: string;
  /** The `partitionkey` (sku), or null for events without one (reservation events). */
  readonly sku: string | null;
  /** The whole CloudEvent as JSON. */
  readonly payload: BusEvent;
  readonly principal: string | null;
}

/** An event with its store position. */
export interface AppendedEvent extends StoredEvent {
  readonly position: number;
}

/** The identity of a position row. */
export interface PositionRef {
  readonly sku: string;
  readonly location: string;
}

/**
 * A position row: the wire position (every bucket as exact decimal text at the item's scale,
 * lots as JSON; never floats) and a row version the store increments on every write.
 */
export interface PositionRecord {
  readonly position: StockPositionJson;
  readonly version: number;
}

/** The locked rows a decision sees, by `sku|location` key; missing rows are absent. */
export type PositionSnapshot = ReadonlyMap<string, PositionRecord>;

/** A reservation row. `lines` and `data` are JSON the reservation book owns; the store indexes the rest. */
export interface ReservationRecord {
  readonly id: string;
  readonly state: string;
  /** Starts at 1; every transition increments it (optimistic concurrency, HTTP ETag). */
  readonly version: number;
  readonly lines: readonly unknown[];
  readonly expiresAt: string | null;
  readonly data: unknown;
}

/** An idempotency record: the first result of a command, kept until `expiresAt` (≥ 24 h). */
export interface IdempotencyRecord {
  readonly key: string;
  readonly payloadHash: string;
  readonly result: unknown;
  readonly expiresAt: string;
}

/** An outbox row: an event committed with a state change, published by the relay. */
export interface OutboxRecord {
  readonly id: number;
  readonly event: BusEvent;
  readonly createdAt: string;
  readonly publishedAt: string | null;
}

/**
 * A quarantined input: kept with its reason and who submitted it, never dropped, resubmittable.
 * A failed re-submission keeps the entry (id, principal, receivedAt) with the input and reason that
 * failed last, and counts it.
 */
export interface QuarantineRecord {
  readonly id: number;
  readonly raw: unknown;
  readonly reasonCode: string;
  readonly message: string;
  /** Where in the input the reason points (`['data', 'qty']`); null when it points nowhere. */
  readonly path: readonly (string | number)[] | null;
  /** The principal that submitted the input (DESIGN §9: the audit trail); null when unknown. */
  readonly principal: string | null;
  /** Failed re-submissions so far. */
  readonly resubmissions: number;
  readonly receivedAt: string;
  readonly resubmittedAt: string | null;
}

/** What a quarantine entry is created from. */
export interface QuarantineInput {
  readonly raw: unknown;
  readonly reasonCode: string;
  readonly message: string;
  readonly receivedAt: string;
  readonly path?: readonly (string | number)[] | null;
  readonly principal?: string | null;
}

/**
 * A kept reconciliation report (the caller's JSON, e.g. the HTTP service's v1 report) with the
 * optional idempotency key and payload hash of the run that made it.
 */
export interface ReconciliationRecord {
  readonly id: string;
  readonly report: unknown;
  /** The run's idempotency key (scoped by the caller), or null. */
  readonly key: string | null;
  /** The hash of the run's request, kept with the key; null without one. */
  readonly payloadHash: string | null;
  readonly createdAt: string;
}

/** What a failed re-submission leaves on its entry: the input that failed and why. */
export interface QuarantineUpdate {
  readonly raw: unknown;
  readonly reasonCode: string;
  readonly message: string;
  readonly path?: readonly (string | number)[] | null;
}

/** A failed decision: nothing is written and the error is returned to the caller. */
export interface Refusal {
  readonly ok: false;
  readonly error: OmnistockErrorData;
}

/** Writes a decision asks for, all committed in one transaction with the reservation row. */
export interface Writes {
  /** New contents of locked position rows (only rows that were locked may be written). */
  readonly positions?: readonly StockPositionJson[];
  /** Events to put in the outbox. */
  readonly outbox?: readonly BusEvent[];
  /**
   * Events to append to the event log in the same transaction (ids already in the log are skipped):
   * a decision's own events, so a projection replayed from the log sees them.
   */
  readonly events?: readonly StoredEvent[];
}

/** Idempotency for a command: the key, the hash of its payload, how to store its first result. */
export interface IdempotencyInput {
  readonly key: string;
  readonly payloadHash: string;
  readonly expiresAt: string;
}
