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

const Timestamp = z.iso.datetime({ offset: true });
const Ref = z.string().min(1).max(256);

/** The states of DESIGN §5. `fulfilled`, `released` and `expired` are terminal. */
export const ReservationStateSchema = z.enum(['held', 'committed', 'fulfilled', 'released', 'expired']).meta({
  id: 'ReservationState',
  description: 'held → committed → fulfilled; terminal: fulfilled, released, expired.',
});
export type ReservationState = z.infer<typeof ReservationStateSchema>;

/** A requested line: a sku and quantity at exactly one of a location or a location group. */
export const ReservationLineRequestSchema = z
  .strictObject({
    sku: SkuSchema,
    location: LocationIdSchema.optional(),
    group: LocationGroupIdSchema.optional(),
    qty: PositiveDecimalSchema,
  })
  .refine((l) => (l.location === undefined) !== (l.group === undefined), {
    message: 'exactly one of location or group',
    path: ['location'],
  })
  .meta({ id: 'ReservationLineRequest', description: 'A line to reserve at a location or a group.' });
export type ReservationLineRequest = z.infer<typeof ReservationLineRequestSchema>;

/** `POST /reservations` body (the idempotency key travels in the `Idempotency-Key` header). */
export const CreateReservationRequestSchema = z
  .strictObject({
    /** Client-chosen id; the service assigns one when absent. */
    reservationId: ReservationIdSchema.optional(),
    channel: ChannelIdSchema,
    lines: z.array(ReservationLineRequestSchema).min(1).max(500),
    expiresAt: Timestamp,
    orderRef: Ref.optional(),
    /** Reserve what is available per line instead of all-or-nothing. */
    allowPartial: z.boolean().optional(),
    /** Group allocation strategy by name; default `priority`. */
    strategy: z.string().min(1).max(64).optional(),
  })
  .meta({ id: 'CreateReservationRequest', description: 'Reserve a multi-line order.' });
export type CreateReservationRequest = z.infer<typeof CreateReservationRequestSchema>;

/** `POST /reservations/{id}/commit` body. */
export const CommitReservationRequestSchema = z
  .strictObject({ orderRef: Ref.optional() })
  .meta({ id: 'CommitReservationRequest', description: 'Confirm a hold as an order.' });
export type CommitReservationRequest = z.infer<typeof CommitReservationRequestSchema>;

/** `POST /reservations/{id}/release` body. */
export const ReleaseReservationRequestSchema = z
  .strictObject({ reason: z.string().max(256).optional() })
  .meta({ id: 'ReleaseReservationRequest', description: 'Cancel a hold or a commitment.' });
export type ReleaseReservationRequest = z.infer<typeof ReleaseReservationRequestSchema>;

/** One fulfilled line: quantity consumed at an allocated sku × location. */
export const FulfilLineSchema = z
  .strictObject({ sku: SkuSchema, location: LocationIdSchema, qty: PositiveDecimalSchema })
  .meta({ id: 'FulfilLine', description: 'Quantity consumed at one allocated line.' });
export type FulfilLine = z.infer<typeof FulfilLineSchema>;

/** `POST /reservations/{id}/fulfil` body: partial or whole fulfilment. */
export const FulfilReservationRequestSchema = z
  .strictObject({ lines: z.array(FulfilLineSchema).min(1).max(500), documentRef: Ref.optional() })
  .meta({ id: 'FulfilReservationRequest', description: 'Consume quantities by shipment, pickup or sale.' });
export type FulfilReservationRequest = z.infer<typeof FulfilReservationRequestSchema>;

/** `POST /reservations/{id}/extend` body. */
export const ExtendReservationRequestSchema = z
  .strictObject({ expiresAt: Timestamp })
  .meta({ id: 'ExtendReservationRequest', description: 'Move the expiry of a hold.' });
export type ExtendReservationRequest = z.infer<typeof ExtendReservationRequestSchema>;

/** `POST /reservations/{id}/transfer` body: move a line's remaining quantity to another location. */
export const TransferReservationRequestSchema = z
  .strictObject({ sku: SkuSchema, from: LocationIdSchema, to: LocationIdSchema })
  .refine((t) => t.from !== t.to, { message: 'from and to must differ', path: ['to'] })
  .meta({ id: 'TransferReservationRequest', description: 'Move remaining quantity to another location.' });
export type TransferReservationRequest = z.infer<typeof TransferReservationRequestSchema>;

/** An allocated line of a reservation as JSON. */
export const ReservationLineViewSchema = z
  .strictObject({
    sku: SkuSchema,
    location: LocationIdSchema,
    /** The group this line was allocated from, when it was requested against a group. */
    group: LocationGroupIdSchema.optional(),
    qty: PositiveDecimalSchema,
    fulfilledQty: NonNegativeDecimalSchema,
  })
  .meta({ id: 'ReservationLine', description: 'An allocated line with its fulfilled quantity.' });
export type ReservationLineView = z.infer<typeof ReservationLineViewSchema>;

/** The JSON view of a reservation (the HTTP resource; `version` is its ETag). */
export const ReservationViewSchema = z
  .strictObject({
    id: ReservationIdSchema,
    channel: ChannelIdSchema,
    state: ReservationStateSchema,
    lines: z.array(ReservationLineViewSchema).min(1),
    /** Expiry of a hold; null once committed or resolved. */
    expiresAt: Timestamp.nullable(),
    orderRef: Ref.optional(),
    createdAt: Timestamp,
    updatedAt: Timestamp,
    /** When it reached a terminal state. */
    resolvedAt: Timestamp.optional(),
    /** The release reason, when released with one. */
    reason: z.string().max(256).optional(),
    version: z.int().min(1),
  })
  .meta({ id: 'Reservation', description: 'A reservation with its allocated lines.' });
export type ReservationView = z.infer<typeof ReservationViewSchema>;
