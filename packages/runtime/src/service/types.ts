import type { ChannelPolicySetInput } from '@omnistock/atp';
import type { ErrorCode, ErrorPath, FulfilmentMode, Item, Location, LocationGroup } from '@omnistock/core';
import type { ReconciliationReport, SequenceGap } from '@omnistock/ledger';
import type { ReservationView, Shortfall } from '@omnistock/reservations';
import type { EventBus } from '../bus/event-bus';
import type { InventoryStore } from '../store/inventory-store';

/** Options of an {@link InventoryService}. */
export interface InventoryServiceOptions {
  readonly store: InventoryStore;
  /** When given, {@link InventoryService.relayOutbox} publishes the outbox to it. */
  readonly bus?: EventBus;
  readonly items: Iterable<Item>;
  readonly locations: Iterable<Location>;
  readonly groups?: Iterable<LocationGroup>;
  /** The channel policy set every availability query and reservation is evaluated with. */
  readonly policies: ChannelPolicySetInput;
  /** The clock; default the system clock. */
  readonly clock?: () => Date;
  /** New reservation ids when a reserve names none; default `crypto.randomUUID`. */
  readonly idGenerator?: () => string;
  /** CloudEvents `source` of the reservation events the service emits; default `omnistock/runtime`. */
  readonly source?: string;
  /** How long command idempotency keys are kept; default 24 h (never less). */
  readonly idempotencyRetentionMs?: number;
}

/** What happened to one ingested event. */
export type IngestResult =
  | {
      readonly status: 'accepted';
      readonly eventId: string;
      /** The ledger's outcome: `applied`, `absorbed` (a count covers it) or `ignored` (outbound type). */
      readonly outcome: 'applied' | 'absorbed' | 'ignored';
      readonly gap?: SequenceGap;
    }
  | { readonly status: 'duplicate'; readonly eventId: string }
  | {
      readonly status: 'quarantined';
      readonly eventId?: string;
      /** The store's quarantine id (for {@link InventoryService.resubmit}). */
      readonly quarantineId: number;
      readonly code: ErrorCode;
      readonly message: string;
      readonly path?: ErrorPath;
    };

/** An availability query at one location or over a location group. */
export interface AvailabilityRequest {
  readonly sku: string;
  readonly location?: string;
  readonly group?: string;
  readonly channel: string;
  readonly mode?: FulfilmentMode;
  /** RFC 3339: supply due by then counts; default now. */
  readonly at?: string;
  /** Include the explanation (default false). */
  readonly explain?: boolean;
}

/** A batch availability query: every sku × location. */
export interface BatchAvailabilityRequest {
  readonly skus: readonly string[];
  readonly locations: readonly string[];
  readonly channel: string;
  readonly mode?: FulfilmentMode;
  readonly at?: string;
  readonly explain?: boolean;
}

/** A time-phased query: availability per date at a location or over a group. */
export interface TimePhasedRequest {
  readonly sku: string;
  readonly location?: string;
  readonly group?: string;
  readonly channel: string;
  readonly mode?: FulfilmentMode;
  /** Ascending RFC 3339 dates. */
  readonly dates: readonly string[];
}

/**
 * Reserve: the HTTP create body (`CreateReservationRequestSchema` of `@omnistock/reservations`, which
 * validates it) plus its idempotency key. Plain strings in; ids are branded once validated.
 */
export interface ReserveCommand {
  readonly idempotencyKey: string;
  /** Client-chosen id; the service's `idGenerator` assigns one when absent. */
  readonly reservationId?: string;
  readonly channel: string;
  /** Each line names exactly one of `location` or `group`. */
  readonly lines: readonly {
    readonly sku: string;
    readonly location?: string;
    readonly group?: string;
    readonly qty: string;
  }[];
  readonly expiresAt: string;
  readonly orderRef?: string;
  /** Reserve what is available per line instead of all-or-nothing. */
  readonly allowPartial?: boolean;
  /** Group allocation strategy (`priority` default, `singleLocation`, `mostAvailable`). */
  readonly strategy?: string;
}

/** What every command on an existing reservation may carry. */
export interface CommandOptions {
  /** The version the caller read (`If-Match`): a stale one is `VERSION_CONFLICT`. */
  readonly expectedVersion?: number;
  /** Same key + same payload returns the first result; different payload is `IDEMPOTENCY_CONFLICT`. */
  readonly idempotencyKey?: string;
}

/** A reservation command's result. */
export interface ReservationResult {
  readonly reservation: ReservationView;
  /** Lines reserved short (`allowPartial` only). */
  readonly shortfalls: readonly Shortfall[];
  /** True when this is the stored first result of the idempotency key. */
  readonly replayed: boolean;
}

/** Commit a hold (body validated by `CommitReservationRequestSchema`). */
export interface CommitCommand extends CommandOptions {
  readonly orderRef?: string;
}
/** Release a hold or cancel a commitment (`ReleaseReservationRequestSchema`). */
export interface ReleaseCommand extends CommandOptions {
  readonly reason?: string;
}
/** Consume quantities at allocated lines (`FulfilReservationRequestSchema`). */
export interface FulfilCommand extends CommandOptions {
  readonly lines: readonly { readonly sku: string; readonly location: string; readonly qty: string }[];
  readonly documentRef?: string;
}
/** Move a hold's expiry (`ExtendReservationRequestSchema`). */
export interface ExtendCommand extends CommandOptions {
  readonly expiresAt: string;
}
/** Move a line's remaining quantity to another location (`TransferReservationRequestSchema`). */
export interface TransferCommand extends CommandOptions {
  readonly sku: string;
  readonly from: string;
  readonly to: string;
}

/** A reconciliation request. */
export interface ReconcileRequest {
  /** Absolute tolerance (decimal string, default `"0"`). */
  readonly tolerance?: string;
  /** Ingest (and persist) a correcting `stock.counted` per exception. */
  readonly emitCorrections?: boolean;
  /** `source` of the corrections; default `erp/reconciliation`. */
  readonly source?: string;
  /** Who asked for the reconciliation: recorded on the stored corrections (default: their `source`). */
  readonly principal?: string;
}

/** What reconciliation reports, and what its corrections did. */
export interface ReconcileResult {
  readonly report: ReconciliationReport;
  readonly corrections: readonly IngestResult[];
}
