import {
  AvailabilityStatusSchema,
  ChannelIdSchema,
  LocationGroupIdSchema,
  LocationIdSchema,
  NonNegativeDecimalSchema,
  PercentSchema,
  SkuSchema,
} from '@omnistock/core';
import { z } from 'zod';

/**
 * One ATP result to export: availability of a sku at a location or over a location group for a
 * marketplace channel. `atp` already has the channel's buffers and caps applied (the ATP engine did
 * that); the feed only exports. Other fields are ignored, so `@omnistock/atp`'s wire results
 * (`availabilityToJson(result)`, `networkToJson(result)`) can be passed as they are.
 * @example
 * FeedEntrySchema.safeParse({ sku: 'MUG-1', location: 'dc-1', channel: 'marketplace-amazon',
 *   atp: '4', status: 'inStock' }).success; // true
 */
export const FeedEntrySchema = z
  .object({
    sku: SkuSchema,
    location: LocationIdSchema.optional(),
    group: LocationGroupIdSchema.optional(),
    channel: ChannelIdSchema,
    atp: NonNegativeDecimalSchema,
    status: AvailabilityStatusSchema,
  })
  .refine((e) => (e.location === undefined) !== (e.group === undefined), {
    message: 'exactly one of location or group',
    path: ['location'],
  });
/**
 * A validated feed entry.
 * @example
 * const e: FeedEntry = FeedEntrySchema.parse({ sku: 'MUG-1', location: 'dc-1', channel: 'marketplace-amazon',
 *   atp: '4', status: 'inStock' });
 */
export type FeedEntry = z.output<typeof FeedEntrySchema>;
/**
 * A feed entry as given (before validation).
 * @example
 * const e: FeedEntryInput = { sku: 'MUG-1', group: 'uk', channel: 'marketplace-amazon', atp: '9', status: 'inStock' };
 */
export type FeedEntryInput = z.input<typeof FeedEntrySchema>;

/**
 * When the delta feed re-sends an entry it sent before: its status changed, or its ATP moved by at
 * least `absolute` units or `percent` % of the last sent value, or the last send is older than
 * `maxAgeSeconds` (a heartbeat). New entries are always sent. With no thresholds, any change is sent.
 * @example
 * DeltaRuleSchema.parse({ absolute: '5', percent: '20', maxAgeSeconds: 86_400 });
 */
export const DeltaRuleSchema = z.strictObject({
  absolute: NonNegativeDecimalSchema.optional(),
  percent: PercentSchema.optional(),
  maxAgeSeconds: z.int().min(1).optional(),
});
/**
 * The anti-flood rule of a delta feed.
 * @example
 * const rule: DeltaRule = { absolute: '5', percent: '20', maxAgeSeconds: 86_400 };
 */
export type DeltaRule = z.input<typeof DeltaRuleSchema>;

/**
 * What the delta feed remembers per entry: what it last sent, and when.
 * @example
 * SentEntrySchema.parse({ atp: '4', status: 'inStock', sentAt: '2026-03-01T10:00:00Z' });
 */
export const SentEntrySchema = z.strictObject({
  atp: NonNegativeDecimalSchema,
  status: AvailabilityStatusSchema,
  sentAt: z.iso.datetime({ offset: true }),
});

/**
 * The state a delta feed carries from one run to the next (JSON-serialisable).
 * @example
 * FeedStateSchema.parse({ channel: 'marketplace-amazon', entries: {} });
 */
export const FeedStateSchema = z.strictObject({
  channel: z.string().min(1).max(128),
  /** Keyed by `sku|location:<id>` or `sku|group:<id>`. */
  entries: z.record(z.string(), SentEntrySchema),
});
/**
 * What a delta feed remembers between runs.
 * @example
 * const state: FeedState = { channel: 'marketplace-amazon', entries: {} };
 */
export type FeedState = z.output<typeof FeedStateSchema>;
