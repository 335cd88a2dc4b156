// `npm run bench runtime`: reservations/s through the InventoryStore on one hot sku, PostgreSQL and
// SQLite, at concurrency 1, 16 and 64, beside the same machine's raw PostgreSQL single-row UPDATE
// rate at the same concurrency (the limit for a hot row). Prints figures; asserts nothing.
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type InventoryStore, toStoredEvent } from '@omnistock/runtime';
import {
  holdDecision,
  projectReceipts,
  receivedEvent,
  requireService,
  seedStock,
  TEST_DATABASE_URL,
} from '@omnistock/runtime/testing';
import { SqliteInventoryStore } from '@omnistock/store-sqlite';
import { PostgresInventoryStore } from '@omnistock/store-postgres';
import pg from 'pg';
import { type Measurement, printTable } from './harness';

const SECONDS = Number(process.env.BENCH_SECONDS ?? 2);
const LEVELS = [1, 16, 64];

/** Runs `concurrency` loops of `op` for about `seconds` and reports completed ops per second. */
async function measureConcurrent(
  name: string,
  concurrency: number,
  op: (worker: number, i: number) => Promise<unknown>,
): Promise<Measurement> {
  // warm-up
  await Promise.all(Array.from({ length: concurrency }, (_, w) => op(w, -1)));
  let done = 0;
  const end = performance.now() + SECONDS * 1000;
  const t0 = performance.now();
  await Promise.all(
    Array.from({ length: concurrency }, async (_, w) => {
      for (let i = 0; performance.now() < end; i++) {
        await op(w, i);
        done += 1;
      }
    }),
  );
  const opsPerSec = done / ((performance.now() - t0) / 1000);
  return { name, opsPerSec, msPerOp: 1000 / opsPerSec, batches: 1 };
}

let seq = 0;
function reserveOnce(store: InventoryStore): () => Promise<void> {
  const lines = [{ sku: 'HOT', location: 'S1', qty: '1' }];
  return async () => {
    const id = `b-${process.pid}-${seq++}`;
    const r = await store.reserve({ positions: lines, decide: holdDecision(id, lines) });
    if (!r.ok) throw new Error(r.error.message);
  };
}

const SKUS = 10_000;
const skuName = (i: number) => `SKU-${String(i).padStart(5, '0')}`;

/** Puts 10^9 units of each of 10,000 skus at S1 in one append. */
async function seedMany(store: InventoryStore): Promise<void> {
  const events = Array.from({ length: SKUS }, (_, i) =>
    toStoredEvent(receivedEvent(`seed-many-${i}`, skuName(i), 'S1', '1000000000')),
  );
  const r = await store.append({
    events,
    positions: events.map((e) => ({ sku: e.sku ?? '', location: 'S1' })),
    project: projectReceipts,
  });
  if (!r.ok) throw new Error(r.error.message);
}

function reserveSpread(store: InventoryStore): () => Promise<void> {
  return async () => {
    const lines = [{ sku: skuName(Math.floor(Math.random() * SKUS)), location: 'S1', qty: '1' }];
    const r = await store.reserve({
      positions: lines,
      decide: holdDecision(`s-${process.pid}-${seq++}`, lines),
    });
    if (!r.ok) throw new Error(r.error.message);
  };
}

function ingestOne(store: InventoryStore): () => Promise<void> {
  return async () => {
    const sku = skuName(Math.floor(Math.random() * SKUS));
    const e = toStoredEvent(receivedEvent(`ing-${process.pid}-${seq++}`, sku, 'S1', '1'));
    const r = await store.append({
      events: [e],
      positions: [{ sku, location: 'S1' }],
      project: projectReceipts,
    });
    if (!r.ok) throw new Error(r.error.message);
  };
}

/** Reservations over 10,000 skus and single-event ingest, at each concurrency level. */
async function spread(label: string, open: (c: number) => Promise<InventoryStore>): Promise<Measurement[]> {
  const rows: Measurement[] = [];
  for (const c of LEVELS) {
    const store = await open(c);
    rows.push(
      await measureConcurrent(`${label}: reserve over ${SKUS} skus, c=${c}`, c, reserveSpread(store)),
    );
    rows.push(await measureConcurrent(`${label}: ingest 1 event/append, c=${c}`, c, ingestOne(store)));
    await store.close();
  }
  return rows;
}

async function rawUpdateLimit(url: string, schema: string, concurrency: number): Promise<Measurement> {
  const pool = new pg.Pool({ connectionString: url, max: concurrency, options: `-c search_path=${schema}` });
  await pool.query('CREATE TABLE IF NOT EXISTS bench_hot (id INT PRIMARY KEY, n BIGINT NOT NULL)');
  await pool.query('INSERT INTO bench_hot VALUES (1, 0) ON CONFLICT DO NOTHING');
  const m = await measureConcurrent(`raw pg single-row UPDATE, c=${concurrency}`, concurrency, () =>
    pool.query('UPDATE bench_hot SET n = n + 1 WHERE id = 1'),
  );
  await pool.end();
  return m;
}

export async function run(): Promise<void> {
  console.log(`\n# runtime stores: ${SECONDS}s per figure`);
  const gate = await requireService({
    name: 'PostgreSQL',
    url: TEST_DATABASE_URL,
    suite: 'runtime bench (PostgreSQL part)',
  });
  if (gate.available) {
    const schema = `omnistock_bench_${randomBytes(4).toString('hex')}`;
    try {
      for (const c of LEVELS) {
        const rows: Measurement[] = [];
        for (const coalesce of [true, false]) {
          const store = await PostgresInventoryStore.open({
            connectionString: gate.url,
            schema,
            maxConnections: c,
            ...(coalesce ? {} : { coalesce: false as const }),
          });
          await seedStock(store, 'HOT', 'S1', '1000000000');
          const label = coalesce ? 'coalesced' : 'one tx per reserve';
          rows.push(
            await measureConcurrent(
              `PostgresInventoryStore.reserve (${label}), c=${c}`,
              c,
              reserveOnce(store),
            ),
          );
          await store.close();
        }
        const limit = await rawUpdateLimit(gate.url, schema, c);
        printTable(`PostgreSQL, one hot sku, concurrency ${c}`, [limit, ...rows], limit);
      }
      const seeded = await PostgresInventoryStore.open({ connectionString: gate.url, schema });
      await seedMany(seeded);
      await seeded.close();
      printTable(
        'PostgreSQL, 10,000 skus (coalesced reserves)',
        await spread('pg', (c) =>
          PostgresInventoryStore.open({ connectionString: gate.url, schema, maxConnections: c }),
        ),
      );
    } finally {
      const client = new pg.Client({ connectionString: gate.url });
      await client.connect();
      await client.query(`DROP SCHEMA IF EXISTS ${schema} CASCADE`);
      await client.end();
    }
  }
  const dir = mkdtempSync(join(tmpdir(), 'omnistock-bench-'));
  try {
    const modes = [
      { sync: 'FULL', coalesce: true },
      { sync: 'FULL', coalesce: false },
      { sync: 'NORMAL', coalesce: true },
    ] as const;
    for (const { sync, coalesce } of modes) {
      const rows: Measurement[] = [];
      const label = coalesce ? 'coalesced' : 'one tx per reserve';
      for (const c of LEVELS) {
        const store = SqliteInventoryStore.open({
          filename: join(dir, `bench-${sync}-${label.length}-${c}.db`),
          synchronous: sync,
          ...(coalesce ? {} : { coalesce: false as const }),
        });
        await seedStock(store, 'HOT', 'S1', '1000000000');
        rows.push(
          await measureConcurrent(`SqliteInventoryStore.reserve (${label}), c=${c}`, c, reserveOnce(store)),
        );
        await store.close();
      }
      printTable(`SQLite (one process, WAL, synchronous=${sync}), one hot sku`, rows);
    }
    const many = join(dir, 'many.db');
    const seeded = SqliteInventoryStore.open({ filename: many });
    await seedMany(seeded);
    await seeded.close();
    printTable(
      'SQLite (one process, WAL, synchronous=FULL), 10,000 skus',
      await spread('sqlite', async () => SqliteInventoryStore.open({ filename: many })),
    );
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
