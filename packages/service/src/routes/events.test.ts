import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from '../internal/test-server';

const sale = (id: string, sequence: number, time: string) => ({
  specversion: '1.0',
  id,
  source: 'pos/store-12',
  type: 'omnistock.sale.recorded.v1',
  time,
  subject: 'TSHIRT-M',
  partitionkey: 'TSHIRT-M',
  sequence,
  datacontenttype: 'application/json',
  data: { sku: 'TSHIRT-M', location: 'store-12', qty: '1', channel: 'pos' },
});

const badAdjustment = {
  specversion: '1.0',
  id: 'wms-dc1-77',
  source: 'wms/dc-1',
  type: 'omnistock.stock.adjusted.v1',
  time: '2026-12-04T08:55:00Z',
  data: { sku: 'TSHIRT-M', location: 'dc-1', delta: 'minus three', reasonCode: 'damage' },
};

describe('event ingest and quarantine over HTTP', () => {
  let server: TestServer;
  beforeEach(async () => {
    server = await startTestServer();
  });
  afterEach(async () => {
    expect(server.violations).toEqual([]);
    await server.close();
  });

  const ingest = (events: unknown[], apiKey = 'demo-ingest') =>
    server.client(apiKey).POST('/v1/events', { body: events as Record<string, never>[] });

  it('judges each event: accepted, duplicate, quarantined; records the principal; updates freshness', async () => {
    await ingest([sale('pos-12-000480', 480, '2026-12-04T08:58:00Z')]);
    const { data, response } = await ingest([
      sale('pos-12-000481', 481, '2026-12-04T08:59:00Z'),
      sale('pos-12-000480', 480, '2026-12-04T08:58:00Z'),
      badAdjustment,
    ]);
    expect(response.status).toBe(200);
    expect(data).toMatchObject({
      accepted: 1,
      duplicate: 1,
      quarantined: 1,
      results: [
        { index: 0, id: 'pos-12-000481', status: 'accepted' },
        { index: 1, id: 'pos-12-000480', status: 'duplicate' },
        { index: 2, id: 'wms-dc1-77', status: 'quarantined', reason: { code: 'QUANTITY_INVALID' } },
      ],
    });
    expect(data?.results[2]?.quarantineId).toMatch(/^\d+$/);
    const log = await server.running.store.readEvents(0, 1000);
    expect(log.find((e) => e.id === 'pos-12-000481')?.principal).toBe('key:integrations');
    const position = await server.client('demo-read').GET('/v1/positions/{sku}/{location}', {
      params: { path: { sku: 'TSHIRT-M', location: 'store-12' } },
    });
    expect(position.data?.onHand).toBe('8');
    const overview = await server.fetch('/ops/overview', { headers: { 'X-Api-Key': 'demo-admin' } });
    const o = (await overview.json()) as {
      sources: { source: string; lastEventTime: string; events: number }[];
    };
    expect(o.sources.find((s) => s.source === 'pos/store-12')).toMatchObject({
      lastEventTime: '2026-12-04T08:59:00.000Z',
    });
  });

  it('accepts the CloudEvents batch media type and refuses bad batches (400, 413, 403)', async () => {
    const ce = await server.fetch('/v1/events', {
      method: 'POST',
      headers: { 'X-Api-Key': 'demo-ingest', 'content-type': 'application/cloudevents-batch+json' },
      body: JSON.stringify([sale('ce-1', 1, '2026-12-04T09:00:00Z')]),
    });
    expect(ce.status).toBe(200);
    expect(((await ce.json()) as { accepted: number }).accepted).toBe(1);
    const broken = await server.fetch('/v1/events', {
      method: 'POST',
      headers: { 'X-Api-Key': 'demo-ingest', 'content-type': 'application/json' },
      body: '[{"id": ',
    });
    expect(broken.status).toBe(400);
    expect(broken.headers.get('content-type')).toMatch(/^application\/problem\+json/);
    expect(await broken.json()).toMatchObject({ code: 'VALIDATION_FAILED', status: 400 });
    const empty = await ingest([]);
    expect(empty.response.status).toBe(400);
    const notAList = await server.client('demo-ingest').POST('/v1/events', { body: { id: 'x' } as never });
    expect(notAList.response.status).toBe(400);
    const tooMany = await ingest(
      Array.from({ length: 1001 }, (_, i) => sale(`many-${i}`, i, '2026-12-04T09:00:00Z')),
    );
    expect(tooMany.response.status).toBe(413);
    expect(tooMany.error).toMatchObject({
      code: 'PAYLOAD_TOO_LARGE',
      detail: 'at most 1000 events per batch',
    });
    const reader = await ingest([sale('r-1', 1, '2026-12-04T09:00:00Z')], 'demo-read');
    expect(reader.response.status).toBe(403);
    expect(reader.error?.details).toEqual({ role: 'ingest' });
  });

  it('Idempotency-Key: a retried batch or re-submission reads the first response; another body is 400', async () => {
    const ingestKeyed = (events: unknown[], key: string) =>
      server.client('demo-ingest').POST('/v1/events', {
        params: { header: { 'Idempotency-Key': key } },
        body: events as Record<string, never>[],
      });
    const batch = [sale('idem-1', 901, '2026-12-04T09:10:00Z'), badAdjustment];
    const first = await ingestKeyed(batch, 'wms-batch-1');
    expect(first.response.headers.get('idempotent-replayed')).toBe('false');
    expect(first.data).toMatchObject({ accepted: 1, quarantined: 1 });
    const retry = await ingestKeyed(batch, 'wms-batch-1');
    expect(retry.response.status).toBe(200);
    expect(retry.response.headers.get('idempotent-replayed')).toBe('true');
    expect(retry.data).toEqual(first.data); // `accepted` again, not `duplicate`
    // without the key the same batch is judged again: the sale is a duplicate, the bad event the
    // same open quarantine entry
    const unkeyed = await ingest(batch);
    expect(unkeyed.data?.results.map((r) => r.status)).toEqual(['duplicate', 'quarantined']);
    expect(unkeyed.data?.results[1]?.quarantineId).toBe(first.data?.results[1]?.quarantineId);
    const other = await ingestKeyed([sale('idem-2', 902, '2026-12-04T09:11:00Z')], 'wms-batch-1');
    expect(other.response.status).toBe(400);
    expect(other.error).toMatchObject({ code: 'VALIDATION_FAILED' });
    // the retries opened no second quarantine entry
    const admin = server.client('demo-admin');
    const quarantined = await admin.GET('/v1/quarantine', { params: { query: {} } });
    expect(quarantined.data?.items).toHaveLength(1);

    const quarantineId = first.data?.results[1]?.quarantineId as string;
    const fixed = { ...badAdjustment, data: { ...badAdjustment.data, delta: '-3' } };
    const resubmit = () =>
      admin.POST('/v1/quarantine/{quarantineId}/resubmit', {
        params: { path: { quarantineId }, header: { 'Idempotency-Key': 'ops-fix-1' } },
        body: { event: fixed },
      });
    const done = await resubmit();
    expect(done.data).toEqual({ index: 0, id: 'wms-dc1-77', status: 'accepted' });
    const again = await resubmit();
    expect(again.response.status).toBe(200);
    expect(again.response.headers.get('idempotent-replayed')).toBe('true');
    expect(again.data).toEqual(done.data);
    const unkeyedAgain = await admin.POST('/v1/quarantine/{quarantineId}/resubmit', {
      params: { path: { quarantineId } },
      body: { event: fixed },
    });
    expect(unkeyedAgain.response.status).toBe(404);
    const tooLong = await ingestKeyed(batch, 'k'.repeat(257));
    expect(tooLong.response.status).toBe(400);
  });

  it('lists, reads and re-submits quarantined events (admin)', async () => {
    const first = await ingest([
      badAdjustment,
      { ...badAdjustment, id: 'erp-55', source: 'erp/sap-prod', type: 'omnistock.stock.counted.v2' },
    ]);
    const [adjustmentId, countId] = (first.data?.results ?? []).map((r) => r.quarantineId as string);
    const admin = server.client('demo-admin');
    const list = await admin.GET('/v1/quarantine', { params: { query: {} } });
    expect(list.data?.items.map((e) => e.quarantineId)).toEqual([countId, adjustmentId]);
    expect(list.data?.items[1]).toMatchObject({
      source: 'wms/dc-1',
      eventId: 'wms-dc1-77',
      reason: { code: 'QUANTITY_INVALID', path: ['data', 'delta'] },
      principal: 'key:integrations',
      resubmissions: 0,
      event: badAdjustment,
    });
    const byCode = await admin.GET('/v1/quarantine', {
      params: { query: { code: 'EVENT_VERSION_UNSUPPORTED' } },
    });
    expect(byCode.data?.items.map((e) => e.eventId)).toEqual(['erp-55']);
    const bySource = await admin.GET('/v1/quarantine', { params: { query: { source: 'wms/dc-1' } } });
    expect(bySource.data?.items.map((e) => e.eventId)).toEqual(['wms-dc1-77']);
    const page = await admin.GET('/v1/quarantine', { params: { query: { limit: 1 } } });
    expect(page.data?.items).toHaveLength(1);
    const next = await admin.GET('/v1/quarantine', {
      params: { query: { limit: 1, cursor: page.data?.nextCursor as string } },
    });
    expect(next.data?.items.map((e) => e.quarantineId)).toEqual([adjustmentId]);
    expect(next.data?.nextCursor).toBeUndefined();

    const path = { quarantineId: adjustmentId as string };
    const one = await admin.GET('/v1/quarantine/{quarantineId}', { params: { path } });
    expect(one.data?.eventId).toBe('wms-dc1-77');
    const asIs = await admin.POST('/v1/quarantine/{quarantineId}/resubmit', { params: { path }, body: {} });
    expect(asIs.data).toMatchObject({ status: 'quarantined', reason: { code: 'QUANTITY_INVALID' } });
    expect((await admin.GET('/v1/quarantine/{quarantineId}', { params: { path } })).data?.resubmissions).toBe(
      1,
    );
    const fixed = { ...badAdjustment, data: { ...badAdjustment.data, delta: '-3' } };
    const ok = await admin.POST('/v1/quarantine/{quarantineId}/resubmit', {
      params: { path },
      body: { event: fixed },
    });
    expect(ok.data).toEqual({ index: 0, id: 'wms-dc1-77', status: 'accepted' });
    // the stored event names the admin who re-submitted it, not nobody
    const log = await server.running.store.readEvents(0, 1000);
    expect(log.find((e) => e.id === 'wms-dc1-77')?.principal).toBe('key:demo-admin');
    const gone = await admin.GET('/v1/quarantine/{quarantineId}', { params: { path } });
    expect(gone.response.status).toBe(404);
    expect(gone.error?.code).toBe('QUARANTINE_NOT_FOUND');
    const dc = await admin.GET('/v1/positions/{sku}/{location}', {
      params: { path: { sku: 'TSHIRT-M', location: 'dc-1' } },
    });
    expect(dc.data?.onHand).toBe('117');
    const notAnId = await admin.POST('/v1/quarantine/{quarantineId}/resubmit', {
      params: { path: { quarantineId: 'q-31' } },
      body: {},
    });
    expect(notAnId.response.status).toBe(404);
    const badCursor = await admin.GET('/v1/quarantine', { params: { query: { cursor: 'nonsense' } } });
    expect(badCursor.response.status).toBe(400);
    const reader = await server.client('demo-read').GET('/v1/quarantine', { params: { query: {} } });
    expect(reader.response.status).toBe(403);
    expect(reader.error?.details).toEqual({ role: 'admin' });
  });

  it('pages positions by cursor, filters them, and reads a zero position for a known pair', async () => {
    const api = server.client('demo-read');
    const all = await api.GET('/v1/positions', { params: { query: { limit: 1000 } } });
    expect(all.data?.items).toHaveLength(40);
    const seen: string[] = [];
    let cursor: string | undefined;
    do {
      const page = await api.GET('/v1/positions', {
        params: { query: { limit: 7, ...(cursor ? { cursor } : {}) } },
      });
      seen.push(...(page.data?.items ?? []).map((p) => `${p.sku}|${p.location}`));
      cursor = page.data?.nextCursor;
    } while (cursor !== undefined);
    expect(seen).toEqual(all.data?.items.map((p) => `${p.sku}|${p.location}`));
    const atStore = await api.GET('/v1/positions', {
      params: { query: { location: 'store-14', sku: 'TSHIRT-L' } },
    });
    expect(atStore.data?.items).toEqual([
      expect.objectContaining({
        onHand: '2',
        inTransit: [{ id: 'tr-88', qty: '6', eta: '2026-12-08T16:00:00Z', from: 'dc-1' }],
      }),
    ]);
    const limit = await server.fetch('/v1/positions?limit=0', { headers: { 'X-Api-Key': 'demo-read' } });
    expect(limit.status).toBe(400);
    const location = await api.GET('/v1/positions/{sku}/{location}', {
      params: { path: { sku: 'TSHIRT-M', location: 'store-99' } },
    });
    expect(location.error?.code).toBe('LOCATION_UNKNOWN');
    const unknown = await api.GET('/v1/positions/{sku}/{location}', {
      params: { path: { sku: 'NOPE', location: 'dc-1' } },
    });
    expect(unknown.response.status).toBe(404);
    expect(unknown.error?.code).toBe('ITEM_UNKNOWN');
  });

  it('reads a known sku at a known location with no row yet as a zero position', async () => {
    const empty = await startTestServer({ seed: false });
    try {
      const { data } = await empty.client('demo-read').GET('/v1/positions/{sku}/{location}', {
        params: { path: { sku: 'RICE-5KG', location: 'store-21' } },
      });
      expect(data).toEqual({
        sku: 'RICE-5KG',
        location: 'store-21',
        onHand: '0',
        damaged: '0',
        qualityControl: '0',
        committed: '0',
        reserved: '0',
        incoming: [],
        inTransit: [],
        asOf: null,
      });
      const list = await empty.client('demo-read').GET('/v1/positions', { params: { query: {} } });
      expect(list.data).toEqual({ items: [] });
      expect(empty.violations).toEqual([]);
    } finally {
      await empty.close();
    }
  });

  it('keeps a quarantine entry’s submitter, reason path and failed re-submissions across a restart', async () => {
    const sent = await ingest([badAdjustment]);
    const quarantineId = sent.data?.results[0]?.quarantineId as string;
    const wrongFix = { ...badAdjustment, data: { ...badAdjustment.data, delta: '-3', sku: 'NO-SUCH-SKU' } };
    const again = await server.client('demo-admin').POST('/v1/quarantine/{quarantineId}/resubmit', {
      params: { path: { quarantineId } },
      body: { event: wrongFix },
    });
    expect(again.data).toMatchObject({ status: 'quarantined', reason: { code: 'ITEM_UNKNOWN' } });

    server = await server.restart();
    const entry = await server.client('demo-admin').GET('/v1/quarantine/{quarantineId}', {
      params: { path: { quarantineId } },
    });
    expect(entry.data).toMatchObject({
      quarantineId,
      eventId: 'wms-dc1-77',
      principal: 'key:integrations',
      resubmissions: 1,
      reason: { code: 'ITEM_UNKNOWN', path: ['data', 'sku'] },
      event: wrongFix,
    });
  });
});
