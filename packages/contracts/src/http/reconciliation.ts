import {
  DecimalSchema,
  LocationIdSchema,
  NonNegativeDecimalSchema,
  SkuSchema,
  SourceIdSchema,
} from '@omnistock/core';
import { z } from 'zod';
import { TimestampSchema } from './common';

/** One line of an ERP snapshot: the ERP's onHand for a sku at a location as of the snapshot time. */
export const SnapshotLineSchema = z.strictObject({
  sku: SkuSchema,
  location: LocationIdSchema,
  onHand: NonNegativeDecimalSchema,
});

/** The body of `POST /v1/reconciliations`. */
export const ReconciliationRequestSchema = z.strictObject({
  /** The system the snapshot comes from (CloudEvents `source` of any correcting events). */
  source: SourceIdSchema,
  asOf: TimestampSchema,
  lines: z.array(SnapshotLineSchema).min(1).max(100_000),
  /** Differences up to this absolute quantity are not exceptions (default 0). */
  tolerance: NonNegativeDecimalSchema.optional(),
  /** Emit correcting `omnistock.stock.counted.v1` events for the exceptions. */
  emitCorrections: z.boolean().optional(),
});

/** A difference beyond tolerance between the ERP and omnistock. */
export const ReconciliationExceptionSchema = z.strictObject({
  sku: SkuSchema,
  location: LocationIdSchema,
  erpOnHand: NonNegativeDecimalSchema,
  /**
   * omnistock's onHand as of the snapshot. Signed: a negative value is an exception that is
   * reported, not hidden (DESIGN §3).
   */
  omnistockOnHand: DecimalSchema,
  /** `erpOnHand − omnistockOnHand`. */
  difference: DecimalSchema,
  /** The id of the correcting `stock.counted` event, when corrections were emitted. */
  correctionEventId: z.string().min(1).optional(),
});

/** The outcome of a reconciliation run. */
export const ReconciliationReportSchema = z.strictObject({
  reconciliationId: z.string().min(1),
  asOf: TimestampSchema,
  source: SourceIdSchema,
  checked: z.int().min(0),
  matched: z.int().min(0),
  exceptions: z.array(ReconciliationExceptionSchema),
  correctionsEmitted: z.int().min(0),
});
