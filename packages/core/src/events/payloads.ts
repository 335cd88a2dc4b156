import { z } from 'zod';
import {
  ChannelIdSchema,
  LocationGroupIdSchema,
  LocationIdSchema,
  ReservationIdSchema,
  SkuSchema,
} from '../ids';
import { NonNegativeDecimalSchema, NonZeroDecimalSchema, PositiveDecimalSchema } from '../quantity-schema';

const Timestamp = z.iso.datetime({ offset: true });
const Ref = z.string().min(1).max(256);
const DocumentUri = z
  .string()
  .min(1)
  .max(2048)
  .regex(/^[a-zA-Z][a-zA-Z0-9+.-]*:\S+$/, { message: 'must be a URI' });

/** Stock status subsets of onHand. */
export const StockStatusSchema = z.enum(['sellable', 'damaged', 'qualityControl']);
export type StockStatus = z.infer<typeof StockStatusSchema>;

/** Why stock was adjusted (closed set, for reporting). */
export const AdjustmentReasonSchema = z.enum([
  'shrinkage',
  'theft',
  'damage',
  'expired',
  'found',
  'correction',
  'cycleCountVariance',
  'sample',
  'unplannedReceipt',
  'other',
]);
export type AdjustmentReason = z.infer<typeof AdjustmentReasonSchema>;

/** `omnistock.stock.received.v1`: goods received into onHand (a receipt may close a supply lot). */
export const StockReceivedV1 = z.strictObject({
  sku: SkuSchema,
  location: LocationIdSchema,
  qty: PositiveDecimalSchema,
  /** The expected-supply lot this receipt satisfies; its incoming quantity is reduced. */
  supplyId: Ref.optional(),
  documentUri: DocumentUri.optional(),
});

/** `omnistock.stock.adjusted.v1`: a signed change of onHand with a reason. */
export const StockAdjustedV1 = z.strictObject({
  sku: SkuSchema,
  location: LocationIdSchema,
  delta: NonZeroDecimalSchema,
  reasonCode: AdjustmentReasonSchema,
  /** Which status subset the delta applies to; `damaged`/`qualityControl` move both it and onHand. */
  status: StockStatusSchema.optional(),
  documentUri: DocumentUri.optional(),
  /** The onHand the sender believed it was changing (Shopify's compare-from); a mismatch is reported. */
  compareFrom: NonNegativeDecimalSchema.optional(),
});

/** `omnistock.stock.counted.v1`: an absolute count as of the event's `time`. */
export const StockCountedV1 = z.strictObject({
  sku: SkuSchema,
  location: LocationIdSchema,
  onHand: NonNegativeDecimalSchema,
  damaged: NonNegativeDecimalSchema.optional(),
  qualityControl: NonNegativeDecimalSchema.optional(),
  countId: Ref.optional(),
});

/** `omnistock.stock.statusChanged.v1`: stock moved between sellable, damaged and qualityControl. */
export const StockStatusChangedV1 = z
  .strictObject({
    sku: SkuSchema,
    location: LocationIdSchema,
    qty: PositiveDecimalSchema,
    from: StockStatusSchema,
    to: StockStatusSchema,
    reasonCode: AdjustmentReasonSchema.optional(),
  })
  .refine((d) => d.from !== d.to, { message: 'from and to must differ', path: ['to'] });

/** `omnistock.sale.recorded.v1`: a sale (POS) or shipment; naming a reservation consumes it. */
export const SaleRecordedV1 = z.strictObject({
  sku: SkuSchema,
  location: LocationIdSchema,
  qty: PositiveDecimalSchema,
  channel: ChannelIdSchema.optional(),
  reservationId: ReservationIdSchema.optional(),
  orderRef: Ref.optional(),
  receiptRef: Ref.optional(),
});

/** `omnistock.return.received.v1`: a customer return, into sellable stock or inspection. */
export const ReturnReceivedV1 = z.strictObject({
  sku: SkuSchema,
  location: LocationIdSchema,
  qty: PositiveDecimalSchema,
  disposition: StockStatusSchema,
  orderRef: Ref.optional(),
});

/** `omnistock.transfer.shipped.v1`: stock left `from` for `to`; it is in transit until received. */
export const TransferShippedV1 = z
  .strictObject({
    transferId: Ref,
    sku: SkuSchema,
    from: LocationIdSchema,
    to: LocationIdSchema,
    qty: PositiveDecimalSchema,
    eta: Timestamp,
  })
  .refine((d) => d.from !== d.to, { message: 'from and to must differ', path: ['to'] });

/** `omnistock.transfer.received.v1`: a transfer arrived at `to`. */
export const TransferReceivedV1 = z
  .strictObject({
    transferId: Ref,
    sku: SkuSchema,
    from: LocationIdSchema,
    to: LocationIdSchema,
    qty: PositiveDecimalSchema,
  })
  .refine((d) => d.from !== d.to, { message: 'from and to must differ', path: ['to'] });

/** `omnistock.supply.expected.v1`: an expected supply lot (PO); the latest per `supplyId` wins, 0 cancels. */
export const SupplyExpectedV1 = z.strictObject({
  supplyId: Ref,
  sku: SkuSchema,
  location: LocationIdSchema,
  qty: NonNegativeDecimalSchema,
  eta: Timestamp,
  kind: z.enum(['purchaseOrder', 'production', 'other']).optional(),
});

/** One allocated line of a reservation. */
export const ReservationLineV1 = z.strictObject({
  sku: SkuSchema,
  location: LocationIdSchema,
  qty: PositiveDecimalSchema,
});

/** `omnistock.reservation.held.v1`: a soft hold with an expiry. */
export const ReservationHeldV1 = z.strictObject({
  reservationId: ReservationIdSchema,
  channel: ChannelIdSchema,
  lines: z.array(ReservationLineV1).min(1),
  expiresAt: Timestamp,
  orderRef: Ref.optional(),
});

/** `omnistock.reservation.committed.v1`: the order was confirmed; the hold becomes committed. */
export const ReservationCommittedV1 = z.strictObject({
  reservationId: ReservationIdSchema,
  orderRef: Ref.optional(),
});

/** `omnistock.reservation.extended.v1`: a hold's expiry moved. */
export const ReservationExtendedV1 = z.strictObject({
  reservationId: ReservationIdSchema,
  expiresAt: Timestamp,
});

/** `omnistock.reservation.released.v1`: a hold or commitment was cancelled. */
export const ReservationReleasedV1 = z.strictObject({
  reservationId: ReservationIdSchema,
  reason: z.string().max(256).optional(),
});

/** `omnistock.reservation.expired.v1`: a hold passed its expiry. */
export const ReservationExpiredV1 = z.strictObject({
  reservationId: ReservationIdSchema,
});

/** `omnistock.reservation.fulfilled.v1`: quantities consumed by shipment, pickup or sale. */
export const ReservationFulfilledV1 = z.strictObject({
  reservationId: ReservationIdSchema,
  lines: z.array(ReservationLineV1).min(1),
  /** True when nothing remains: the reservation is now `fulfilled`. */
  complete: z.boolean(),
  documentRef: Ref.optional(),
});

/** `omnistock.reservation.transferred.v1`: a line's remaining quantity moved to another location. */
export const ReservationTransferredV1 = z
  .strictObject({
    reservationId: ReservationIdSchema,
    sku: SkuSchema,
    from: LocationIdSchema,
    to: LocationIdSchema,
    qty: PositiveDecimalSchema,
  })
  .refine((d) => d.from !== d.to, { message: 'from and to must differ', path: ['to'] });

/** Availability status of DESIGN §4. */
export const AvailabilityStatusSchema = z.enum(['inStock', 'lowStock', 'outOfStock']);
export type AvailabilityStatus = z.infer<typeof AvailabilityStatusSchema>;

/** `omnistock.availability.changed.v1` (outbound): a status threshold was crossed or the delta exceeded. */
export const AvailabilityChangedV1 = z
  .strictObject({
    sku: SkuSchema,
    location: LocationIdSchema.optional(),
    group: LocationGroupIdSchema.optional(),
    channel: ChannelIdSchema,
    atp: NonNegativeDecimalSchema,
    previousAtp: NonNegativeDecimalSchema.optional(),
    status: AvailabilityStatusSchema,
    previousStatus: AvailabilityStatusSchema.optional(),
    stale: z.boolean().optional(),
  })
  .refine((d) => (d.location === undefined) !== (d.group === undefined), {
    message: 'exactly one of location or group',
    path: ['location'],
  });
