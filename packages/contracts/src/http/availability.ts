import {
  AvailabilityStatusSchema,
  ChannelIdSchema,
  DecimalSchema,
  LocationGroupIdSchema,
  LocationIdSchema,
  NonNegativeDecimalSchema,
  SkuSchema,
} from '@omnistock/core';
import { z } from 'zod';
import { TimestampSchema } from './common';
import { ErrorCodeSchema } from './problem';

/** One term of an ATP explanation, in the order it was applied (`safetyStock −2`). */
export const ExplanationTermSchema = z.strictObject({
  /** `onHand`, `damaged`, `qualityControl`, `committed`, `reserved`, `incoming`, `inTransit`, `safetyStock`, `protected`, `buffer`, `cap`, `rounding`, `floor`, `freshness`, `backorder`. */
  term: z.string().min(1).max(64),
  /** The signed amount the term contributed. */
  qty: DecimalSchema,
  /** Human-readable label, e.g. `buffer(marketplace)`. */
  label: z.string().max(256).optional(),
  /** The location the term belongs to, in a network (group) result. */
  location: LocationIdSchema.optional(),
});

/** Freshness of the information an ATP figure is based on. */
export const FreshnessSchema = z.strictObject({
  asOf: TimestampSchema.nullable(),
  stale: z.boolean(),
  /** The fallback applied when stale (`zero`, `lastKnown`, `percent`). */
  fallback: z.enum(['zero', 'lastKnown', 'percent']).optional(),
});

/** Available-to-promise for one sku at one location or over a group, for a channel. */
export const AvailabilityResultSchema = z
  .strictObject({
    sku: SkuSchema,
    location: LocationIdSchema.optional(),
    group: LocationGroupIdSchema.optional(),
    channel: ChannelIdSchema,
    atp: NonNegativeDecimalSchema,
    status: AvailabilityStatusSchema,
    /** When the channel may sell below zero: how much more it may sell (backorder/preorder). */
    backorderable: NonNegativeDecimalSchema.optional(),
    freshness: FreshnessSchema,
    /** Per-location results of a network (group) query. */
    locations: z
      .array(
        z.strictObject({
          location: LocationIdSchema,
          atp: NonNegativeDecimalSchema,
          status: AvailabilityStatusSchema,
        }),
      )
      .optional(),
    explanation: z.array(ExplanationTermSchema).optional(),
  })
  .meta({ description: 'Available-to-promise for a sku at a location or over a location group.' });

/** One availability question (for the batch endpoint). */
export const AvailabilityQuerySchema = z.strictObject({
  sku: SkuSchema,
  location: LocationIdSchema.optional(),
  group: LocationGroupIdSchema.optional(),
  channel: ChannelIdSchema,
  /** A future time to ask about; now when absent. */
  at: TimestampSchema.optional(),
  explain: z.boolean().optional(),
});

/** The body of `POST /v1/availability/batch`. */
export const AvailabilityBatchRequestSchema = z.strictObject({
  queries: z.array(AvailabilityQuerySchema).min(1).max(500),
});

/** One answer of a batch: a result or a problem, in request order. */
export const AvailabilityBatchItemSchema = z.strictObject({
  index: z.int().min(0),
  result: AvailabilityResultSchema.optional(),
  error: z
    .strictObject({ code: z.string().min(1), message: z.string() })
    .optional()
    .meta({ description: 'Set instead of `result` when this query failed (code is a stable error code).' }),
});

/** The body returned by `POST /v1/availability/batch`. */
export const AvailabilityBatchResponseSchema = z.strictObject({
  results: z.array(AvailabilityBatchItemSchema),
});

/** Availability on one date of a time-phased answer. */
export const TimePhasedBucketSchema = z.strictObject({
  date: z.iso.date(),
  atp: NonNegativeDecimalSchema,
  supply: NonNegativeDecimalSchema,
  demand: NonNegativeDecimalSchema,
});

/** Time-phased (look-ahead) ATP over a horizon. */
export const TimePhasedAvailabilitySchema = z.strictObject({
  sku: SkuSchema,
  location: LocationIdSchema.optional(),
  group: LocationGroupIdSchema.optional(),
  channel: ChannelIdSchema,
  from: z.iso.date(),
  to: z.iso.date(),
  buckets: z.array(TimePhasedBucketSchema),
});
