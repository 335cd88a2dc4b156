import { EventIdSchema, SourceIdSchema } from '@omnistock/core';
import { z } from 'zod';
import { CursorSchema, TimestampSchema } from './common';
import { ErrorCodeSchema } from './problem';

/**
 * One CloudEvent as submitted. Deliberately loose: an event that fails validation is quarantined
 * per event (never rejects the batch); the per-type schemas are `OmnistockEvent`.
 */
export const IngestEventSchema = z
  .looseObject({})
  .meta({ description: 'A CloudEvents 1.0 structured event; see OmnistockEvent for the valid shapes.' });

/** The body of `POST /v1/events`: a CloudEvents JSON batch. */
export const IngestBatchSchema = z.array(IngestEventSchema).min(1).max(1000);

/** Why an event was not applied. */
export const IngestReasonSchema = z.strictObject({
  code: ErrorCodeSchema,
  message: z.string(),
  path: z.array(z.union([z.string(), z.int()])).optional(),
});

/** What happened to one submitted event, in submission order. */
export const IngestEventResultSchema = z.strictObject({
  index: z.int().min(0),
  /** The event id when the event had one. */
  id: z.string().optional(),
  status: z.enum(['accepted', 'duplicate', 'quarantined']),
  reason: IngestReasonSchema.optional(),
  quarantineId: z.string().min(1).optional(),
});

/** The body returned by `POST /v1/events`. */
export const IngestResultSchema = z.strictObject({
  accepted: z.int().min(0),
  duplicate: z.int().min(0),
  quarantined: z.int().min(0),
  results: z.array(IngestEventResultSchema),
});

/** An event kept in quarantine with its reason. */
export const QuarantineEntrySchema = z.strictObject({
  quarantineId: z.string().min(1),
  receivedAt: TimestampSchema,
  source: SourceIdSchema.optional(),
  eventId: EventIdSchema.optional(),
  reason: IngestReasonSchema,
  /** The event exactly as received. */
  event: z.unknown(),
  principal: z.string().optional(),
  resubmissions: z.int().min(0),
});

/** A page of quarantine entries. */
export const QuarantinePageSchema = z.strictObject({
  items: z.array(QuarantineEntrySchema),
  nextCursor: CursorSchema.optional(),
});

/** The body of `POST /v1/quarantine/{quarantineId}/resubmit`: the corrected event, or none to retry as is. */
export const ResubmitRequestSchema = z.strictObject({ event: IngestEventSchema.optional() });
