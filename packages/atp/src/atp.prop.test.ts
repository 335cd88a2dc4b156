import { asId, type Item, itemSpec, type LocationId, type Sku, unwrap } from '@omnistock/core';
import Decimal from 'decimal.js';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { arbBuckets, arbItem, arbPolicy, type Buckets, contextFor, NOW } from '../test-support/arb';
import {
  type AvailabilityResult,
  availability,
  type ChannelPolicySet,
  indexPolicy,
  networkAvailability,
  networkToJson,
  type PolicyRule,
  resolvePolicy,
} from './index';

const RUNS = { numRuns: 1000 };

const scenario = arbItem.chain((item) =>
  fc.record({
    item: fc.constant(item),
    policy: arbPolicy(item),
    buckets: arbBuckets,
    lastKnown: fc.option(fc.integer({ min: 0, max: 3000 }), { nil: undefined }),
  }),
);

function atpAt(item: Item, policy: ChannelPolicySet, b: Buckets, lastKnown?: number): AvailabilityResult {
  const ctx = contextFor(item, policy, [['S1', b]], lastKnown);
  return unwrap(availability(ctx, { sku: 'A', location: 'S1', channel: 'web' }, NOW));
}

/** Adds a sku+location rule on top of a policy (the most specific scope). */
function withOverride(policy: ChannelPolicySet, fields: Record<string, unknown>): ChannelPolicySet {
  const rule = { scope: { sku: asId<Sku>('A'), location: asId<LocationId>('S1') }, ...fields } as PolicyRule;
  return { rules: [...policy.rules, rule] };
}

describe('ATP properties', () => {
  it('is never negative; only a backorder allowance lets a channel promise more than atp', () => {
    fc.assert(
      fc.property(scenario, ({ item, policy, buckets, lastKnown }) => {
        const r = atpAt(item, policy, buckets, lastKnown);
        expect(r.atpMinor).toBeGreaterThanOrEqual(0);
        expect(r.promisableMinor).toBeGreaterThanOrEqual(r.atpMinor);
        const limit = r.backorder ? r.backorder.limit.minor : 0;
        expect(r.promisableMinor - r.atpMinor).toBeLessThanOrEqual(limit);
        if (r.backorder === null) expect(r.promisableMinor).toBe(r.atpMinor);
      }),
      RUNS,
    );
  });

  it('more committed, reserved, damaged or qualityControl never raises it', () => {
    fc.assert(
      fc.property(
        scenario,
        fc.constantFrom('committed', 'reserved', 'damaged', 'qualityControl'),
        fc.integer({ min: 1, max: 500 }),
        ({ item, policy, buckets, lastKnown }, bucket, d) => {
          const room = buckets.onHand - buckets.damaged - buckets.qualityControl;
          const delta = bucket === 'damaged' || bucket === 'qualityControl' ? Math.min(d, room) : d;
          const more = { ...buckets, [bucket]: buckets[bucket] + delta };
          const a = atpAt(item, policy, buckets, lastKnown);
          const b = atpAt(item, policy, more, lastKnown);
          expect(b.atpMinor).toBeLessThanOrEqual(a.atpMinor);
          expect(b.promisableMinor).toBeLessThanOrEqual(a.promisableMinor);
        },
      ),
      RUNS,
    );
  });

  it('a negative damaged or qualityControl counts as 0: the same figures as with that subset at 0', () => {
    fc.assert(
      fc.property(scenario, ({ item, policy, buckets, lastKnown }) => {
        const zeroed = {
          ...buckets,
          damaged: Math.max(buckets.damaged, 0),
          qualityControl: Math.max(buckets.qualityControl, 0),
        };
        const a = atpAt(item, policy, buckets, lastKnown);
        const b = atpAt(item, policy, zeroed, lastKnown);
        expect(a.toJSON()).toEqual(b.toJSON());
        const qty = (r: AvailabilityResult) => r.explanation.terms.map((t) => `${t.label} ${t.qty}`);
        const nonZero = (r: AvailabilityResult) =>
          qty(r).filter((t) => !/^(damaged|qualityControl) 0$/.test(t));
        expect(nonZero(a)).toEqual(nonZero(b));
        for (const bucket of ['damaged', 'qualityControl'] as const) {
          if (buckets[bucket] >= 0) continue;
          const term = a.explanation.terms.find((t) => t.label === bucket);
          expect(term?.qty.isZero()).toBe(true);
          expect(term?.detail).toMatch(/^recorded −[0-9.]+, an exception: counts as 0$/);
        }
      }),
      RUNS,
    );
  });

  it('more safety stock, buffer or protection never raises it', () => {
    fc.assert(
      fc.property(
        scenario,
        fc.constantFrom('safetyStock', 'buffer', 'protection'),
        fc.integer({ min: 1, max: 500 }),
        ({ item, policy, buckets, lastKnown }, what, d) => {
          const spec = itemSpec(item);
          const resolved = resolvePolicy(indexPolicy(policy), 'A', 'S1', 'web');
          const dq = new Decimal(d).dividedBy(10 ** spec.scale);
          let more: ChannelPolicySet;
          if (what === 'protection') {
            const old = resolved.protections.get('pos')?.value ?? '0';
            more = withOverride(policy, { protections: { pos: dq.plus(old).toFixed() } });
          } else {
            const amount = resolved[what].value;
            if (amount?.kind === 'percent') {
              const other = resolved[what === 'buffer' ? 'safetyStock' : 'buffer'].value;
              const room = 100 - (other?.kind === 'percent' ? Number(other.percent) : 0);
              const p = Math.min(room, Number(amount.percent) + d / 10);
              more = withOverride(policy, { [what]: { kind: 'percent', percent: String(p) } });
            } else {
              const old = amount?.kind === 'absolute' ? amount.qty : '0';
              more = withOverride(policy, { [what]: { kind: 'absolute', qty: dq.plus(old).toFixed() } });
            }
          }
          const a = atpAt(item, policy, buckets, lastKnown);
          const b = atpAt(item, more, buckets, lastKnown);
          expect(b.atpMinor).toBeLessThanOrEqual(a.atpMinor);
        },
      ),
      RUNS,
    );
  });

  it('more onHand or more due supply never lowers it', () => {
    fc.assert(
      fc.property(
        scenario,
        fc.constantFrom('onHand', 'incoming', 'inTransit'),
        fc.integer({ min: 1, max: 500 }),
        fc.integer({ min: -48, max: 0 }),
        ({ item, policy, buckets, lastKnown }, what, d, hours) => {
          const more: Buckets =
            what === 'onHand'
              ? { ...buckets, onHand: buckets.onHand + d }
              : { ...buckets, [what]: [...buckets[what], { minor: d, hoursFromNow: hours }] };
          const a = atpAt(item, policy, buckets, lastKnown);
          const b = atpAt(item, policy, more, lastKnown);
          expect(b.atpMinor).toBeGreaterThanOrEqual(a.atpMinor);
        },
      ),
      RUNS,
    );
  });

  it("the explanation's terms add up to the pre-clamp value, and its steps lead to atp", () => {
    fc.assert(
      fc.property(scenario, ({ item, policy, buckets, lastKnown }) => {
        const r = atpAt(item, policy, buckets, lastKnown);
        const e = r.explanation;
        const sum = e.terms.reduce((s, t) => s + t.qty.minor, 0);
        expect(sum).toBe(r.preClampMinor);
        expect(e.preClamp.minor).toBe(r.preClampMinor);
        const last = e.steps.filter((s) => s.kind !== 'backorder').at(-1);
        expect(last ? last.to.minor : e.preClamp.minor).toBe(r.atpMinor);
        expect(e.atp.minor).toBe(r.atpMinor);
      }),
      RUNS,
    );
  });

  it('network ATP is the sum of per-location ATP', () => {
    fc.assert(
      fc.property(
        arbItem.chain((item) =>
          fc.tuple(fc.constant(item), arbPolicy(item), fc.array(arbBuckets, { minLength: 1, maxLength: 4 })),
        ),
        ([item, policy, list]) => {
          const positions = list.map((b, i): [string, Buckets] => [`L${i}`, b]);
          const ctx = contextFor(item, policy, positions);
          const net = unwrap(networkAvailability(ctx, { sku: 'A', group: 'G', channel: 'web' }, NOW));
          const sum = positions
            .map(([l]) => unwrap(availability(ctx, { sku: 'A', location: l, channel: 'web' }, NOW)).atpMinor)
            .reduce((a, b) => a + b, 0);
          expect(net.atp.minor).toBe(sum);
          expect(net.explanation.terms.reduce((s, t) => s + t.qty.minor, 0)).toBe(sum);
        },
      ),
      RUNS,
    );
  });

  it('does not depend on the order of positions or rules', () => {
    fc.assert(
      fc.property(
        arbItem.chain((item) =>
          fc.tuple(
            fc.constant(item),
            arbPolicy(item),
            fc.array(arbBuckets, { minLength: 1, maxLength: 4 }),
            fc.nat(),
          ),
        ),
        ([item, policy, list, seed]) => {
          const positions = list.map((b, i): [string, Buckets] => [`L${i}`, b]);
          const shuffled = [...positions].sort(
            (a, b) => ((a[0].charCodeAt(1) * 7919 + seed) % 13) - ((b[0].charCodeAt(1) * 7919 + seed) % 13),
          );
          const reversed = { rules: [...policy.rules].reverse() };
          const q = { sku: 'A', group: 'G', channel: 'web' };
          const one = networkToJson(unwrap(networkAvailability(contextFor(item, policy, positions), q, NOW)));
          const two = contextFor(item, reversed, shuffled);
          // the group lists locations in the order given; compare per location, not by list position
          const other = networkToJson(unwrap(networkAvailability(two, q, NOW)));
          expect(other.atp).toBe(one.atp);
          const byLoc = (j: typeof one) => Object.fromEntries(j.locations.map((l) => [l.location, l]));
          expect(byLoc(other)).toEqual(byLoc(one));
        },
      ),
      RUNS,
    );
  });

  it('the integer fast path equals an exact decimal.js computation', () => {
    fc.assert(
      fc.property(scenario, ({ item, policy, buckets, lastKnown }) => {
        const r = atpAt(item, policy, buckets, lastKnown);
        const ref = referenceAtp(item, policy, buckets, lastKnown);
        expect(r.preClamp.toString()).toBe(ref.preClamp);
        expect(r.atp.toString()).toBe(ref.atp);
        expect(r.deficit.toString()).toBe(ref.deficit);
      }),
      RUNS,
    );
  });
});

/** DESIGN §4 computed on decimal strings with decimal.js: slow and obviously right. */
function referenceAtp(item: Item, policy: ChannelPolicySet, b: Buckets, lastKnown: number | undefined) {
  const { scale } = itemSpec(item);
  const D = Decimal.clone({ precision: 60 });
  const q = (minor: number) => new D(minor).dividedBy(new D(10).pow(scale));
  const up = (x: Decimal) => x.toDecimalPlaces(scale, D.ROUND_CEIL);
  const down = (x: Decimal) => x.toDecimalPlaces(scale, D.ROUND_FLOOR);
  const p = resolvePolicy(indexPolicy(policy), 'A', 'S1', 'web');
  // DESIGN §3: a negative unsellable subset is an exception and counts as 0
  const sellable = q(b.onHand)
    .minus(D.max(q(b.damaged), 0))
    .minus(D.max(q(b.qualityControl), 0));
  const free = sellable.minus(q(b.committed)).minus(q(b.reserved));
  const base = D.max(sellable, 0);
  let supply = new D(0);
  if (p.includeIncoming.value)
    for (const l of b.incoming) if (l.hoursFromNow <= 0) supply = supply.plus(q(l.minor));
  if (p.includeInTransit.value)
    for (const l of b.inTransit) if (l.hoursFromNow <= 0) supply = supply.plus(q(l.minor));
  const s = p.safetyStock.value;
  const bf = p.buffer.value;
  const sPct = s?.kind === 'percent' ? new D(s.percent) : new D(0);
  const safety = !s ? new D(0) : s.kind === 'absolute' ? new D(s.qty) : up(base.times(sPct).dividedBy(100));
  const buffer = !bf
    ? new D(0)
    : bf.kind === 'absolute'
      ? new D(bf.qty)
      : up(base.times(sPct.plus(bf.percent)).dividedBy(100)).minus(s?.kind === 'percent' ? safety : 0);
  let protectedOther = new D(0);
  for (const [ch, r] of p.protections) if (ch !== 'web') protectedOther = protectedOther.plus(r.value);
  const raw = free.plus(supply).minus(safety).minus(protectedOther).minus(buffer);
  const c = p.cap.value;
  const capped = !c
    ? raw
    : D.min(raw, c.kind === 'absolute' ? new D(c.qty) : down(base.times(c.percent).dividedBy(100)));
  const mult = new D(item.sellMultiple ?? new D(1).dividedBy(new D(10).pow(scale)));
  const rounded = capped.dividedBy(mult).floor().times(mult);
  let atp = D.max(rounded, 0);
  const staleAfterH = p.staleAfter.value === null ? undefined : p.staleAfter.value === 'PT1H' ? 1 : 3;
  const stale = staleAfterH !== undefined && (b.ageHours === null || b.ageHours > staleAfterH);
  if (stale) {
    const f = p.fallback.value;
    if (f.kind === 'zero') atp = new D(0);
    else if (f.kind === 'percent')
      atp = down(atp.times(f.percent).dividedBy(100)).dividedBy(mult).floor().times(mult);
    else if (lastKnown !== undefined) atp = q(lastKnown).dividedBy(mult).floor().times(mult);
  }
  const str = (x: Decimal) => (x.isZero() ? '0' : x.toFixed());
  return { preClamp: str(rounded), atp: str(atp), deficit: str(D.max(free.neg(), 0)) };
}
