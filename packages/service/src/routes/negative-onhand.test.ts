import { PositionPageSchema, ReconciliationReportSchema } from '@omnistock/contracts';
import { StockPositionSchema } from '@omnistock/core';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from '../internal/test-server';

/** A CloudEvent from a store POS (the demo seed counts TSHIRT-M at store-12 as 10, 1 of them damaged). */
const fromPos = (
  id: string,
  sequence: number,
  type: string,
  time: string,
  data: Record<string, unknown>,
) => ({
  specversion: '1.0',
  id,
  source: 'pos/oversell-test',
  type,
  time,
  subject: data.sku,
  partitionkey: data.sku,
  sequence,
  datacontenttype: 'application/json',
  data,
});

/**
 * DESIGN §3: a bucket below zero is an exception that is reported, not hidden. The ledger lets
 * `onHand`, `damaged` and `qualityControl` go negative (a sale beyond stock, a status change out of
 * an empty subset); the HTTP responses that carry them are valid against the v1 contract: the
 * spec-validating client sees no violation, and the zod schemas the spec is generated from (which
 * say the sign; the JSON Schema pattern of every decimal component is the same) accept the bodies.
 */
describe('negative buckets over HTTP (DESIGN §3: reported, not hidden)', () => {
  let server: TestServer;
  beforeEach(async () => {
    server = await startTestServer();
  });
  afterEach(async () => {
    expect(server.violations).toEqual([]);
    await server.close();
  });

  const ingest = async (events: unknown[]) => {
    const { data, response } = await server
      .client('demo-ingest')
      .POST('/v1/events', { body: events as Record<string, never>[] });
    expect(response.status).toBe(200);
    expect(data?.accepted).toBe(events.length);
  };

  it('a sale beyond stock: GET /v1/positions… and POST /v1/reconciliations report onHand −5 within the contract', async () => {
    // store-12 counted 10 TSHIRT-M (1 damaged); 15 are sold → onHand −5
    await ingest([
      fromPos('oversell-1', 1, 'omnistock.sale.recorded.v1', '2026-12-02T10:00:00Z', {
        sku: 'TSHIRT-M',
        location: 'store-12',
        qty: '15',
        channel: 'pos',
      }),
    ]);
    const read = server.client('demo-read');
    const one = await read.GET('/v1/positions/{sku}/{location}', {
      params: { path: { sku: 'TSHIRT-M', location: 'store-12' } },
    });
    expect(one.response.status).toBe(200);
    expect(one.data).toMatchObject({ sku: 'TSHIRT-M', location: 'store-12', onHand: '-5', damaged: '1' });
    expect(StockPositionSchema.safeParse(one.data).success).toBe(true);

    const page = await read.GET('/v1/positions', {
      params: { query: { sku: 'TSHIRT-M', location: 'store-12' } },
    });
    expect(page.response.status).toBe(200);
    expect(page.data?.items.map((p) => p.onHand)).toEqual(['-5']);
    expect(PositionPageSchema.safeParse(page.data).success).toBe(true);

    const admin = server.client('demo-admin');
    const recon = await admin.POST('/v1/reconciliations', {
      body: {
        source: 'erp/sap-prod',
        asOf: '2026-12-02T11:00:00Z',
        lines: [{ sku: 'TSHIRT-M', location: 'store-12', onHand: '0' }],
      },
    });
    expect(recon.response.status).toBe(200);
    expect(recon.data?.exceptions).toEqual([
      { sku: 'TSHIRT-M', location: 'store-12', erpOnHand: '0', omnistockOnHand: '-5', difference: '5' },
    ]);
    expect(ReconciliationReportSchema.safeParse(recon.data).success).toBe(true);
    const kept = await admin.GET('/v1/reconciliations/{reconciliationId}', {
      params: { path: { reconciliationId: recon.data?.reconciliationId as string } },
    });
    expect(kept.data).toEqual(recon.data);
  });

  it('the oversold position does not make availability of the sku fail: it reads as oversold', async () => {
    await ingest([
      fromPos('oversell-2', 1, 'omnistock.sale.recorded.v1', '2026-12-02T10:00:00Z', {
        sku: 'TSHIRT-M',
        location: 'store-12',
        qty: '15',
        channel: 'pos',
      }),
    ]);
    const pos = server.client('demo-pos');
    const here = await pos.GET('/v1/availability', {
      params: { query: { sku: 'TSHIRT-M', location: 'store-12', channel: 'pos' } },
    });
    expect(here.response.status).toBe(200);
    expect(here.data).toMatchObject({ atp: '0', oversold: true });
    const elsewhere = await pos.GET('/v1/availability', {
      params: { query: { sku: 'TSHIRT-M', location: 'store-14', channel: 'pos' } },
    });
    expect(elsewhere.response.status).toBe(200);
    expect(elsewhere.data).toMatchObject({ oversold: false });
  });

  it('status changes out of an empty damaged / qualityControl subset give negative buckets within the contract', async () => {
    // store-14 counted 3 HOODIE-M and got 1 return into qualityControl; damaged is 0
    await ingest([
      fromPos('status-1', 1, 'omnistock.stock.statusChanged.v1', '2026-12-02T10:00:00Z', {
        sku: 'HOODIE-M',
        location: 'store-14',
        qty: '2',
        from: 'damaged',
        to: 'sellable',
      }),
      fromPos('status-2', 2, 'omnistock.stock.statusChanged.v1', '2026-12-02T10:01:00Z', {
        sku: 'HOODIE-M',
        location: 'store-14',
        qty: '3',
        from: 'qualityControl',
        to: 'sellable',
      }),
    ]);
    const { data, response } = await server.client('demo-read').GET('/v1/positions/{sku}/{location}', {
      params: { path: { sku: 'HOODIE-M', location: 'store-14' } },
    });
    expect(response.status).toBe(200);
    expect(data).toMatchObject({ onHand: '4', damaged: '-2', qualityControl: '-2' });
    expect(StockPositionSchema.safeParse(data).success).toBe(true);
  });

  it('a negative subset is not stock to sell: availability and the dashboard’s oversold list count it as 0', async () => {
    // store-14: 3 HOODIE-M counted + 1 return into qualityControl → onHand 4, qualityControl 1
    await ingest([
      fromPos('phantom-1', 1, 'omnistock.stock.statusChanged.v1', '2026-12-02T10:00:00Z', {
        sku: 'HOODIE-M',
        location: 'store-14',
        qty: '2',
        from: 'damaged',
        to: 'sellable',
      }),
    ]);
    const pos = server.client('demo-pos');
    const here = await pos.GET('/v1/availability', {
      params: { query: { sku: 'HOODIE-M', location: 'store-14', channel: 'pos', explain: true } },
    });
    expect(here.response.status).toBe(200);
    // sellable 4 − 0 − 1 = 3, not 5: the two "freed" units are not on the shelf
    expect(here.data).toMatchObject({ atp: '3', oversold: false });
    expect(here.data?.explanation?.text).toBe(
      'onHand 4, damaged 0 [recorded −2, an exception: counts as 0], qualityControl −1 → 3',
    );
    await ingest([
      fromPos('phantom-2', 2, 'omnistock.sale.recorded.v1', '2026-12-02T10:05:00Z', {
        sku: 'HOODIE-M',
        location: 'store-14',
        qty: '4',
        channel: 'pos',
      }),
    ]);
    // onHand 0, damaged −2, qualityControl 1: free = 0 − 0 − 1 = −1 (oversold), not +1
    const ops = await server.fetch('/ops/overview', { headers: { 'x-api-key': 'demo-admin' } });
    const overview = (await ops.json()) as {
      oversold: { positions: { sku: string; location: string; free: string }[] };
    };
    expect(overview.oversold.positions).toContainEqual({ sku: 'HOODIE-M', location: 'store-14', free: '-1' });
  });
});
