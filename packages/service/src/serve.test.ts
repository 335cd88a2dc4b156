import type { BusEvent } from '@omnistock/runtime';
import { eventually } from '@omnistock/runtime/testing';
import { afterEach, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from './internal/test-server';

const hold = {
  reservationId: 'res-drain',
  channel: 'ecommerce',
  lines: [{ sku: 'TSHIRT-M', location: 'store-12', qty: '1' }],
  expiresAt: '2099-12-04T09:15:00Z',
};

describe('startService', () => {
  let server: TestServer | undefined;
  afterEach(async () => {
    await server?.close();
    server = undefined;
  });

  it('serves the seeded demo over HTTP with the demo keys', async () => {
    server = await startTestServer();
    const { data, response } = await server.client('demo-ecommerce').GET('/v1/availability', {
      params: { query: { sku: 'TSHIRT-M', location: 'store-12', channel: 'ecommerce' } },
    });
    expect(response.status).toBe(200);
    // onHand 10, damaged 1, global safety stock 1; ecommerce counts the PO of 20 only once it is due
    expect(data?.atp).toBe('8');
    expect(server.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    expect(server.violations).toEqual([]);
  });

  it('seeding again is a no-op: the seed events have fixed ids', async () => {
    server = await startTestServer();
    const before = await server.running.store.readEvents(0, 10_000);
    const again = await server.running.service.ingest(
      (await import('./demo/seed')).demoSeedEvents(),
      'omnistock/seed',
    );
    expect(again.ok && again.value.every((r) => r.status === 'duplicate')).toBe(true);
    expect(await server.running.store.readEvents(0, 10_000)).toHaveLength(before.length);
  });

  it('shuts down gracefully: drains an in-flight request, then flushes the outbox to the bus', async () => {
    // the relay loop runs one pass at start and then sleeps: only close() can publish the new hold
    const s = await startTestServer({ relayIntervalMs: 3_600_000 });
    server = s;
    const { service, bus } = s.running;
    const published: BusEvent[] = [];
    const publish = bus.publish.bind(bus);
    bus.publish = async (event) => {
      published.push(event);
      return publish(event);
    };
    let entered!: () => void;
    const inside = new Promise<void>((resolve) => {
      entered = resolve;
    });
    let release!: () => void;
    const gate = new Promise<void>((resolve) => {
      release = resolve;
    });
    const reserve = service.reserve.bind(service);
    service.reserve = async (...args) => {
      entered();
      await gate;
      return reserve(...args);
    };
    const request = s.client('demo-ecommerce').POST('/v1/reservations', {
      params: { header: { 'Idempotency-Key': 'drain-1' } },
      body: hold,
    });
    await inside;
    let closed = false;
    const closing = s.running.close().then(() => {
      closed = true;
    });
    await new Promise((r) => setImmediate(r));
    expect(closed).toBe(false);
    expect(published.filter((e) => e.type === 'omnistock.reservation.held.v1')).toEqual([]);
    release();
    const { response, data } = await request;
    expect(response.status).toBe(201);
    expect(data?.id).toBe('res-drain');
    await closing;
    expect(closed).toBe(true);
    const held = published.filter((e) => e.type === 'omnistock.reservation.held.v1');
    expect(held.map((e) => (e.data as { reservationId: string }).reservationId)).toEqual(['res-drain']);
    await expect(fetch(`${s.url}/healthz`)).rejects.toThrow();
    expect(s.violations).toEqual([]);
  });

  it('expires due holds in the background and gives their stock back', async () => {
    let now = Date.parse('2026-12-04T09:00:00Z');
    const s = await startTestServer({ clock: () => new Date(now), expiryIntervalMs: 5 });
    server = s;
    const api = s.client('demo-ecommerce');
    const created = await api.POST('/v1/reservations', {
      params: { header: { 'Idempotency-Key': 'exp-1' } },
      body: { ...hold, reservationId: 'res-exp', expiresAt: '2026-12-04T09:15:00Z' },
    });
    expect(created.data?.state).toBe('held');
    now = Date.parse('2026-12-04T09:16:00Z');
    const read = () =>
      api.GET('/v1/reservations/{reservationId}', { params: { path: { reservationId: 'res-exp' } } });
    await eventually(async () => (await read()).data?.state === 'expired');
    const position = await s.client('demo-read').GET('/v1/positions/{sku}/{location}', {
      params: { path: { sku: 'TSHIRT-M', location: 'store-12' } },
    });
    expect(position.data?.reserved).toBe('0');
    expect(s.violations).toEqual([]);
  });
});
