import { randomBytes } from 'node:crypto';
import type { Problem } from '@omnistock/contracts';
import { requireService, TEST_DATABASE_URL } from '@omnistock/runtime/testing';
import pg from 'pg';
import { afterEach, describe, expect, it } from 'vitest';
import type { ServeOptions } from '../serve';
import { type HttpHarness, inMinutes, startHarness } from './internal/harness';

// 200 concurrent create-reservation requests of 1 unit against a position that holds exactly 100:
// exactly 100 are held and 100 refused with INSUFFICIENT_STOCK, never an oversell, on every store.

const SKU = 'MUG-WHITE';
const LOCATION = 'store-14'; // the demo seed counts 0 mugs there
const REQUESTS = 200;
const UNITS = 100;

const pgGate = await requireService({
  name: 'PostgreSQL',
  url: TEST_DATABASE_URL,
  suite: 'service HTTP concurrency over PostgreSQL',
  probe: async () => {
    const client = new pg.Client({ connectionString: TEST_DATABASE_URL, connectionTimeoutMillis: 2000 });
    await client.connect();
    await client.end();
  },
});

async function dropSchema(schema: string): Promise<void> {
  const client = new pg.Client({ connectionString: pgGate.url });
  await client.connect();
  try {
    await client.query(`DROP SCHEMA IF EXISTS ${schema} CASCADE`);
  } finally {
    await client.end();
  }
}

let h: HttpHarness | undefined;
let dispose: (() => Promise<void>) | undefined;

afterEach(async () => {
  await h?.close();
  await dispose?.();
  h = undefined;
  dispose = undefined;
});

async function hundredOfTwoHundred(options: ServeOptions): Promise<void> {
  // the pos channel keeps no safety stock: 100 on hand is 100 to promise
  h = await startHarness({ ...options, rateLimit: { limit: 100_000, windowMs: 60_000 } });
  const count = await h.client('demo-ingest').POST('/v1/events', {
    body: [
      {
        specversion: '1.0',
        id: `count-${SKU}-${LOCATION}-100`,
        source: `pos/${LOCATION}`,
        type: 'omnistock.stock.counted.v1',
        time: new Date().toISOString(),
        subject: SKU,
        partitionkey: SKU,
        data: { sku: SKU, location: LOCATION, onHand: String(UNITS) },
      },
    ],
  });
  expect(count.data?.accepted).toBe(1);
  const pos = h.client('demo-pos');
  const atp = await pos.GET('/v1/availability', {
    params: { query: { sku: SKU, location: LOCATION, channel: 'pos' } },
  });
  expect(atp.data?.atp).toBe(String(UNITS));

  const expiresAt = inMinutes(120);
  const results = await Promise.all(
    Array.from({ length: REQUESTS }, (_, i) =>
      pos.POST('/v1/reservations', {
        params: { header: { 'Idempotency-Key': `race-${i}` } },
        body: { channel: 'pos', lines: [{ sku: SKU, location: LOCATION, qty: '1' }], expiresAt },
      }),
    ),
  );
  const byStatus = new Map<number, number>();
  for (const r of results) byStatus.set(r.response.status, (byStatus.get(r.response.status) ?? 0) + 1);
  expect(Object.fromEntries(byStatus)).toEqual({ 201: UNITS, 422: REQUESTS - UNITS });
  const refusals = results.filter((r) => r.response.status === 422).map((r) => (r.error as Problem).code);
  expect(new Set(refusals)).toEqual(new Set(['INSUFFICIENT_STOCK']));
  const held = results.flatMap((r) => (r.data ? [r.data] : []));
  expect(new Set(held.map((r) => r.id)).size).toBe(UNITS);
  expect(held.every((r) => r.state === 'held' && r.lines[0]?.qty === '1')).toBe(true);

  const position = await pos.GET('/v1/positions/{sku}/{location}', {
    params: { path: { sku: SKU, location: LOCATION } },
  });
  const p = position.data!;
  expect(p.reserved).toBe(String(UNITS));
  const free =
    Number(p.onHand) -
    Number(p.damaged) -
    Number(p.qualityControl) -
    Number(p.committed) -
    Number(p.reserved);
  expect(free).toBe(0);
  const after = await pos.GET('/v1/availability', {
    params: { query: { sku: SKU, location: LOCATION, channel: 'pos' } },
  });
  expect(after.data?.atp).toBe('0');
  expect(h.checked.violations).toEqual([]);
}

describe('concurrent reservations over HTTP never oversell', () => {
  it('SQLite file: exactly 100 of 200 concurrent holds of one unit succeed', async () => {
    await hundredOfTwoHundred({});
  });

  it.skipIf(!pgGate.available)(
    'PostgreSQL: exactly 100 of 200 concurrent holds of one unit succeed',
    async () => {
      const schema = `omnistock_http_${randomBytes(5).toString('hex')}`;
      dispose = () => dropSchema(schema);
      await hundredOfTwoHundred({ databaseUrl: pgGate.url, databaseSchema: schema });
    },
  );
});
