import type { ReservationId } from '@omnistock/core';
import type {
  CommitReservationRequest,
  CreateReservationRequest,
  ExtendReservationRequest,
  FulfilReservationRequest,
  ReleaseReservationRequest,
  TransferReservationRequest,
} from './wire';

/** Every book command names its reservation and carries an idempotency key. */
interface Keyed {
  readonly idempotencyKey: string;
  readonly reservationId: ReservationId;
}

/** Commands on an existing reservation may carry the version they expect (`If-Match`). */
interface Versioned extends Keyed {
  readonly expectedVersion?: number;
}

/**
 * A command to the reservation book: the HTTP request bodies of `./wire` plus the reservation id,
 * the idempotency key and (for existing reservations) an optional expected version.
 */
export type BookCommand =
  | ({ readonly type: 'create' } & Keyed & Omit<CreateReservationRequest, 'reservationId'>)
  | ({ readonly type: 'commit' } & Versioned & CommitReservationRequest)
  | ({ readonly type: 'release' } & Versioned & ReleaseReservationRequest)
  | ({ readonly type: 'fulfil' } & Versioned & FulfilReservationRequest)
  | ({ readonly type: 'extend' } & Versioned & ExtendReservationRequest)
  | ({ readonly type: 'transfer' } & Versioned & TransferReservationRequest)
  | ({ readonly type: 'expire' } & Versioned);

/** The command type names. */
export type BookCommandType = BookCommand['type'];
