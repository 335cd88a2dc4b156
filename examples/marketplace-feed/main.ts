/**
 * Marketplace feed: two marketplace channels with their buffer and cap policies; ATP over the
 * network → a full availability feed (JSON and CSV) per channel, then, after some sales, a delta
 * feed that sends only the changes beyond the anti-flood threshold.
 * Run: `npm run example -- marketplace-feed`.
 */
import { pathToFileURL } from 'node:url';
import {
  buildAvailabilityFeeds,
  type DeltaFeed,
  type DeltaRule,
  deltaFeed,
  feedToCsv,
  feedToJson,
} from '@omnistock/adapters/marketplace';
import type { ChannelPolicySetInput } from '@omnistock/atp';
import {
  asId,
  buildEvent,
  type Item,
  type Location,
  type LocationGroup,
  type Sku,
  unwrap,
} from '@omnistock/core';
import { InMemoryInventoryStore, InventoryService } from '@omnistock/runtime';

const items: Item[] = ['LAMP-1', 'MUG-1', 'TEE-M'].map((sku) => ({ sku: asId<Sku>(sku), unit: 'each' }));
const locations: Location[] = [
  { id: asId('dc-1'), type: 'dc', eligibility: { ship: true, pickup: false } },
  { id: asId('dc-2'), type: 'dc', eligibility: { ship: true, pickup: false } },
];
const groups: LocationGroup[] = [{ id: asId('uk'), locations: [asId('dc-1'), asId('dc-2')] }];
const CHANNELS = ['marketplace-amazon', 'marketplace-ebay'] as const;
/** Each marketplace gets a buffer (kept back against sync lag) and a cap (its share of the shelf). */
const policies: ChannelPolicySetInput = {
  rules: [
    {
      id: 'amazon',
      scope: { channel: 'marketplace-amazon' },
      buffer: { kind: 'percent', percent: '10' },
      cap: { kind: 'absolute', qty: '50' },
      lowStockThreshold: '3',
    },
    {
      id: 'ebay',
      scope: { channel: 'marketplace-ebay' },
      buffer: { kind: 'absolute', qty: '2' },
      cap: { kind: 'percent', percent: '25' },
    },
  ],
};
/** Re-send an entry when its status changes or its ATP moved ≥ 5 units or ≥ 20 % since the last send. */
const RULE: DeltaRule = { absolute: '5', percent: '20', maxAgeSeconds: 86_400 };
const T0 = '2026-03-01T06:00:00.000Z';

/** What the feed story ends with. */
export interface MarketplaceFeedResult {
  /** The full feeds: per channel, `sku → atp/status`. */
  readonly full: Readonly<Record<string, Readonly<Record<string, string>>>>;
  readonly json: Readonly<Record<string, string>>;
  readonly csv: Readonly<Record<string, string>>;
  /** Why the amazon MUG-1 figure is what it is (the ATP engine's explanation at dc-1). */
  readonly explanation: string;
  /** The first delta run sends everything (nothing was sent before). */
  readonly baseline: readonly string[];
  /** After the sales: only the changes beyond the rule, as `sku reason previous→atp`. */
  readonly delta: readonly string[];
  /** After a few more small sales: drift accumulated against the last sent value. */
  readonly drift: readonly string[];
}

const line = (c: DeltaFeed['changes'][number]) =>
  `${c.entry.sku} ${c.reason} ${c.previous ? `${c.previous.atp}→` : ''}${c.entry.atp} ${c.entry.status}`;

/**
 * Runs the marketplace feed story (in memory: the feed is an export, any store would do).
 * @example
 * const r = await run({ log: console.log }); r.delta; // only the big moves and status changes
 */
export async function run(
  options: { readonly log?: (line: string) => void } = {},
): Promise<MarketplaceFeedResult> {
  const log = options.log ?? (() => {});
  let now = Date.parse(T0);
  const clock = () => new Date(now);
  const store = new InMemoryInventoryStore({ now: () => clock().toISOString() });
  const service = new InventoryService({ store, items, locations, groups, policies, clock });
  let seq = 0;
  const move = (
    type: 'omnistock.stock.received.v1' | 'omnistock.sale.recorded.v1',
    sku: string,
    location: string,
    qty: string,
  ) =>
    unwrap(
      buildEvent(
        type,
        { sku, location, qty },
        { id: `oms-${++seq}`, source: 'oms', time: clock().toISOString() },
      ),
    );
  const atpResults = async () => {
    const out: unknown[] = [];
    for (const channel of CHANNELS)
      for (const item of items)
        out.push(unwrap(await service.availability({ sku: item.sku, group: 'uk', channel, mode: 'ship' })));
    return out;
  };

  unwrap(
    await service.ingest([
      move('omnistock.stock.received.v1', 'MUG-1', 'dc-1', '100'),
      move('omnistock.stock.received.v1', 'MUG-1', 'dc-2', '40'),
      move('omnistock.stock.received.v1', 'TEE-M', 'dc-1', '30'),
      move('omnistock.stock.received.v1', 'LAMP-1', 'dc-2', '6'),
    ]),
  );
  log('Stock: MUG-1 100 @dc-1 + 40 @dc-2, TEE-M 30 @dc-1, LAMP-1 6 @dc-2.');
  log(
    'Policies: amazon buffer 10 %, cap 50 per location, low stock ≤ 3; ebay buffer 2, cap 25 % of sellable.',
  );

  // 1. The full feed per marketplace, JSON and CSV.
  const { feeds, quarantined } = buildAvailabilityFeeds(await atpResults(), clock().toISOString());
  if (quarantined.length > 0) throw new Error(`feed entries refused: ${JSON.stringify(quarantined)}`);
  const full: Record<string, Record<string, string>> = {};
  const json: Record<string, string> = {};
  const csv: Record<string, string> = {};
  for (const [channel, feed] of feeds) {
    full[channel] = Object.fromEntries(feed.items.map((e) => [e.sku, `${e.atp} ${e.status}`]));
    json[channel] = feedToJson(feed);
    csv[channel] = feedToCsv(feed);
    log(`\nFull feed for ${channel} (CSV):\n${csv[channel].trimEnd()}`);
  }
  log(`\nThe same as JSON for marketplace-amazon:\n${json['marketplace-amazon']}`);
  const why = unwrap(
    await service.availability({
      sku: 'MUG-1',
      location: 'dc-1',
      channel: 'marketplace-amazon',
      explain: true,
    }),
  );
  const explanation = why.explanation?.text ?? '';
  log(`Why MUG-1 @dc-1 shows ${why.atp} on amazon: ${explanation}`);

  // 2. The delta feed: the first run is the baseline (everything is new).
  const first = deltaFeed(undefined, await atpResults(), {
    channel: 'marketplace-amazon',
    rule: RULE,
    now: clock().toISOString(),
  });
  log(`\n06:00 delta #1 (baseline): ${first.changes.map(line).join('; ')}`);

  // 3. A morning of sales: small moves stay below the threshold, big ones and status changes go out.
  now += 3 * 3_600_000;
  unwrap(
    await service.ingest([
      move('omnistock.sale.recorded.v1', 'MUG-1', 'dc-1', '1'),
      move('omnistock.sale.recorded.v1', 'MUG-1', 'dc-2', '2'),
      move('omnistock.sale.recorded.v1', 'TEE-M', 'dc-1', '12'),
      move('omnistock.sale.recorded.v1', 'LAMP-1', 'dc-2', '3'),
    ]),
  );
  log('09:00 sold: MUG-1 1 @dc-1 and 2 @dc-2, TEE-M 12, LAMP-1 3.');
  const second = deltaFeed(first.state, await atpResults(), {
    channel: 'marketplace-amazon',
    rule: RULE,
    now: clock().toISOString(),
  });
  log(`09:00 delta #2: ${second.changes.map(line).join('; ') || 'nothing'}`);

  // 4. More small sales: each below the threshold, but drift adds up against the last *sent* value.
  now += 3 * 3_600_000;
  unwrap(await service.ingest([move('omnistock.sale.recorded.v1', 'MUG-1', 'dc-2', '4')]));
  const third = deltaFeed(second.state, await atpResults(), {
    channel: 'marketplace-amazon',
    rule: RULE,
    now: clock().toISOString(),
  });
  log(`12:00 sold MUG-1 4 @dc-2; delta #3: ${third.changes.map(line).join('; ') || 'nothing'}`);
  await store.close();
  return {
    full,
    json,
    csv,
    explanation,
    baseline: first.changes.map(line),
    delta: second.changes.map(line),
    drift: third.changes.map(line),
  };
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  await run({ log: console.log });
}
