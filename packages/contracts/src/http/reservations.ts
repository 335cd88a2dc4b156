import {
  ChannelIdSchema,
  LocationGroupIdSchema,
  LocationIdSchema,
  NonNegativeDecimalSchema,
  PositiveDecimalSchema,
  ReservationIdSchema,
  SkuSchema,
} from '@omnistock/core';
import { z } from 'zod';
import { TimestampSchema } from './common';

const Ref = z.string().min(1).max(256);

/** Reservation states of DESIGN §5. */
export const ReservationStateSchema = z.enum(['held', 'committed', 'fulfilled', 'released', 'expired']);

/** A line as requested: a location or a group to allocate from. */
export const ReservationLineRequestSchema = z.strictObject({
  sku: SkuSchema,
  location: LocationIdSchema.optional(),
  group: LocationGroupIdSchema.optional(),
  qty: PositiveDecimalSchema,
});

/** The body of `POST /v1/reservations` (the `Idempotency-Key` header is required). */
export const CreateReservationRequestSchema = z.strictObject({
  /** Client-chosen id; the service assigns one when absent. */
  reservationId: ReservationIdSchema.optional(),
  channel: ChannelIdSchema,
  lines: z.array(ReservationLineRequestSchema).min(1).max(200),
  /** Hold duration; the service default applies when neither this nor `expiresAt` is given. */
  ttlSeconds: z.int().min(1).max(2_592_000).optional(),
  expiresAt: TimestampSchema.optional(),
  /** Reserve what is available instead of all-or-nothing across lines. */
  allowPartial: z.boolean().optional(),
  /** Allocation strategy for group lines (default `priority`). */
  strategy: z.enum(['priority', 'mostAvailable']).optional(),
  orderRef: Ref.optional(),
});

/** One allocated line of a reservation as the service shows it. */
export const ReservationLineSchema = z.strictObject({
  sku: SkuSchema,
  location: LocationIdSchema,
  qty: PositiveDecimalSchema,
  fulfilledQty: NonNegativeDecimalSchema,
});

/** The JSON view of a reservation. `version` is also sent as the `ETag`. */
export const ReservationSchema = z
  .strictObject({
    reservationId: ReservationIdSchema,
    channel: ChannelIdSchema,
    state: ReservationStateSchema,
    lines: z.array(ReservationLineSchema).min(1),
    expiresAt: TimestampSchema.optional(),
    orderRef: Ref.optional(),
    version: z.int().min(1),
    createdAt: TimestampSchema,
    updatedAt: TimestampSchema,
  })
  .meta({ description: 'A reservation: its state, allocated lines and version.' });

/** The body of `POST /v1/reservations/{reservationId}/commit`. */
export const CommitReservationRequestSchema = z.strictObject({ orderRef: Ref.optional() });

/** The body of `POST /v1/reservations/{reservationId}/release`. */
export const ReleaseReservationRequestSchema = z.strictObject({ reason: z.string().max(256).optional() });

/** The body of `POST /v1/reservations/{reservationId}/fulfil`. */
export const FulfilReservationRequestSchema = z.strictObject({
  lines: z
    .array(z.strictObject({ sku: SkuSchema, location: LocationIdSchema, qty: PositiveDecimalSchema }))
    .min(1),
  documentRef: Ref.optional(),
});

/** The body of `POST /v1/reservations/{reservationId}/extend`. */
export const ExtendReservationRequestSchema = z.strictObject({ expiresAt: TimestampSchema });

/** The body of `POST /v1/reservations/{reservationId}/transfer`. */
export const TransferReservationRequestSchema = z.strictObject({
  sku: SkuSchema,
  from: LocationIdSchema,
  to: LocationIdSchema,
  /** Defaults to the line's whole remaining quantity. */
  qty: PositiveDecimalSchema.optional(),
});
