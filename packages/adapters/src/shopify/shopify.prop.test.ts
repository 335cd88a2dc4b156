import { arbTimestamp } from '@omnistock/testkit';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  fromShopifyQuantities,
  mapShopifyWebhook,
  SHOPIFY_QUANTITY_NAMES,
  type ShopifyConfig,
  type ShopifyQuantity,
  type ShopifyQuantityName,
  signShopifyBody,
  toShopifyAdjustments,
  toShopifyQuantities,
} from './index';

const RUNS = { numRuns: 1000 };
const TERMS: ShopifyQuantityName[] = ['committed', 'reserved', 'damaged', 'quality_control', 'safety_stock'];

/** A consistent Shopify quantity set, asked for with a valid list of names (any order). */
const arbValidQuantities = fc
  .record({
    on_hand: fc.integer({ min: 0, max: 10_000_000 }),
    committed: fc.integer({ min: 0, max: 1_000_000 }),
    reserved: fc.integer({ min: 0, max: 1_000_000 }),
    damaged: fc.integer({ min: 0, max: 1_000_000 }),
    quality_control: fc.integer({ min: 0, max: 1_000_000 }),
    safety_stock: fc.integer({ min: 0, max: 1_000_000 }),
    incoming: fc.integer({ min: 0, max: 1_000_000 }),
  })
  .chain((q) => {
    const available = q.on_hand - TERMS.reduce((a, t) => a + q[t as keyof typeof q], 0);
    const all: Record<ShopifyQuantityName, number> = { ...q, available };
    return fc
      .subarray([...SHOPIFY_QUANTITY_NAMES], { minLength: 1 })
      .map((names) => (names.includes('available') ? [...new Set([...names, ...TERMS])] : names))
      .chain((names) => fc.shuffledSubarray(names, { minLength: names.length, maxLength: names.length }))
      .map((names): ShopifyQuantity[] => names.map((name) => ({ name, quantity: all[name] })));
  });

describe('shopify round trip', () => {
  it('Shopify quantities → canonical → Shopify quantities is the identity on valid input', () => {
    fc.assert(
      fc.property(arbValidQuantities, (quantities) => {
        const canonical = fromShopifyQuantities(quantities);
        expect(canonical.ok).toBe(true);
        if (!canonical.ok) return;
        const back = toShopifyQuantities(
          canonical.value,
          quantities.map((q) => q.name),
        );
        expect(back).toEqual({ ok: true, value: quantities });
      }),
      RUNS,
    );
  });

  it('an available that disagrees with its terms is always refused', () => {
    fc.assert(
      fc.property(arbValidQuantities, fc.integer({ min: 1, max: 50 }), (quantities, off) => {
        const withAll = quantities.some(
          (q) => q.name === 'available' && quantities.some((o) => o.name === 'on_hand'),
        );
        fc.pre(withAll);
        const bad = quantities.map((q) =>
          q.name === 'available' ? { ...q, quantity: q.quantity + off } : q,
        );
        expect(fromShopifyQuantities(bad).ok).toBe(false);
      }),
      { numRuns: 200 },
    );
  });
});

const config: ShopifyConfig = {
  shop: 'acme.myshopify.com',
  secret: 'prop-secret',
  items: { '271878346596884015': 'TEE-RED-M', '30322695': 'MUG-1' },
  locations: { '24826418': 'store-12', '655441491': 'dc-1' },
  restAvailable: 'onHand',
};

const arbBody = fc.oneof(
  fc
    .record({
      item: fc.constantFrom('271878346596884015', '30322695', '1'),
      location: fc.constantFrom('24826418', '655441491', '2'),
      available: fc.oneof(fc.integer({ min: -5, max: 100_000 }), fc.constant(null)),
      updatedAt: arbTimestamp(),
    })
    .map(
      (r) =>
        `{"inventory_item_id":${r.item},"location_id":${r.location},"available":${r.available},"updated_at":"${r.updatedAt}"}`,
    ),
  fc
    .record({
      item: fc.constantFrom('30322695', '3'),
      location: fc.constantFrom('655441491', '4'),
      quantities: arbValidQuantities,
      updatedAt: arbTimestamp(),
    })
    .map((r) =>
      JSON.stringify({
        updatedAt: r.updatedAt,
        item: { id: `gid://shopify/InventoryItem/${r.item}` },
        location: { id: `gid://shopify/Location/${r.location}` },
        quantities: r.quantities,
      }),
    ),
);

const deliver = (body: string) => ({
  rawBody: body,
  headers: { 'x-shopify-hmac-sha256': signShopifyBody(body, config.secret) },
});

describe('shopify mapping is deterministic and idempotent', () => {
  it('the same delivery twice yields the same events (same ids) and the same quarantine', () => {
    fc.assert(
      fc.property(arbBody, (body) => {
        const a = mapShopifyWebhook(deliver(body), config);
        const b = mapShopifyWebhook(deliver(body), config);
        expect(b).toEqual(a);
        expect(a.events.length + a.quarantined.length).toBe(1);
        expect(new Set([...a.events, ...b.events].map((e) => e.id)).size).toBe(a.events.length);
      }),
      RUNS,
    );
  });

  it('a different inventory level (item, location, time or quantity) never reuses an event id', () => {
    fc.assert(
      fc.property(
        fc.tuple(
          fc.constantFrom('271878346596884015', '30322695'),
          fc.constantFrom('24826418', '655441491'),
          fc.nat(50),
          arbTimestamp(),
        ),
        fc.tuple(
          fc.constantFrom('271878346596884015', '30322695'),
          fc.constantFrom('24826418', '655441491'),
          fc.nat(50),
          arbTimestamp(),
        ),
        (a, b) => {
          fc.pre(a.join() !== b.join());
          const body = ([item, location, available, at]: typeof a) =>
            `{"inventory_item_id":${item},"location_id":${location},"available":${available},"updated_at":"${at}"}`;
          const ea = mapShopifyWebhook(deliver(body(a)), config).events;
          const eb = mapShopifyWebhook(deliver(body(b)), config).events;
          expect(ea).toHaveLength(1);
          expect(eb).toHaveLength(1);
          expect(ea[0]?.id).not.toBe(eb[0]?.id);
        },
      ),
      RUNS,
    );
  });

  it('a body changed after signing is never mapped', () => {
    fc.assert(
      fc.property(arbBody, fc.nat(), (body, at) => {
        const i = at % body.length;
        const tampered = body.slice(0, i) + (body[i] === '1' ? '2' : '1') + body.slice(i + 1);
        const r = mapShopifyWebhook({ ...deliver(body), rawBody: tampered }, config);
        expect(r.events).toEqual([]);
        expect(r.quarantined.map((q) => q.code)).toEqual(['UNAUTHENTICATED']);
      }),
      RUNS,
    );
  });

  it('outbound adjustments are deterministic: same events, same inputs and keys', () => {
    fc.assert(
      fc.property(
        fc.array(
          fc.record({
            id: fc.stringMatching(/^[a-z0-9-]{1,20}$/),
            delta: fc.integer({ min: -1000, max: 1000 }).filter((n) => n !== 0),
            compareFrom: fc.option(fc.nat(1000), { nil: undefined }),
            status: fc.constantFrom(undefined, 'sellable', 'damaged', 'qualityControl'),
          }),
          { maxLength: 5 },
        ),
        (specs) => {
          const events = specs.map((s) => ({
            specversion: '1.0',
            id: s.id,
            source: 'wms/dc-1',
            type: 'omnistock.stock.adjusted.v1',
            time: '2026-03-01T10:00:00Z',
            subject: 'MUG-1',
            data: {
              sku: 'MUG-1',
              location: 'dc-1',
              delta: String(s.delta),
              reasonCode: 'correction',
              ...(s.status ? { status: s.status } : {}),
              ...(s.compareFrom !== undefined ? { compareFrom: String(s.compareFrom) } : {}),
            },
          }));
          const a = toShopifyAdjustments(events, config);
          expect(toShopifyAdjustments(events, config)).toEqual(a);
          expect(a.quarantined).toEqual([]);
          expect(a.adjustments.map((x) => x.idempotencyKey)).toEqual(specs.map((s) => s.id));
          expect(a.adjustments.map((x) => x.input.changes[0]?.delta)).toEqual(specs.map((s) => s.delta));
        },
      ),
      RUNS,
    );
  });
});
