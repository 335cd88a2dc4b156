import {
  asId,
  type ChannelId,
  type FulfilmentMode,
  type Item,
  itemSpec,
  type Location,
  type LocationGroupId,
  type LocationId,
  Quantity,
  unwrap,
} from '@omnistock/core';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { arbBuckets, arbItem, arbPolicy, type Buckets, NOW, toPosition } from '../test-support/arb';
import {
  type AtpCatalogInput,
  type AtpContext,
  type AvailabilityResult,
  availability,
  availabilityToJson,
  batchAvailability,
  type ChannelPolicySet,
  createAtpCatalog,
  createAtpContext,
  createAtpContextFrom,
  evaluatePosition,
  MAX_COMPILED_CHANNELS,
  networkAvailability,
  networkToJson,
  timePhasedAvailability,
  timePhasedToJson,
} from './index';

const RUNS = { numRuns: 1000 };
const NOW_MS = Date.parse(NOW);
const iso = (hours: number) => new Date(NOW_MS + hours * 3_600_000).toISOString();
const CHANNELS = ['web', 'pos', 'marketplace'] as const;

/** Everything a caller can read from a result, as plain data (explanation included). */
const snapshot = (r: AvailabilityResult) => ({
  json: availabilityToJson(r, { explanation: true }),
  minor: [r.atpMinor, r.preClampMinor, r.promisableMinor, r.deficitMinor],
  explanation: r.explanation.text,
});

const arbSite = fc.record({ buckets: arbBuckets, ship: fc.boolean(), pickup: fc.boolean() });

/** A policy, sometimes with a rule naming the first location (its policy then differs from the others'). */
const arbCatalogPolicy = (item: Item): fc.Arbitrary<ChannelPolicySet> =>
  fc
    .tuple(arbPolicy(item), fc.option(fc.integer({ min: 0, max: 300 }), { nil: undefined }))
    .map(([policy, named]) =>
      named === undefined
        ? policy
        : {
            rules: [
              ...policy.rules,
              {
                scope: { location: asId<LocationId>('L0') },
                safetyStock: {
                  kind: 'absolute' as const,
                  qty: Quantity.fromMinor(named, itemSpec(item)).toString(),
                },
              },
            ],
          },
    );

const scenario = arbItem.chain((item) =>
  fc.record({
    item: fc.constant(item),
    policy: arbCatalogPolicy(item),
    sites: fc.array(arbSite, { minLength: 1, maxLength: 3 }),
    /** Further snapshots of the same locations: each a new context on the same catalog. */
    later: fc.array(fc.array(arbBuckets, { minLength: 3, maxLength: 3 }), { minLength: 1, maxLength: 2 }),
    mode: fc.constantFrom<FulfilmentMode | undefined>(undefined, 'ship', 'pickup'),
    atHours: fc.option(fc.integer({ min: -48, max: 400 }), { nil: undefined }),
  }),
);

type Scenario = {
  item: Item;
  policy: ChannelPolicySet;
  sites: { buckets: Buckets; ship: boolean; pickup: boolean }[];
};

function master(s: Scenario) {
  const locations = s.sites.map(
    (x, i): Location => ({
      id: asId<LocationId>(`L${i}`),
      type: 'store',
      eligibility: { ship: x.ship, pickup: x.pickup },
    }),
  );
  const groups = [{ id: asId<LocationGroupId>('G'), locations: locations.map((l) => l.id) }];
  return { items: [s.item], locations, groups, policy: s.policy };
}

/** Every query kind over a context, as plain data: what must not depend on how the context was built. */
function answers(ctx: AtpContext, ids: readonly string[], mode: FulfilmentMode | undefined, at?: string) {
  const extra = { ...(mode === undefined ? {} : { mode }), ...(at === undefined ? {} : { at }) };
  return CHANNELS.map((channel) => ({
    each: ids.map((l) =>
      snapshot(unwrap(availability(ctx, { sku: 'A', location: l, channel, ...extra }, NOW))),
    ),
    batch: unwrap(batchAvailability(ctx, { skus: ['A'], locations: ids, channel, ...extra }, NOW)).map(
      snapshot,
    ),
    network: networkToJson(
      unwrap(networkAvailability(ctx, { sku: 'A', group: 'G', channel, ...extra }, NOW)),
      { explanation: true },
    ),
    timePhased: timePhasedToJson(
      unwrap(
        timePhasedAvailability(
          ctx,
          {
            sku: 'A',
            group: 'G',
            channel,
            ...(mode === undefined ? {} : { mode }),
            dates: [NOW, iso(24), iso(200)],
          },
          NOW,
        ),
      ),
      { explanation: true },
    ),
  }));
}

describe('a compiled catalog (createAtpCatalog + createAtpContextFrom)', () => {
  it('gives results identical to createAtpContext, for every snapshot built on one catalog', () => {
    fc.assert(
      fc.property(scenario, (s) => {
        const input = master(s);
        const ids = input.locations.map((l) => l.id as string);
        const at = s.atHours === undefined ? undefined : iso(s.atHours);
        const catalog = unwrap(createAtpCatalog(input));
        const snapshots = [s.sites.map((x) => x.buckets), ...s.later.map((b) => b.slice(0, ids.length))];
        for (const buckets of snapshots) {
          const positions = buckets.map((b, i) => toPosition(s.item, `L${i}`, b));
          const fresh = unwrap(createAtpContext({ ...input, positions }));
          // the catalog's compiled policies are shared by every context built from it
          const shared = unwrap(createAtpContextFrom(catalog, { positions }));
          const got = answers(shared, ids, s.mode, at);
          expect(got).toEqual(answers(fresh, ids, s.mode, at));
          // and to evaluatePosition, which compiles the policy afresh with no context and no memo
          for (const [c, channel] of CHANNELS.entries()) {
            for (const [i, position] of positions.entries()) {
              const one = evaluatePosition(position, s.item, s.policy, {
                channel,
                now: NOW,
                location: input.locations[i]!,
                ...(s.mode === undefined ? {} : { mode: s.mode }),
                ...(at === undefined ? {} : { at }),
              });
              expect(snapshot(unwrap(one))).toEqual(got[c]?.each[i]);
            }
          }
        }
      }),
      RUNS,
    );
  });

  it('keeps compiled policies of at most MAX_COMPILED_CHANNELS channels, with the same results beyond', () => {
    const item: Item = { sku: asId('A'), unit: 'each' };
    const policy: ChannelPolicySet = {
      rules: [
        { scope: {}, safetyStock: { kind: 'absolute', qty: '1' } },
        { scope: { channel: asId<ChannelId>('ch-7') }, buffer: { kind: 'percent', percent: '50' } },
        { scope: { channel: asId<ChannelId>('ch-300') }, cap: { kind: 'absolute', qty: '2' } },
      ],
    };
    const input = {
      items: [item],
      locations: [{ id: asId<LocationId>('S1'), type: 'store' as const }],
      policy,
      positions: [toPosition(item, 'S1', { ...zero(), onHand: 10 })],
    };
    const catalog = unwrap(createAtpCatalog(input));
    const ctx = unwrap(createAtpContextFrom(catalog, input));
    const fresh = () => unwrap(createAtpContext(input));
    for (let round = 0; round < 2; round++) {
      for (let i = 0; i < MAX_COMPILED_CHANNELS + 50; i++) {
        const q = { sku: 'A', location: 'S1', channel: `ch-${i}` };
        expect(snapshot(unwrap(availability(ctx, q, NOW)))).toEqual(
          snapshot(unwrap(availability(fresh(), q, NOW))),
        );
      }
    }
    expect(catalog.compiled.size).toBe(MAX_COMPILED_CHANNELS);
    expect(
      unwrap(availability(ctx, { sku: 'A', location: 'S1', channel: 'ch-300' }, NOW)).atp.toString(),
    ).toBe('2');
  });

  it('fails exactly as createAtpContext does', () => {
    const item: Item = { sku: asId('A'), unit: 'each' };
    const locations = [{ id: asId<LocationId>('S1'), type: 'store' as const }];
    const policy = { rules: [] };
    const bad: AtpCatalogInput[] = [
      { items: [item], locations, policy: { rules: [{ scope: {}, safetyStock: 'lots' }] } as never },
      {
        items: [item],
        locations,
        groups: [{ id: asId<LocationGroupId>('G'), locations: [asId<LocationId>('S9')] }],
        policy,
      },
    ];
    for (const input of bad) {
      const fresh = createAtpContext({ ...input, positions: [] });
      expect(fresh.ok).toBe(false);
      expect(createAtpCatalog(input)).toEqual(fresh);
    }
    const catalog = unwrap(createAtpCatalog({ items: [item], locations, policy }));
    const kg: Item = { sku: asId('A'), unit: 'kg' };
    const badPositions = [
      [toPosition({ sku: asId('B'), unit: 'each' }, 'S1', zero())],
      [toPosition(item, 'S9', zero())],
      [toPosition(kg, 'S1', zero())],
    ];
    for (const positions of badPositions) {
      const fresh = createAtpContext({ items: [item], locations, policy, positions });
      expect(fresh.ok).toBe(false);
      expect(createAtpContextFrom(catalog, { positions })).toEqual(fresh);
    }
  });
});

function zero(): Buckets {
  return {
    onHand: 0,
    damaged: 0,
    qualityControl: 0,
    committed: 0,
    reserved: 0,
    incoming: [],
    inTransit: [],
    ageHours: 0,
  };
}
