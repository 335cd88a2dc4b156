import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from '../internal/test-server';

describe('availability over HTTP', () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer();
  });
  afterAll(async () => {
    expect(server.violations).toEqual([]);
    await server.close();
  });

  it('answers one location with the channel policy and its explanation', async () => {
    const { data, response } = await server.client('demo-marketplace').GET('/v1/availability', {
      params: {
        query: { sku: 'TSHIRT-M', location: 'store-12', channel: 'marketplace-amazon', explain: true },
      },
    });
    expect(response.status).toBe(200);
    // sellable 9 (onHand 10, damaged 1) − safety stock 1 − 10 % buffer (1) = 7, capped at 50 % of 9 → 4
    expect(data).toMatchObject({ sku: 'TSHIRT-M', location: 'store-12', atp: '4', status: 'inStock' });
    expect(data?.explanation?.terms.map((t) => t.label)).toEqual([
      'onHand',
      'damaged',
      'safetyStock',
      'buffer(marketplace-amazon)',
      'cap(marketplace-amazon)',
    ]);
    const pos = await server.client('demo-pos').GET('/v1/availability', {
      params: { query: { sku: 'RICE-5KG', location: 'store-12', channel: 'pos' } },
    });
    expect(pos.data?.atp).toBe('12.75');
    expect(pos.data && 'explanation' in pos.data).toBe(false);
  });

  it('refuses bad queries (400), unknown ids (404), other channels (403) and missing keys (401)', async () => {
    const api = server.client('demo-ecommerce');
    const query = { sku: 'TSHIRT-M', location: 'store-12', channel: 'ecommerce' };
    const unknownParam = await server.fetch(
      '/v1/availability?sku=TSHIRT-M&location=store-12&channel=ecommerce&colour=red',
      {
        headers: { 'X-Api-Key': 'demo-ecommerce' },
      },
    );
    expect(unknownParam.status).toBe(400);
    expect(await unknownParam.json()).toMatchObject({
      code: 'VALIDATION_FAILED',
      issues: [{ code: 'VALIDATION_FAILED', path: ['colour'], message: 'unknown field "colour"' }],
    });
    const badExplain = await server.fetch(
      '/v1/availability?sku=TSHIRT-M&location=store-12&channel=ecommerce&explain=yes',
      {
        headers: { 'X-Api-Key': 'demo-ecommerce' },
      },
    );
    expect(badExplain.status).toBe(400);
    expect(((await badExplain.json()) as { issues: { path: unknown }[] }).issues[0]?.path).toEqual([
      'explain',
    ]);
    const badAt = await api.GET('/v1/availability', { params: { query: { ...query, at: 'tomorrow' } } });
    expect(badAt.response.status).toBe(400);
    const badSku = await api.GET('/v1/availability', { params: { query: { ...query, sku: ' bad' } } });
    expect(badSku.error?.issues?.[0]).toMatchObject({ path: ['sku'] });
    const sku = await api.GET('/v1/availability', { params: { query: { ...query, sku: 'NOPE' } } });
    expect(sku.response.status).toBe(404);
    expect(sku.error?.code).toBe('ITEM_UNKNOWN');
    const location = await api.GET('/v1/availability', {
      params: { query: { ...query, location: 'store-99' } },
    });
    expect(location.error?.code).toBe('LOCATION_UNKNOWN');
    const scope = await api.GET('/v1/availability', { params: { query: { ...query, channel: 'pos' } } });
    expect(scope.response.status).toBe(403);
    expect(scope.error).toMatchObject({ code: 'FORBIDDEN', details: { channel: 'pos', role: 'read' } });
    const ingestOnly = await server.client('demo-ingest').GET('/v1/availability', { params: { query } });
    expect(ingestOnly.response.status).toBe(403);
    expect(ingestOnly.error?.details).toEqual({ role: 'read' });
    const anonymous = await server.client().GET('/v1/availability', { params: { query } });
    expect(anonymous.response.status).toBe(401);
    expect(anonymous.response.headers.get('ratelimit-limit')).toBe('600');
  });

  it('sums a group per location (network) with the excluded locations', async () => {
    const { data } = await server.client('demo-pos').GET('/v1/availability/network', {
      params: { query: { sku: 'CAP-ONE', group: 'uk-stores', channel: 'pos', mode: 'ship' } },
    });
    // store-21 cannot ship: excluded; pos keeps no safety stock except store-21's own rule
    expect(data).toMatchObject({ atp: '27', excluded: [{ location: 'store-21', reason: 'ineligible' }] });
    expect(data?.locations.map((l) => [l.location, l.atp])).toEqual([
      ['store-12', '15'],
      ['store-14', '12'],
    ]);
    const group = await server.client('demo-pos').GET('/v1/availability/network', {
      params: { query: { sku: 'CAP-ONE', group: 'eu-stores', channel: 'pos' } },
    });
    expect(group.error?.code).toBe('GROUP_UNKNOWN');
  });

  it('answers a batch sku-major and refuses one that is too large (413)', async () => {
    const api = server.client('demo-read');
    const { data } = await api.POST('/v1/availability/batch', {
      body: {
        type: 'batch',
        skus: ['TSHIRT-M', 'SOCKS-3PK'],
        locations: ['store-12', 'store-14'],
        channel: 'pos',
      },
    });
    expect(data?.results.map((r) => `${r.sku}@${r.location}=${r.atp}`)).toEqual([
      'TSHIRT-M@store-12=9',
      'TSHIRT-M@store-14=6',
      'SOCKS-3PK@store-12=30',
      'SOCKS-3PK@store-14=18',
    ]);
    const big = await api.POST('/v1/availability/batch', {
      body: {
        type: 'batch',
        skus: Array.from({ length: 1001 }, (_, i) => `S-${i}`),
        locations: Array.from({ length: 100 }, (_, i) => `L-${i}`),
        channel: 'pos',
      },
    });
    expect(big.response.status).toBe(413);
    expect(big.error?.code).toBe('PAYLOAD_TOO_LARGE');
    const untyped = await api.POST('/v1/availability/batch', {
      body: { skus: ['TSHIRT-M'], locations: ['store-12'], channel: 'pos' } as never,
    });
    expect(untyped.response.status).toBe(400);
    const scoped = await server.client('demo-marketplace').POST('/v1/availability/batch', {
      body: { type: 'batch', skus: ['TSHIRT-M'], locations: ['store-12'], channel: 'pos' },
    });
    expect(scoped.response.status).toBe(403);
  });

  it('answers time-phased availability per date, counting the purchase order once it is due', async () => {
    const { data, response } = await server.client('demo-ecommerce').GET('/v1/availability/time-phased', {
      params: {
        query: {
          sku: 'TSHIRT-M',
          location: 'store-12',
          channel: 'ecommerce',
          dates: ['2099-01-01T00:00:00Z', '2099-01-02T00:00:00Z'],
        },
      },
    });
    expect(response.status).toBe(200);
    expect(data?.buckets.map((b) => b.atp)).toEqual(['28', '28']);
    const one = await server.fetch(
      '/v1/availability/time-phased?sku=TSHIRT-M&location=store-12&channel=ecommerce&dates=2099-01-01T00:00:00Z',
      { headers: { 'X-Api-Key': 'demo-ecommerce' } },
    );
    expect(((await one.json()) as { buckets: unknown[] }).buckets).toHaveLength(1);
    const both = await server.client('demo-ecommerce').GET('/v1/availability/time-phased', {
      params: {
        query: {
          sku: 'TSHIRT-M',
          location: 'store-12',
          group: 'uk-stores',
          channel: 'ecommerce',
          dates: ['2099-01-01T00:00:00Z'],
        },
      },
    });
    expect(both.response.status).toBe(400);
  });
});
