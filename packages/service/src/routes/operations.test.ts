import { OmnistockError } from '@omnistock/core';
import { afterEach, describe, expect, it } from 'vitest';
import { hashApiKey } from '../internal/auth';
import { startTestServer, type TestServer } from '../internal/test-server';
import type { OpsOverview } from '../types';
import { SERVICE_VERSION } from '../version';
import { demoKeys } from '../demo/keys';

const sale = (id: string, location: string, qty: string) => ({
  specversion: '1.0',
  id,
  source: `pos/${location}`,
  type: 'omnistock.sale.recorded.v1',
  time: '2026-12-04T10:00:00Z',
  data: { sku: 'TSHIRT-M', location, qty, channel: 'pos' },
});

describe('operations endpoints and cross-cutting behaviour', () => {
  let server: TestServer;
  afterEach(async () => {
    expect(server.violations).toEqual([]);
    await server.close();
  });

  it('answers /healthz and /readyz without a key, and 503 when the store does not answer', async () => {
    server = await startTestServer();
    const api = server.client();
    const health = await api.GET('/healthz');
    expect(health.data).toEqual({ status: 'ok', version: SERVICE_VERSION });
    expect(health.response.headers.get('ratelimit-limit')).toBeNull();
    const ready = await api.GET('/readyz');
    expect(ready.data).toEqual({ status: 'ok', checks: { store: 'ok', bus: 'ok' } });
    await server.running.store.close();
    const down = await api.GET('/readyz');
    expect(down.response.status).toBe(503);
    expect(down.error).toMatchObject({
      code: 'STORE_UNAVAILABLE',
      detail: 'not ready: store unavailable',
      details: { checks: { store: 'unavailable', bus: 'ok' } },
    });
  });

  it('exposes Prometheus metrics: ingest by status, quarantine, oversold, freshness, reservations, latency', async () => {
    server = await startTestServer();
    const pos = server.client('demo-pos');
    const hold = await pos.POST('/v1/reservations', {
      params: { header: { 'Idempotency-Key': 'm-1' } },
      body: {
        channel: 'pos',
        lines: [{ sku: 'TSHIRT-M', location: 'store-14', qty: '6' }],
        expiresAt: '2099-01-01T00:00:00Z',
      },
    });
    expect(hold.response.status).toBe(201);
    const ingest = server.client('demo-ingest');
    await ingest.POST('/v1/events', { body: [sale('m-sale-1', 'store-14', '1'), { id: 'broken' }] as never });
    const res = await server.fetch('/metrics');
    expect(res.headers.get('content-type')).toBe('text/plain; version=0.0.4; charset=utf-8');
    const text = await res.text();
    for (const line of [
      'omnistock_events_ingested_total{status="accepted"} 1',
      'omnistock_events_ingested_total{status="quarantined"} 1',
      'omnistock_events_ingested_total{status="duplicate"} 0',
      'omnistock_quarantine_size 1',
      'omnistock_dead_letters 0',
      'omnistock_positions_oversold 1',
      'omnistock_reconciliation_exceptions 0',
      'omnistock_reservations{state="held"} 1',
      'omnistock_reservations{state="committed"} 0',
      'omnistock_event_lag_seconds{source="pos/store-14"}',
      'omnistock_source_freshness_seconds{source="wms/dc-1"}',
      '# TYPE omnistock_http_request_duration_seconds histogram',
    ]) {
      expect(text).toContain(line);
    }
    expect(text).toMatch(
      /omnistock_http_request_duration_seconds_count\{method="POST",route="\/v1\/reservations",status="201"\} 1/,
    );
    const overview = await server.fetch('/ops/overview', { headers: { 'X-Api-Key': 'demo-admin' } });
    const o = (await overview.json()) as OpsOverview;
    expect(o.oversold).toEqual({
      count: 1,
      positions: [{ sku: 'TSHIRT-M', location: 'store-14', free: '-1' }],
    });
    expect(o.ingest).toEqual({ accepted: 1, duplicate: 0, quarantined: 1 });
    expect(o.quarantine).toEqual({ size: 1 });
    expect(o.reservations.live).toBe(1);
    expect(o.reservations.items).toEqual([hold.data]);
    expect(o.catalog.channels).toEqual(['pos', 'ecommerce', 'marketplace-amazon']);
    expect(o.catalog.skus).toHaveLength(10);
    expect(o.deadLetters).toEqual({ count: 0, items: [] });
    const reader = await server.fetch('/ops/overview', { headers: { 'X-Api-Key': 'demo-read' } });
    expect(reader.status).toBe(403);
  });

  it('limits requests per key and per client IP (fixed window) with RateLimit-* headers and 429', async () => {
    let now = Date.parse('2026-12-04T12:00:00Z');
    const generous = {
      id: 'key:generous',
      keyHash: hashApiKey('generous'),
      roles: ['read'] as const,
      channels: '*' as const,
      rateLimit: { limit: 10, windowMs: 60_000 },
    };
    server = await startTestServer({
      rateLimit: { limit: 3, windowMs: 60_000 },
      clock: () => new Date(now),
      keys: [...demoKeys(), generous],
    });
    const api = server.client('demo-read');
    const positions = () => api.GET('/v1/positions', { params: { query: { limit: 1 } } });
    const remaining: (string | null)[] = [];
    for (let i = 0; i < 3; i++)
      remaining.push((await positions()).response.headers.get('ratelimit-remaining'));
    expect(remaining).toEqual(['2', '1', '0']);
    const limited = await positions();
    expect(limited.response.status).toBe(429);
    expect(limited.error).toMatchObject({ code: 'RATE_LIMITED', detail: '3 requests per 60 s exceeded' });
    expect(limited.response.headers.get('retry-after')).toBe('60');
    expect(limited.response.headers.get('ratelimit-limit')).toBe('3');
    expect(limited.response.headers.get('ratelimit-reset')).toBe('60');
    const other = await server.client('demo-admin').GET('/v1/positions', { params: { query: { limit: 1 } } });
    expect(other.response.status).toBe(200);
    const own = await server.client('generous').GET('/v1/positions', { params: { query: { limit: 1 } } });
    expect(own.response.headers.get('ratelimit-limit')).toBe('10');
    const anonymous = server.client();
    const statuses: number[] = [];
    for (let i = 0; i < 4; i++)
      statuses.push((await anonymous.GET('/v1/positions', { params: { query: {} } })).response.status);
    expect(statuses).toEqual([401, 401, 401, 429]);
    expect((await server.fetch('/healthz')).status).toBe(200);
    now += 30_000;
    expect((await positions()).response.headers.get('ratelimit-reset')).toBe('30');
    now += 30_000;
    const fresh = await positions();
    expect(fresh.response.status).toBe(200);
    expect(fresh.response.headers.get('ratelimit-remaining')).toBe('2');
  });

  it('answers every error as a problem document: body limits, media types, unknown routes, failures', async () => {
    server = await startTestServer({ bodyLimit: 2048 });
    const headers = { 'X-Api-Key': 'demo-admin', 'content-type': 'application/json' };
    const big = JSON.stringify([sale('big', 'store-12', '1'), { padding: 'x'.repeat(4096) }]);
    const tooBig = await server.fetch('/v1/events', { method: 'POST', headers, body: big });
    expect(tooBig.status).toBe(413);
    expect(tooBig.headers.get('content-type')).toMatch(/^application\/problem\+json/);
    expect(await tooBig.json()).toMatchObject({ code: 'PAYLOAD_TOO_LARGE', status: 413 });
    // createReservation declares no 413: the same refusal is a 400 there
    const bigHold = await server.fetch('/v1/reservations', {
      method: 'POST',
      headers: { ...headers, 'Idempotency-Key': 'k' },
      body: JSON.stringify({ orderRef: 'x'.repeat(4096) }),
    });
    expect(bigHold.status).toBe(400);
    expect(await bigHold.json()).toMatchObject({
      code: 'VALIDATION_FAILED',
      issues: [{ code: 'PAYLOAD_TOO_LARGE' }],
    });
    const text = await server.fetch('/v1/reservations', {
      method: 'POST',
      headers: { ...headers, 'content-type': 'text/plain', 'Idempotency-Key': 'k' },
      body: 'hello',
    });
    expect(text.status).toBe(400);
    expect(await text.json()).toMatchObject({ code: 'VALIDATION_FAILED' });
    const route = await server.fetch('/v1/nowhere', { headers });
    expect(route.status).toBe(404);
    expect(route.headers.get('ratelimit-remaining')).not.toBeNull();
    expect(await route.json()).toMatchObject({ status: 404, type: 'urn:omnistock:problem:not-found' });

    const service = server.running.service as { positions: unknown };
    service.positions = async () => {
      throw new Error('connection string postgres://secret@db leaked?');
    };
    const api = server.client('demo-read');
    const internal = await api.GET('/v1/positions', { params: { query: {} } });
    expect(internal.response.status).toBe(500);
    expect(internal.error?.code).toBe('INTERNAL');
    expect(JSON.stringify(internal.error)).not.toMatch(/secret|Error|at /);
    service.positions = async () => {
      throw new OmnistockError({
        code: 'STORE_UNAVAILABLE',
        message: 'SQLite file omnistock-secret.db is busy',
      });
    };
    const unavailable = await api.GET('/v1/positions', { params: { query: {} } });
    expect(unavailable.response.status).toBe(503);
    expect(unavailable.error?.code).toBe('STORE_UNAVAILABLE');
    expect(JSON.stringify(unavailable.error)).not.toMatch(/secret/);
  });

  it('serves the dashboard page without a key', async () => {
    server = await startTestServer();
    const page = await server.fetch('/');
    expect(page.status).toBe(200);
    expect(page.headers.get('content-type')).toMatch(/^text\/html/);
    expect(page.headers.get('ratelimit-limit')).toBeNull();
  });
});
