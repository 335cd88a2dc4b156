export type { DeltaFeed, DeltaReason, FeedChange } from './delta';
export { deltaFeed } from './delta';
export type { AvailabilityFeed } from './feed';
export {
  buildAvailabilityFeeds,
  FEED_CSV_COLUMNS,
  feedKey,
  feedToCsv,
  feedToJson,
  validateFeedEntries,
} from './feed';
export type { DeltaRule, FeedEntry, FeedEntryInput, FeedState } from './schemas';
export { DeltaRuleSchema, FeedEntrySchema, FeedStateSchema, SentEntrySchema } from './schemas';
