import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from '../internal/test-server';

const nightly = {
  source: 'erp/sap-prod',
  asOf: '2026-12-02T02:00:00Z',
  tolerance: '0',
  emitCorrections: true,
  lines: [
    { sku: 'TSHIRT-M', location: 'store-12', onHand: '10' },
    { sku: 'RICE-5KG', location: 'dc-1', onHand: '41.5' },
  ],
};

describe('reconciliation over HTTP', () => {
  let server: TestServer;
  beforeEach(async () => {
    server = await startTestServer();
  });
  afterEach(async () => {
    expect(server.violations).toEqual([]);
    await server.close();
  });

  const corrections = async () =>
    (await server.running.store.readEvents(0, 10_000)).filter(
      (e) => e.type === 'omnistock.stock.counted.v1' && e.source === 'erp/sap-prod',
    );

  it('reports exceptions, emits corrections, keeps the report; a keyed retry returns it and emits nothing', async () => {
    const admin = server.client('demo-admin');
    const run = (key: string, body = nightly) =>
      admin.POST('/v1/reconciliations', { params: { header: { 'Idempotency-Key': key } }, body });
    const { data, response } = await run('erp-2026-12-02');
    expect(response.status).toBe(200);
    expect(data).toMatchObject({
      asOf: '2026-12-02T02:00:00Z',
      source: 'erp/sap-prod',
      checked: 2,
      matched: 1,
      correctionsEmitted: 1,
      exceptions: [
        { sku: 'RICE-5KG', location: 'dc-1', erpOnHand: '41.5', omnistockOnHand: '42.5', difference: '-1' },
      ],
    });
    expect(data?.exceptions[0]?.correctionEventId).toBeTruthy();
    expect(await corrections()).toHaveLength(1);
    // the correction is the admin's doing: the ledger records who asked for it
    expect((await corrections()).map((e) => e.principal)).toEqual(['key:demo-admin']);
    const rice = await admin.GET('/v1/positions/{sku}/{location}', {
      params: { path: { sku: 'RICE-5KG', location: 'dc-1' } },
    });
    expect(rice.data?.onHand).toBe('41.5');

    const again = await run('erp-2026-12-02');
    expect(again.data).toEqual(data);
    expect(await corrections()).toHaveLength(1);
    const other = await run('erp-2026-12-02', { ...nightly, tolerance: '5' });
    expect(other.response.status).toBe(400);
    expect(other.error?.issues?.[0]?.path).toEqual(['Idempotency-Key']);

    const id = data?.reconciliationId as string;
    const kept = await admin.GET('/v1/reconciliations/{reconciliationId}', {
      params: { path: { reconciliationId: id } },
    });
    expect(kept.data).toEqual(data);
    const missing = await admin.GET('/v1/reconciliations/{reconciliationId}', {
      params: { path: { reconciliationId: 'rec-404' } },
    });
    expect(missing.response.status).toBe(404);
    expect(missing.error).toMatchObject({
      code: 'QUARANTINE_NOT_FOUND',
      details: { reconciliationId: 'rec-404' },
    });
    const overview = await server.fetch('/ops/overview', { headers: { 'X-Api-Key': 'demo-admin' } });
    expect(((await overview.json()) as { reconciliation: unknown }).reconciliation).toEqual({
      last: data,
      exceptions: 1,
    });
  });

  it('refuses bad snapshots (400), unknown skus (400 with the code in issues), too many lines (413), non-admins (403)', async () => {
    const admin = server.client('demo-admin');
    const bad = await admin.POST('/v1/reconciliations', {
      body: { ...nightly, lines: [{ sku: 'TSHIRT-M', location: 'store-12', onHand: '-1' }] },
    });
    expect(bad.response.status).toBe(400);
    expect(bad.error?.issues?.[0]?.path).toEqual(['lines', 0, 'onHand']);
    const unknown = await admin.POST('/v1/reconciliations', {
      body: { ...nightly, lines: [{ sku: 'NOPE', location: 'store-12', onHand: '1' }] },
    });
    expect(unknown.response.status).toBe(400);
    expect(unknown.error).toMatchObject({
      code: 'VALIDATION_FAILED',
      issues: [{ code: 'ITEM_UNKNOWN', path: ['lines', 0, 'sku'] }],
    });
    const many = await admin.POST('/v1/reconciliations', {
      body: {
        ...nightly,
        lines: Array.from({ length: 100_001 }, () => nightly.lines[0] as (typeof nightly.lines)[0]),
      },
    });
    expect([413]).toContain(many.response.status);
    expect(many.error?.code).toBe('PAYLOAD_TOO_LARGE');
    const reserve = await server.client('demo-ecommerce').POST('/v1/reconciliations', { body: nightly });
    expect(reserve.response.status).toBe(403);
    expect(await corrections()).toHaveLength(0);
  });

  it('keeps reports and their keys across a restart: the report reads back, a keyed retry emits nothing', async () => {
    const run = () =>
      server.client('demo-admin').POST('/v1/reconciliations', {
        params: { header: { 'Idempotency-Key': 'erp-night' } },
        body: nightly,
      });
    const made = await run();
    expect(made.response.status).toBe(200);
    const emitted = (await corrections()).length;
    expect(emitted).toBeGreaterThan(0);

    server = await server.restart();
    const id = made.data?.reconciliationId as string;
    const kept = await server.client('demo-admin').GET('/v1/reconciliations/{reconciliationId}', {
      params: { path: { reconciliationId: id } },
    });
    expect(kept.data).toEqual(made.data);
    const retry = await run();
    expect(retry.data).toEqual(made.data);
    expect(await corrections()).toHaveLength(emitted);
    // the exceptions gauge knows the last report after the restart
    const metrics = await (await server.fetch('/metrics')).text();
    expect(metrics).toMatch(
      new RegExp(`omnistock_reconciliation_exceptions ${made.data?.exceptions.length}\\b`),
    );
  });
});
