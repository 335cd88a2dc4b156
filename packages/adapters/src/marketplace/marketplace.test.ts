import { describe, expect, it } from 'vitest';
import { parseCsv } from '../common/csv';
import { buildAvailabilityFeeds, deltaFeed, feedToCsv, feedToJson, type FeedState } from './index';

// Shape: an omnistock ATP result as DESIGN §4 defines it and `availability.changed.v1` carries it
// (sku, location | group, channel, atp as a decimal string after buffers and caps, status).
const RESULTS = [
  { sku: 'MUG-1', location: 'dc-1', channel: 'marketplace-amazon', atp: '40', status: 'inStock' },
  { sku: 'MUG-1', group: 'uk-network', channel: 'marketplace-amazon', atp: '57', status: 'inStock' },
  { sku: 'TEE-RED-M', location: 'dc-1', channel: 'marketplace-amazon', atp: '2', status: 'lowStock' },
  { sku: 'RICE-5KG', location: 'dc-1', channel: 'marketplace-zalando', atp: '12.5', status: 'inStock' },
  { sku: 'TEE-RED-M', location: 'dc-1', channel: 'marketplace-zalando', atp: '0', status: 'outOfStock' },
];

describe('marketplace availability feed export', () => {
  it('builds one sorted feed per channel, as JSON and CSV', () => {
    const { feeds, quarantined } = buildAvailabilityFeeds(RESULTS, '2026-03-01T10:00:00Z');
    expect(quarantined).toEqual([]);
    expect([...feeds.keys()]).toEqual(['marketplace-amazon', 'marketplace-zalando']);
    const amazon = feeds.get('marketplace-amazon')!;
    expect(JSON.parse(feedToJson(amazon))).toEqual({
      channel: 'marketplace-amazon',
      generatedAt: '2026-03-01T10:00:00Z',
      items: [
        { sku: 'MUG-1', group: 'uk-network', atp: '57', status: 'inStock' },
        { sku: 'MUG-1', location: 'dc-1', atp: '40', status: 'inStock' },
        { sku: 'TEE-RED-M', location: 'dc-1', atp: '2', status: 'lowStock' },
      ],
    });
    expect(feedToCsv(feeds.get('marketplace-zalando')!)).toBe(
      'sku,location,group,channel,atp,status\r\n' +
        'RICE-5KG,dc-1,,marketplace-zalando,12.5,inStock\r\n' +
        'TEE-RED-M,dc-1,,marketplace-zalando,0,outOfStock\r\n',
    );
    expect(parseCsv(feedToCsv(amazon)).records).toHaveLength(4);
  });

  it.each([
    { name: 'atp as a number', entry: { ...RESULTS[0], atp: 40 }, code: 'QUANTITY_INVALID' },
    { name: 'negative atp', entry: { ...RESULTS[0], atp: '-1' }, code: 'QUANTITY_NEGATIVE' },
    { name: 'unknown status', entry: { ...RESULTS[0], status: 'available' }, code: 'VALIDATION_FAILED' },
    { name: 'both location and group', entry: { ...RESULTS[0], group: 'uk' }, code: 'VALIDATION_FAILED' },
    {
      name: 'neither location nor group',
      entry: { sku: 'A', channel: 'm', atp: '1', status: 'inStock' },
      code: 'VALIDATION_FAILED',
    },
    { name: 'null', entry: null, code: 'VALIDATION_FAILED' },
  ])('quarantines $name ($code)', ({ entry, code }) => {
    const { feeds, quarantined } = buildAvailabilityFeeds([...RESULTS, entry], '2026-03-01T10:00:00Z');
    expect(quarantined.map((q) => q.code)).toEqual([code]);
    expect(quarantined[0]?.raw).toBe(entry);
    expect(feeds.get('marketplace-amazon')?.items).toHaveLength(3);
  });

  it('accepts ATP wire results as they are (extra fields ignored)', () => {
    // Shape: @omnistock/atp `AvailabilityResultJson` (per-location) and `NetworkAvailabilityResultJson`.
    const perLocation = {
      sku: 'MUG-1',
      location: 'dc-1',
      channel: 'marketplace-amazon',
      at: '2026-03-01T10:00:00Z',
      atp: '4',
      preClamp: '4',
      promisable: '4',
      status: 'lowStock',
      oversold: false,
      deficit: '0',
      stale: false,
      fallback: null,
      eligible: true,
      backorder: null,
      asOf: '2026-03-01T09:58:00Z',
    };
    const network = {
      ...perLocation,
      location: undefined,
      group: 'uk',
      atp: '9',
      status: 'inStock',
      locations: [perLocation],
      excluded: [],
    };
    const { feeds, quarantined } = buildAvailabilityFeeds([perLocation, network], '2026-03-01T10:00:00Z');
    expect(quarantined).toEqual([]);
    expect(JSON.parse(feedToJson(feeds.get('marketplace-amazon')!)).items).toEqual([
      { sku: 'MUG-1', group: 'uk', atp: '9', status: 'inStock' },
      { sku: 'MUG-1', location: 'dc-1', atp: '4', status: 'lowStock' },
    ]);
  });

  it('collapses exact repeats and refuses conflicting entries for one key', () => {
    const { feeds, quarantined } = buildAvailabilityFeeds(
      [...RESULTS, RESULTS[0], { ...RESULTS[2], atp: '3' }],
      '2026-03-01T10:00:00Z',
    );
    expect(feeds.get('marketplace-amazon')?.items.map((e) => e.sku)).toEqual(['MUG-1', 'MUG-1']);
    expect(quarantined.map((q) => q.code)).toEqual(['VALIDATION_FAILED', 'VALIDATION_FAILED']);
    expect(quarantined.map((q) => q.raw)).toEqual([RESULTS[2], { ...RESULTS[2], atp: '3' }]);
  });
});

describe('marketplace delta feed', () => {
  const channel = 'marketplace-amazon';
  const rule = { absolute: '10', percent: '25', maxAgeSeconds: 86_400 };
  const t0 = '2026-03-01T10:00:00Z';
  const first = deltaFeed(undefined, RESULTS, { channel, rule, now: t0 });
  const at = (sku: string, atp: string, status = 'inStock', location = 'dc-1') => ({
    sku,
    location,
    channel,
    atp,
    status,
  });

  it('sends everything new on the first run, only this channel', () => {
    expect(first.changes.map((c) => [c.entry.sku, c.reason])).toEqual([
      ['MUG-1', 'new'],
      ['MUG-1', 'new'],
      ['TEE-RED-M', 'new'],
    ]);
    expect(Object.keys(first.state.entries)).toHaveLength(3);
  });

  it.each([
    {
      name: 'a small drift is held back',
      now: '2026-03-01T11:00:00Z',
      entry: at('MUG-1', '35'),
      reason: undefined,
    },
    {
      name: 'a status change is sent',
      now: '2026-03-01T11:00:00Z',
      entry: at('TEE-RED-M', '0', 'outOfStock'),
      reason: 'status',
    },
    {
      name: '|Δ| ≥ absolute threshold',
      now: '2026-03-01T11:00:00Z',
      entry: at('MUG-1', '50'),
      reason: 'absolute',
    },
    {
      name: '|Δ| ≥ percent threshold',
      now: '2026-03-01T11:00:00Z',
      entry: at('TEE-RED-M', '3', 'lowStock'),
      reason: 'percent',
    },
    {
      name: 'heartbeat after max age',
      now: '2026-03-02T10:00:00Z',
      entry: at('MUG-1', '40'),
      reason: 'heartbeat',
    },
  ])('$name', ({ now, entry, reason }) => {
    const run = deltaFeed(first.state, [entry], { channel, rule, now });
    expect(run.changes.map((c) => c.reason)).toEqual(reason ? [reason] : []);
    const key = `${entry.sku}|location:dc-1`;
    expect(run.state.entries[key]?.sentAt).toBe(reason ? now : t0);
    if (reason) expect(run.changes[0]?.previous?.atp).toBe(first.state.entries[key]?.atp);
  });

  it('drift accumulates against the last sent value', () => {
    const a = deltaFeed(first.state, [at('MUG-1', '34')], { channel, rule, now: '2026-03-01T11:00:00Z' });
    const b = deltaFeed(a.state, [at('MUG-1', '30')], { channel, rule, now: '2026-03-01T12:00:00Z' });
    expect(a.changes).toEqual([]);
    expect(b.changes.map((c) => c.reason)).toEqual(['absolute']);
  });

  it('with no thresholds any change is sent, and an unchanged value is not', () => {
    const r = deltaFeed(first.state, [at('MUG-1', '41'), at('TEE-RED-M', '2', 'lowStock')], {
      channel,
      rule: {},
      now: '2026-03-01T11:00:00Z',
    });
    expect(r.changes.map((c) => [c.entry.sku, c.reason])).toEqual([['MUG-1', 'changed']]);
  });

  it('quarantines a bad rule, a foreign or corrupt state, and bad entries', () => {
    const bad = [
      deltaFeed(first.state, RESULTS, { channel, rule: { percent: '150' }, now: t0 }),
      deltaFeed({ ...first.state, channel: 'marketplace-zalando' }, RESULTS, { channel, rule, now: t0 }),
      deltaFeed({ channel, entries: { x: { atp: 'lots' } } } as unknown as FeedState, RESULTS, {
        channel,
        rule,
        now: t0,
      }),
    ];
    expect(bad.map((r) => [r.quarantined[0]?.code, r.changes.length])).toEqual([
      ['PERCENT_INVALID', 0],
      ['VALIDATION_FAILED', 0],
      ['QUANTITY_INVALID', 0],
    ]);
    const withBadEntry = deltaFeed(first.state, [at('MUG-1', 'many')], { channel, rule, now: t0 });
    expect(withBadEntry.quarantined.map((q) => q.code)).toEqual(['QUANTITY_INVALID']);
  });
});
