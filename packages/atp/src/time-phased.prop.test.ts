import { type Item, itemSpec, Quantity, unwrap } from '@omnistock/core';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { arbBuckets, arbItem, arbPolicy, type Buckets, NOW, store, toPosition } from '../test-support/arb';
import {
  availability,
  type ChannelPolicySet,
  createAtpContext,
  dailyHorizon,
  timePhasedAvailability,
} from './index';

const RUNS = { numRuns: 1000 };
const dates = dailyHorizon(NOW, 8);

const arbDemand = fc.array(
  fc.record({ minor: fc.integer({ min: 0, max: 2000 }), hoursFromNow: fc.integer({ min: -24, max: 400 }) }),
  { maxLength: 4 },
);

function ctxFor(
  item: Item,
  policy: ChannelPolicySet,
  list: readonly Buckets[],
  demand: { minor: number; hoursFromNow: number }[][],
) {
  const spec = itemSpec(item);
  const ids = list.map((_, i) => `L${i}`);
  return unwrap(
    createAtpContext({
      items: [item],
      locations: ids.map(store),
      groups: [{ id: 'G' as never, locations: ids as never }],
      positions: list.map((b, i) => toPosition(item, ids[i]!, b)),
      policy,
      demand: demand.flatMap((ds, i) =>
        ds.map((d) => ({
          sku: 'A',
          location: ids[i]!,
          qty: Quantity.fromMinor(d.minor, spec),
          date: new Date(Date.parse(NOW) + d.hoursFromNow * 3_600_000).toISOString(),
        })),
      ),
    }),
  );
}

const scenario = arbItem.chain((item) =>
  fc.record({
    item: fc.constant(item),
    policy: arbPolicy(item),
    list: fc.array(arbBuckets, { minLength: 1, maxLength: 3 }),
    demand: fc.array(arbDemand, { minLength: 3, maxLength: 3 }),
  }),
);

describe('time-phased ATP properties', () => {
  it('is non-decreasing in the date, per location and over a group', () => {
    fc.assert(
      fc.property(scenario, ({ item, policy, list, demand }) => {
        const ctx = ctxFor(item, policy, list, demand);
        const r = unwrap(timePhasedAvailability(ctx, { sku: 'A', group: 'G', channel: 'web', dates }, NOW));
        for (const series of [
          r.buckets.map((b) => b.atpMinor),
          ...r.locations.map((l) => l.buckets.map((b) => b.atpMinor)),
        ]) {
          for (let i = 1; i < series.length; i++) expect(series[i]!).toBeGreaterThanOrEqual(series[i - 1]!);
        }
        // the group is the per-date sum of its locations
        r.buckets.forEach((b, i) => {
          expect(b.atpMinor).toBe(r.locations.reduce((s, l) => s + l.buckets[i]!.atpMinor, 0));
        });
      }),
      RUNS,
    );
  });

  it('without dated demand, each date equals a point query at that date; with demand it never exceeds it', () => {
    fc.assert(
      fc.property(scenario, fc.boolean(), ({ item, policy, list, demand }, withDemand) => {
        const ctx = ctxFor(item, policy, list.slice(0, 1), withDemand ? demand : [[]]);
        const r = unwrap(
          timePhasedAvailability(ctx, { sku: 'A', location: 'L0', channel: 'web', dates }, NOW),
        );
        r.buckets.forEach((b, i) => {
          const point = unwrap(
            availability(ctx, { sku: 'A', location: 'L0', channel: 'web', at: dates[i]! }, NOW),
          );
          if (withDemand) expect(b.atpMinor).toBeLessThanOrEqual(point.atpMinor);
          else expect(b.atpMinor).toBe(point.atpMinor);
        });
      }),
      RUNS,
    );
  });

  it("each date's explanation terms add up to its pre-clamp value", () => {
    fc.assert(
      fc.property(scenario, ({ item, policy, list, demand }) => {
        const ctx = ctxFor(item, policy, list.slice(0, 1), demand);
        const r = unwrap(
          timePhasedAvailability(ctx, { sku: 'A', location: 'L0', channel: 'web', dates }, NOW),
        );
        for (const b of r.locations[0]!.buckets) {
          expect(b.explanation.terms.reduce((s, t) => s + t.qty.minor, 0)).toBe(b.preClampMinor);
        }
      }),
      RUNS,
    );
  });
});
