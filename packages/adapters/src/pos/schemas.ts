import {
  ChannelIdSchema,
  NonNegativeDecimalSchema,
  PositiveDecimalSchema,
  ReservationIdSchema,
  SkuSchema,
  StockStatusSchema,
} from '@omnistock/core';
import { z } from 'zod';

const Ref = z.string().min(1).max(200);
const Timestamp = z.iso.datetime({ offset: true });

/**
 * A sale line rung up at the till. Naming a pickup reservation consumes it (click-and-collect).
 * @example
 * PosSaleSchema.safeParse({ receiptRef: 'R-1', line: 1, sku: 'MUG-1', qty: '1', time: '2026-03-01T10:00:00Z' }).success; // true
 */
export const PosSaleSchema = z.strictObject({
  /** The receipt number; with `line` it identifies the sale (a re-capture is a duplicate). */
  receiptRef: Ref,
  line: z.int().min(1),
  sku: SkuSchema,
  qty: PositiveDecimalSchema,
  /** When it was sold (the till's clock). */
  time: Timestamp,
  reservationId: ReservationIdSchema.optional(),
  orderRef: Ref.optional(),
});
/**
 * A sale line as the till gives it.
 * @example
 * const sale: PosSale = { receiptRef: 'R-1', line: 1, sku: 'MUG-1', qty: '1', time: '2026-03-01T10:00:00Z' };
 */
export type PosSale = z.input<typeof PosSaleSchema>;

/**
 * A customer return line taken at the till, into sellable stock or inspection.
 * @example
 * PosReturnSchema.safeParse({ returnRef: 'RT-1', line: 1, sku: 'MUG-1', qty: '1', disposition: 'sellable',
 *   time: '2026-03-01T10:00:00Z' }).success; // true
 */
export const PosReturnSchema = z.strictObject({
  returnRef: Ref,
  line: z.int().min(1),
  sku: SkuSchema,
  qty: PositiveDecimalSchema,
  disposition: StockStatusSchema,
  time: Timestamp,
  orderRef: Ref.optional(),
});
/**
 * A return line as the till gives it.
 * @example
 * const ret: PosReturn = { returnRef: 'RT-1', line: 1, sku: 'MUG-1', qty: '1',
 *   disposition: 'qualityControl', time: '2026-03-01T11:00:00Z' };
 */
export type PosReturn = z.input<typeof PosReturnSchema>;

/**
 * A shelf count of one sku (absolute, as of `time`).
 * @example
 * PosCountSchema.safeParse({ countId: 'C-1', sku: 'MUG-1', onHand: '4', time: '2026-03-01T18:00:00Z' }).success; // true
 */
export const PosCountSchema = z.strictObject({
  countId: Ref,
  sku: SkuSchema,
  onHand: NonNegativeDecimalSchema,
  damaged: NonNegativeDecimalSchema.optional(),
  qualityControl: NonNegativeDecimalSchema.optional(),
  time: Timestamp,
});
/**
 * A shelf count as the till gives it.
 * @example
 * const count: PosCount = { countId: 'C-1', sku: 'MUG-1', onHand: '4', time: '2026-03-01T18:00:00Z' };
 */
export type PosCount = z.input<typeof PosCountSchema>;

/**
 * Options of a capture: who the till is, where it stands, and where its numbering resumes.
 * @example
 * PosCaptureOptionsSchema.parse({ source: 'pos/store-12/till-3', location: 'store-12' });
 */
export const PosCaptureOptionsSchema = z.strictObject({
  /** The event source, e.g. `pos/store-12/till-3`: sequences are numbered per source. */
  source: z.string().min(1).max(256).regex(/^\S+$/),
  location: z.string().min(1).max(128),
  /** The channel recorded on sales (e.g. `pos`). */
  channel: ChannelIdSchema.optional(),
  /** The next sequence number (resume after a restart); default 1. */
  nextSequence: z.int().min(0).optional(),
  /** Whether the till starts connected; default true. */
  online: z.boolean().optional(),
});
/**
 * Options of a {@link PosCapture}.
 * @example
 * const options: PosCaptureOptions = { source: 'pos/store-12/till-3', location: 'store-12', channel: 'pos' };
 */
export type PosCaptureOptions = z.input<typeof PosCaptureOptionsSchema>;
