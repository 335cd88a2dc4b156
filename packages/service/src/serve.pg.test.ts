import { randomBytes } from 'node:crypto';
import { NatsEventBus, type NatsEventBusOptions } from '@omnistock/bus-nats';
import { requireService, TEST_DATABASE_URL, TEST_NATS_URL } from '@omnistock/runtime/testing';
import pg from 'pg';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from './internal/test-server';

const postgres = await requireService({
  name: 'PostgreSQL',
  url: TEST_DATABASE_URL,
  suite: 'service over PostgreSQL and NATS',
  probe: async () => {
    const client = new pg.Client({ connectionString: TEST_DATABASE_URL, connectionTimeoutMillis: 2000 });
    await client.connect();
    await client.end();
  },
});
const nats = await requireService({
  name: 'NATS',
  url: TEST_NATS_URL,
  suite: 'service over PostgreSQL and NATS',
});

async function dropSchema(schema: string): Promise<void> {
  const client = new pg.Client({ connectionString: postgres.url });
  await client.connect();
  try {
    await client.query(`DROP SCHEMA IF EXISTS ${schema} CASCADE`);
  } finally {
    await client.end();
  }
}

describe.skipIf(!postgres.available || !nats.available)(
  'service over real PostgreSQL and NATS JetStream',
  () => {
    let server: TestServer;
    let schema: string;
    let stream: Omit<NatsEventBusOptions, 'servers'>;

    beforeEach(async () => {
      const run = randomBytes(5).toString('hex');
      schema = `omnistock_http_${run}`;
      stream = {
        stream: `OMNISTOCK_HTTP_${run}`,
        subjectPrefix: `h${run}.events`,
        dlqSubjectPrefix: `h${run}.dlq`,
        storage: 'memory',
      };
      server = await startTestServer({
        databaseUrl: postgres.url,
        databaseSchema: schema,
        natsUrl: nats.url,
        nats: stream,
      });
    });

    afterEach(async () => {
      await server.close();
      const admin = await NatsEventBus.connect({ ...stream, servers: nats.url });
      await admin.deleteStreams();
      await admin.close();
      await dropSchema(schema);
    });

    it('reserves, commits, ingests and reports readiness; the outbox reaches the stream by shutdown', async () => {
      const ready = await server.client().GET('/readyz');
      expect(ready.data).toEqual({ status: 'ok', checks: { store: 'ok', bus: 'ok' } });
      const api = server.client('demo-ecommerce');
      const created = await api.POST('/v1/reservations', {
        params: { header: { 'Idempotency-Key': 'pg-1' } },
        body: {
          reservationId: 'res-pg',
          channel: 'ecommerce',
          lines: [{ sku: 'RICE-5KG', group: 'uk-network', qty: '2.25' }],
          expiresAt: '2099-01-01T00:00:00Z',
        },
      });
      expect(created.response.status).toBe(201);
      expect(created.data?.lines).toEqual([
        { sku: 'RICE-5KG', location: 'dc-1', group: 'uk-network', qty: '2.25', fulfilledQty: '0' },
      ]);
      const replay = await api.POST('/v1/reservations', {
        params: { header: { 'Idempotency-Key': 'pg-1' } },
        body: {
          reservationId: 'res-pg',
          channel: 'ecommerce',
          lines: [{ sku: 'RICE-5KG', group: 'uk-network', qty: '2.250' }],
          expiresAt: '2099-01-01T00:00:00Z',
        },
      });
      expect(replay.response.headers.get('idempotent-replayed')).toBe('true');
      const stale = await api.POST('/v1/reservations/{reservationId}/commit', {
        params: {
          path: { reservationId: 'res-pg' },
          header: { 'Idempotency-Key': 'pg-2', 'If-Match': '"2"' },
        },
        body: {},
      });
      expect(stale.response.status).toBe(412);
      const committed = await api.POST('/v1/reservations/{reservationId}/commit', {
        params: {
          path: { reservationId: 'res-pg' },
          header: { 'Idempotency-Key': 'pg-3', 'If-Match': '"1"' },
        },
        body: { orderRef: 'order-pg' },
      });
      expect(committed.response.headers.get('etag')).toBe('"2"');
      const ingested = await server.client('demo-ingest').POST('/v1/events', {
        body: [
          {
            specversion: '1.0',
            id: 'pg-receipt-1',
            source: 'wms/dc-1',
            type: 'omnistock.stock.received.v1',
            time: '2026-12-04T10:00:00Z',
            data: { sku: 'RICE-5KG', location: 'dc-1', qty: '10.5' },
          },
        ],
      });
      expect(ingested.data?.accepted).toBe(1);
      const rice = await server.client('demo-read').GET('/v1/positions/{sku}/{location}', {
        params: { path: { sku: 'RICE-5KG', location: 'dc-1' } },
      });
      expect(rice.data).toMatchObject({ onHand: '53', committed: '2.25' });
      const atp = await server.client('demo-read').GET('/v1/availability', {
        params: { query: { sku: 'RICE-5KG', location: 'dc-1', channel: 'pos' } },
      });
      // 53 − committed 2.25 − the DC's rice safety stock 2.5
      expect(atp.data?.atp).toBe('48.25');
      expect(server.violations).toEqual([]);

      await server.running.close();
      const reader = await NatsEventBus.connect({ ...stream, servers: nats.url });
      try {
        const events = await reader.replay({ start: { from: 'first' } });
        const types = events.map((e) => e.event.type);
        expect(types).toContain('omnistock.reservation.held.v1');
        expect(types).toContain('omnistock.reservation.committed.v1');
      } finally {
        await reader.close();
      }
    });
  },
);
