import { buildEvent, type OmnistockEvent } from '@omnistock/core';
import { describe, expect, it } from 'vitest';
import {
  fromShopifyQuantities,
  mapShopifyInventoryLevel,
  mapShopifyWebhook,
  type ShopifyConfig,
  signShopifyBody,
  toShopifyAdjustments,
  toShopifyQuantities,
  verifyShopifyHmac,
} from './index';

const config: ShopifyConfig = {
  shop: 'acme.myshopify.com',
  secret: 'shpss_test_secret',
  items: { '271878346596884015': 'TEE-RED-M', '30322695': 'MUG-1' },
  locations: { '24826418': 'store-12', '655441491': 'dc-1' },
  restAvailable: 'onHand',
};

function delivery(body: string, extra: Record<string, string> = {}) {
  return {
    rawBody: body,
    headers: {
      'x-shopify-topic': 'inventory_levels/update',
      'x-shopify-hmac-sha256': signShopifyBody(body, config.secret),
      'x-shopify-shop-domain': config.shop,
      ...extra,
    },
  };
}

// Shape: Shopify Admin REST webhook reference, topic `inventory_levels/update` (its example body,
// including a 64-bit inventory_item_id beyond Number.MAX_SAFE_INTEGER).
const REST_BODY =
  '{"inventory_item_id":271878346596884015,"location_id":24826418,"available":6,' +
  '"updated_at":"2021-12-31T19:00:00-05:00",' +
  '"admin_graphql_api_id":"gid://shopify/InventoryLevel/24826418?inventory_item_id=271878346596884015"}';

// Shape: GraphQL Admin `InventoryLevel { id updatedAt item { id } location { id }
// quantities(names: [...]) { name quantity } }`.
const NODE = {
  id: 'gid://shopify/InventoryLevel/523463154?inventory_item_id=30322695',
  updatedAt: '2026-03-01T10:00:00Z',
  item: { id: 'gid://shopify/InventoryItem/30322695' },
  location: { id: 'gid://shopify/Location/655441491' },
  quantities: [
    { name: 'available', quantity: 5 },
    { name: 'on_hand', quantity: 12 },
    { name: 'committed', quantity: 2 },
    { name: 'reserved', quantity: 1 },
    { name: 'damaged', quantity: 1 },
    { name: 'quality_control', quantity: 1 },
    { name: 'safety_stock', quantity: 2 },
    { name: 'incoming', quantity: 30 },
  ],
};

describe('shopify inbound: real-shaped payloads', () => {
  it.each([
    {
      name: 'REST inventory_levels/update (64-bit item id stays exact)',
      run: () => mapShopifyWebhook(delivery(REST_BODY), config),
      data: { sku: 'TEE-RED-M', location: 'store-12', onHand: '6' },
      time: '2021-12-31T19:00:00-05:00',
    },
    {
      name: 'GraphQL InventoryLevel with all quantity names, as a webhook body',
      run: () => mapShopifyWebhook(delivery(JSON.stringify(NODE)), config),
      data: { sku: 'MUG-1', location: 'dc-1', onHand: '12', damaged: '1', qualityControl: '1' },
      time: '2026-03-01T10:00:00Z',
    },
    {
      name: 'GraphQL InventoryLevel from a query, on_hand only',
      run: () =>
        mapShopifyInventoryLevel({ ...NODE, quantities: [{ name: 'on_hand', quantity: 7 }] }, config),
      data: { sku: 'MUG-1', location: 'dc-1', onHand: '7' },
      time: '2026-03-01T10:00:00Z',
    },
    {
      name: 'GraphQL InventoryLevel deriving on_hand from available and its five terms',
      run: () =>
        mapShopifyInventoryLevel(
          { ...NODE, quantities: NODE.quantities.slice(2).concat([NODE.quantities[0]!]) },
          config,
        ),
      data: { sku: 'MUG-1', location: 'dc-1', onHand: '12', damaged: '1', qualityControl: '1' },
      time: '2026-03-01T10:00:00Z',
    },
  ])('$name', ({ run, data, time }) => {
    const r = run();
    expect(r.quarantined).toEqual([]);
    expect(r.events).toHaveLength(1);
    const e = r.events[0]!;
    expect(e.type).toBe('omnistock.stock.counted.v1');
    expect(e.data).toEqual(data);
    expect(e.time).toBe(time);
    expect(e.source).toBe('shopify/acme.myshopify.com');
    expect(e.subject).toBe(data.sku);
    expect(e.partitionkey).toBe(data.sku);
    expect(e.id).toMatch(/^shopify-[0-9a-f]{32}$/);
  });
});

describe('shopify inbound: malformed or unknown payloads are quarantined', () => {
  const restWith = (patch: Record<string, unknown>) =>
    JSON.stringify({
      ...JSON.parse(REST_BODY.replace('271878346596884015', '"271878346596884015"')),
      ...patch,
    });
  it.each([
    {
      name: 'wrong signature',
      d: {
        ...delivery(REST_BODY),
        headers: {
          ...delivery(REST_BODY).headers,
          'x-shopify-hmac-sha256': signShopifyBody(REST_BODY, 'other'),
        },
      },
      code: 'UNAUTHENTICATED',
    },
    {
      name: 'missing signature',
      d: { rawBody: REST_BODY, headers: { 'x-shopify-topic': 'inventory_levels/update' } },
      code: 'UNAUTHENTICATED',
    },
    {
      name: 'body changed after signing',
      d: { ...delivery(REST_BODY), rawBody: REST_BODY.replace('"available":6', '"available":60') },
      code: 'UNAUTHENTICATED',
    },
    {
      name: 'another topic',
      d: delivery(REST_BODY, { 'x-shopify-topic': 'orders/create' }),
      code: 'EVENT_TYPE_UNKNOWN',
    },
    { name: 'not JSON', d: delivery('{"inventory_item_id":'), code: 'VALIDATION_FAILED' },
    {
      name: 'untracked item (available null)',
      d: delivery(restWith({ available: null })),
      code: 'VALIDATION_FAILED',
    },
    { name: 'available is a string', d: delivery(restWith({ available: '6' })), code: 'VALIDATION_FAILED' },
    {
      name: 'missing updated_at',
      d: delivery(restWith({ updated_at: undefined })),
      code: 'VALIDATION_FAILED',
    },
    {
      name: 'unmapped inventory item',
      d: delivery(restWith({ inventory_item_id: 1 })),
      code: 'ITEM_UNKNOWN',
    },
    { name: 'unmapped location', d: delivery(restWith({ location_id: 99 })), code: 'LOCATION_UNKNOWN' },
    {
      name: 'negative available counted as onHand',
      d: delivery(restWith({ available: -2 })),
      code: 'QUANTITY_NEGATIVE',
    },
    {
      name: 'inconsistent available',
      d: delivery(
        JSON.stringify({
          ...NODE,
          quantities: [{ name: 'available', quantity: 9 }, ...NODE.quantities.slice(1)],
        }),
      ),
      code: 'VALIDATION_FAILED',
    },
    {
      name: 'available without its terms',
      d: delivery(
        JSON.stringify({
          ...NODE,
          quantities: [
            { name: 'available', quantity: 5 },
            { name: 'on_hand', quantity: 12 },
          ],
        }),
      ),
      code: 'VALIDATION_FAILED',
    },
    {
      name: 'unknown quantity name',
      d: delivery(JSON.stringify({ ...NODE, quantities: [{ name: 'in_transit', quantity: 5 }] })),
      code: 'VALIDATION_FAILED',
    },
    {
      name: 'negative on_hand',
      d: delivery(JSON.stringify({ ...NODE, quantities: [{ name: 'on_hand', quantity: -1 }] })),
      code: 'QUANTITY_NEGATIVE',
    },
    {
      name: 'name given twice',
      d: delivery(
        JSON.stringify({
          ...NODE,
          quantities: [
            { name: 'on_hand', quantity: 1 },
            { name: 'on_hand', quantity: 2 },
          ],
        }),
      ),
      code: 'VALIDATION_FAILED',
    },
    {
      name: 'nothing to count (incoming only)',
      d: delivery(JSON.stringify({ ...NODE, quantities: [{ name: 'incoming', quantity: 5 }] })),
      code: 'VALIDATION_FAILED',
    },
  ])('$name → $code', ({ d, code }) => {
    const r = mapShopifyWebhook(d, config);
    expect(r.events).toEqual([]);
    expect(r.quarantined).toHaveLength(1);
    const q = r.quarantined[0]!;
    expect(q.code).toBe(code);
    expect(q.message.length).toBeGreaterThan(0);
    expect(q.source).toBe('shopify/acme.myshopify.com');
    expect(q.raw).toBe(d.rawBody);
  });

  it('restAvailable: quarantine refuses the available-only REST body', () => {
    const r = mapShopifyWebhook(delivery(REST_BODY), { ...config, restAvailable: 'quarantine' });
    expect(r.events).toEqual([]);
    expect(r.quarantined.map((q) => [q.code, q.path])).toEqual([['VALIDATION_FAILED', ['available']]]);
  });

  it('verifies over raw bytes, whatever the header case', () => {
    const bytes = new TextEncoder().encode(REST_BODY);
    const sig = signShopifyBody(bytes, config.secret);
    expect(verifyShopifyHmac(bytes, sig, config.secret)).toBe(true);
    expect(verifyShopifyHmac(bytes, sig, '')).toBe(false);
    expect(verifyShopifyHmac(bytes, 'not base64!', config.secret)).toBe(false);
    const r = mapShopifyWebhook({ rawBody: bytes, headers: { 'X-Shopify-Hmac-Sha256': sig } }, config);
    expect(r.events).toHaveLength(1);
  });
});

describe('shopify quantities ↔ canonical buckets', () => {
  it('maps names to buckets and derives available', () => {
    const r = fromShopifyQuantities(NODE.quantities);
    expect(r).toEqual({
      ok: true,
      value: {
        onHand: '12',
        committed: '2',
        reserved: '1',
        damaged: '1',
        qualityControl: '1',
        incoming: '30',
        safetyStock: '2',
      },
    });
    if (!r.ok) return;
    expect(toShopifyQuantities(r.value, ['available', 'incoming'])).toEqual({
      ok: true,
      value: [
        { name: 'available', quantity: 5 },
        { name: 'incoming', quantity: 30 },
      ],
    });
    expect(toShopifyQuantities({ onHand: '1.5' }, ['on_hand']).ok).toBe(false);
    expect(toShopifyQuantities({ onHand: '1' }, ['available']).ok).toBe(false);
    // a negative unsellable subset (the ledger's exception) frees nothing: 12 − 2 − 1 − 0 − 0 − 2
    const exception = { ...r.value, damaged: '-2', qualityControl: '-1' };
    expect(toShopifyQuantities(exception, ['available'])).toEqual({
      ok: true,
      value: [{ name: 'available', quantity: 7 }],
    });
  });
});

function adjusted(data: Record<string, unknown>, id = 'evt-adj-1'): OmnistockEvent {
  const r = buildEvent('omnistock.stock.adjusted.v1', data, {
    id,
    source: 'wms/dc-1',
    time: '2026-03-01T10:00:00Z',
  });
  if (!r.ok) throw new Error(r.error.message);
  return r.value;
}

describe('shopify outbound: inventoryAdjustQuantities inputs', () => {
  const out = { shop: config.shop, items: config.items, locations: config.locations };
  it('maps an adjustment with reason, document, compare-from and idempotency key', () => {
    const e = adjusted({
      sku: 'MUG-1',
      location: 'dc-1',
      delta: '-3',
      reasonCode: 'theft',
      compareFrom: '12',
      documentUri: 'https://wms.example/adjustments/881',
    });
    const r = toShopifyAdjustments([e], out);
    expect(r.quarantined).toEqual([]);
    expect(r.adjustments).toEqual([
      {
        idempotencyKey: 'evt-adj-1',
        input: {
          name: 'available',
          reason: 'shrinkage',
          referenceDocumentUri: 'https://wms.example/adjustments/881',
          changes: [
            {
              delta: -3,
              inventoryItemId: 'gid://shopify/InventoryItem/30322695',
              locationId: 'gid://shopify/Location/655441491',
              changeFromQuantity: 12,
            },
          ],
        },
      },
    ]);
  });

  it('maps a damaged adjustment with a ledger document and a null compare-from', () => {
    const r = toShopifyAdjustments(
      [
        adjusted(
          { sku: 'TEE-RED-M', location: 'store-12', delta: '2', reasonCode: 'damage', status: 'damaged' },
          'e2',
        ),
      ],
      out,
    );
    expect(r.adjustments[0]?.input).toEqual({
      name: 'damaged',
      reason: 'damaged',
      referenceDocumentUri: 'gid://omnistock/Event/e2',
      changes: [
        {
          delta: 2,
          inventoryItemId: 'gid://shopify/InventoryItem/271878346596884015',
          locationId: 'gid://shopify/Location/24826418',
          changeFromQuantity: null,
          ledgerDocumentUri: 'gid://omnistock/Event/e2',
        },
      ],
    });
  });

  it('quarantines what it cannot send', () => {
    const sale = buildEvent(
      'omnistock.sale.recorded.v1',
      { sku: 'MUG-1', location: 'dc-1', qty: '1' },
      { id: 's1', source: 'pos/1', time: '2026-03-01T10:00:00Z' },
    );
    const r = toShopifyAdjustments(
      [
        sale.ok ? sale.value : null,
        adjusted({ sku: 'NOPE', location: 'dc-1', delta: '1', reasonCode: 'found' }),
        adjusted({ sku: 'MUG-1', location: 'elsewhere', delta: '1', reasonCode: 'found' }),
        adjusted({ sku: 'MUG-1', location: 'dc-1', delta: '0.5', reasonCode: 'found' }),
        { type: 'omnistock.stock.adjusted.v1' },
      ],
      out,
    );
    expect(r.adjustments).toEqual([]);
    expect(r.quarantined.map((q) => q.code)).toEqual([
      'EVENT_TYPE_UNKNOWN',
      'ITEM_UNKNOWN',
      'LOCATION_UNKNOWN',
      'QUANTITY_SCALE_EXCEEDED',
      'EVENT_INVALID',
    ]);
  });
});
