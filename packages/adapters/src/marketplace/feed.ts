import { writeCsv } from '../common/csv';
import { canonicalJson } from '../common/ids';
import { type AdapterQuarantine, quarantine } from '../common/result';
import { validatePayload } from '../internal/validate';
import { type FeedEntry, FeedEntrySchema } from './schemas';

/**
 * An availability feed for one marketplace channel.
 * @example
 * const feed: AvailabilityFeed = { channel: 'marketplace-amazon', generatedAt: '2026-03-01T10:00:00Z', items: [] };
 */
export interface AvailabilityFeed {
  readonly channel: string;
  readonly generatedAt: string;
  /** Sorted by sku, then location/group: the same results always give the same feed. */
  readonly items: readonly FeedEntry[];
}

/**
 * The key of an entry in a feed state: `sku|location:<id>` or `sku|group:<id>`.
 * @example
 * feedKey({ sku: 'A', location: 'dc-1' }); // 'A|location:dc-1'
 */
export function feedKey(e: {
  readonly sku: string;
  readonly location?: string | undefined;
  readonly group?: string | undefined;
}): string {
  return e.location !== undefined ? `${e.sku}|location:${e.location}` : `${e.sku}|group:${e.group ?? ''}`;
}

/**
 * Validates ATP results for a feed: bad entries are quarantined, exact repeats collapse to one,
 * conflicting entries for one key are all quarantined; entries come out in a stable order.
 * @example
 * const { entries, quarantined } = validateFeedEntries(results, 'marketplace/amazon');
 */
export function validateFeedEntries(
  results: readonly unknown[],
  source: string,
): { entries: FeedEntry[]; quarantined: AdapterQuarantine[] } {
  const quarantined: AdapterQuarantine[] = [];
  const byKey = new Map<string, { entry: FeedEntry; raw: unknown; index: number }[]>();
  results.forEach((raw, i) => {
    const v = validatePayload(FeedEntrySchema, raw, source, `feed entry ${i}`);
    if (!v.ok) {
      quarantined.push(v.quarantine);
      return;
    }
    const key = `${v.value.channel}|${feedKey(v.value)}`;
    byKey.set(key, [...(byKey.get(key) ?? []), { entry: v.value, raw, index: i }]);
  });
  // Exact repeats collapse to one; conflicting entries for one key are all refused (which one is
  // right is not the feed's to guess, and the outcome must not depend on input order).
  const entries: FeedEntry[] = [];
  for (const [key, group] of byKey) {
    const first = group[0]!;
    const same = group.every((g) => canonicalJson(g.entry) === canonicalJson(first.entry));
    if (same) {
      entries.push(first.entry);
      continue;
    }
    for (const g of group) {
      quarantined.push(
        quarantine(
          'VALIDATION_FAILED',
          `feed entry ${g.index}: ${key} has conflicting entries (${group.map((x) => x.index).join(', ')})`,
          source,
          g.raw,
        ),
      );
    }
  }
  entries.sort((a, b) => compare(feedKey(a), feedKey(b)) || compare(a.channel, b.channel));
  return { entries, quarantined };
}

function compare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/**
 * Builds one availability feed per marketplace channel from ATP results (an entry belongs to the
 * feed of its `channel`). Malformed results and duplicates are quarantined, never dropped.
 * @example
 * const { feeds } = buildAvailabilityFeeds(atpResults, '2026-03-01T10:00:00Z');
 * feeds.get('marketplace-amazon')?.items;
 */
export function buildAvailabilityFeeds(
  results: readonly unknown[],
  generatedAt: string,
): { feeds: Map<string, AvailabilityFeed>; quarantined: AdapterQuarantine[] } {
  const { entries, quarantined } = validateFeedEntries(results, 'marketplace/feed');
  const feeds = new Map<string, AvailabilityFeed>();
  for (const e of entries) {
    const items = (feeds.get(e.channel)?.items ?? []) as FeedEntry[];
    if (items.length === 0) feeds.set(e.channel, { channel: e.channel, generatedAt, items });
    items.push(e);
  }
  return { feeds: new Map([...feeds].sort(([a], [b]) => compare(a, b))), quarantined };
}

/**
 * The JSON form of a feed: `{ channel, generatedAt, items: [{ sku, location|group, atp, status }] }`.
 * @example
 * feedToJson(feed); // '{"channel":"marketplace-amazon","generatedAt":"…","items":[…]}'
 */
export function feedToJson(feed: AvailabilityFeed): string {
  return JSON.stringify({
    channel: feed.channel,
    generatedAt: feed.generatedAt,
    items: feed.items.map((e) => ({
      sku: e.sku,
      ...(e.location !== undefined ? { location: e.location } : { group: e.group }),
      atp: e.atp,
      status: e.status,
    })),
  });
}

/**
 * Columns of the CSV feed.
 * @example
 * FEED_CSV_COLUMNS.join(','); // 'sku,location,group,channel,atp,status'
 */
export const FEED_CSV_COLUMNS = ['sku', 'location', 'group', 'channel', 'atp', 'status'] as const;

/**
 * The CSV form of a feed (RFC 4180, header row, CRLF).
 * @example
 * feedToCsv(feed); // 'sku,location,group,channel,atp,status\r\nMUG-1,dc-1,,marketplace-amazon,4,inStock\r\n'
 */
export function feedToCsv(feed: AvailabilityFeed): string {
  return writeCsv([
    FEED_CSV_COLUMNS,
    ...feed.items.map((e) => [e.sku, e.location, e.group, e.channel, e.atp, e.status]),
  ]);
}
