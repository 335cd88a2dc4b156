import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseCsv } from '../common/csv';
import { buildAvailabilityFeeds, deltaFeed, feedToCsv, feedToJson } from './index';

const channel = 'marketplace-amazon';
const arbEntry = fc.record({
  sku: fc.constantFrom('A', 'B', 'C'),
  location: fc.constantFrom('dc-1', 'store-2'),
  channel: fc.constantFrom(channel, 'marketplace-ebay'),
  atp: fc.oneof(fc.nat(200).map(String), fc.constantFrom('0.5', '12.125', 'oops')),
  status: fc.constantFrom('inStock', 'lowStock', 'outOfStock'),
});
const arbRule = fc.record(
  {
    absolute: fc.constantFrom('1', '5', '0.5'),
    percent: fc.constantFrom('10', '33.3'),
    maxAgeSeconds: fc.constantFrom(60, 3600),
  },
  { requiredKeys: [] },
);
const arbNow = fc
  .integer({ min: 0, max: 7 * 24 * 3600 })
  .map((s) => new Date(Date.UTC(2026, 2, 1) + s * 1000).toISOString());

describe('marketplace feeds are deterministic and idempotent', () => {
  it('the feed does not depend on input order, and its CSV has one row per item', () => {
    fc.assert(
      fc.property(
        fc
          .array(arbEntry, { maxLength: 12 })
          .chain((es) => fc.tuple(fc.constant(es), fc.shuffledSubarray(es, { minLength: es.length }))),
        ([entries, shuffled]) => {
          const a = buildAvailabilityFeeds(entries, '2026-03-01T10:00:00Z');
          const b = buildAvailabilityFeeds(shuffled, '2026-03-01T10:00:00Z');
          expect([...b.feeds].map(([k, f]) => [k, feedToJson(f)])).toEqual(
            [...a.feeds].map(([k, f]) => [k, feedToJson(f)]),
          );
          expect(b.quarantined.length).toBe(a.quarantined.length);
          for (const f of a.feeds.values())
            expect(parseCsv(feedToCsv(f)).records.length).toBe(f.items.length + 1);
        },
      ),
      { numRuns: 1000 },
    );
  });

  it('the same run twice gives the same result; re-running on its state sends nothing new; held-back entries stay within the rule', () => {
    fc.assert(
      fc.property(
        fc.array(arbEntry, { maxLength: 10 }),
        fc.array(arbEntry, { maxLength: 10 }),
        arbRule,
        arbNow,
        (before, after, rule, now) => {
          const s1 = deltaFeed(undefined, before, { channel, rule, now: '2026-03-01T00:00:00.000Z' }).state;
          const a = deltaFeed(s1, after, { channel, rule, now });
          expect(deltaFeed(s1, after, { channel, rule, now })).toEqual(a);
          const again = deltaFeed(a.state, after, { channel, rule, now });
          expect(again.changes).toEqual([]);
          expect(again.state).toEqual(a.state);
          // every valid entry of this channel that was not sent is within the rule of what was sent
          const milli = (d: string) => Math.round(Number(d) * 1000);
          const sent = new Set(a.changes.map((c) => `${c.entry.sku}|location:${c.entry.location}`));
          const counts = new Map<string, number>();
          for (const e of after)
            counts.set(
              `${e.channel}${e.sku}${e.location}`,
              (counts.get(`${e.channel}${e.sku}${e.location}`) ?? 0) + 1,
            );
          for (const e of after) {
            const key = `${e.sku}|location:${e.location}`;
            if (e.channel !== channel || sent.has(key) || e.atp === 'oops') continue;
            if ((counts.get(`${e.channel}${e.sku}${e.location}`) ?? 0) > 1) continue; // repeats/conflicts
            const last = a.state.entries[key];
            expect(last).toBeDefined();
            if (!last) continue;
            expect(last.status).toBe(e.status);
            const d = Math.abs(milli(e.atp) - milli(last.atp));
            if (rule.absolute === undefined && rule.percent === undefined) expect(d).toBe(0);
            if (rule.absolute !== undefined && d > 0) expect(d).toBeLessThan(milli(rule.absolute));
            if (rule.percent !== undefined && d > 0) {
              expect(d * 1000).toBeLessThan(Math.round(Number(rule.percent) * 10) * milli(last.atp));
            }
            if (rule.maxAgeSeconds !== undefined) {
              expect(Date.parse(now) - Date.parse(last.sentAt)).toBeLessThan(rule.maxAgeSeconds * 1000);
            }
          }
        },
      ),
      { numRuns: 1000 },
    );
  });
});
