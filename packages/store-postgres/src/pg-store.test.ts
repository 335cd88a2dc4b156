import { randomBytes } from 'node:crypto';
import { requireService, runStoreContract, TEST_DATABASE_URL } from '@omnistock/runtime/testing';
import pg from 'pg';
import { afterAll, describe, expect, it } from 'vitest';
import { PostgresInventoryStore } from './pg-store';

const gate = await requireService({
  name: 'PostgreSQL',
  url: TEST_DATABASE_URL,
  suite: 'store-postgres contract suite',
  probe: async () => {
    const client = new pg.Client({ connectionString: TEST_DATABASE_URL, connectionTimeoutMillis: 2000 });
    await client.connect();
    try {
      await client.query('SELECT 1');
    } finally {
      await client.end();
    }
  },
});

const schemas: string[] = [];

async function dropSchema(schema: string): Promise<void> {
  const client = new pg.Client({ connectionString: gate.url });
  await client.connect();
  try {
    await client.query(`DROP SCHEMA IF EXISTS ${schema} CASCADE`);
  } finally {
    await client.end();
  }
}

/** A store in its own fresh schema; 24 connections, so concurrent reservers really run in parallel. */
async function openTestStore(
  coalesce = true,
): Promise<{ store: PostgresInventoryStore; dispose(): Promise<void> }> {
  const schema = `omnistock_t_${randomBytes(5).toString('hex')}`;
  schemas.push(schema);
  const store = await PostgresInventoryStore.open({
    connectionString: gate.url,
    schema,
    maxConnections: 24,
    ...(coalesce ? {} : { coalesce: false }),
  });
  return {
    store,
    dispose: async () => {
      await store.close();
      await dropSchema(schema);
    },
  };
}

describe.skipIf(!gate.available)('PostgresInventoryStore (real PostgreSQL)', () => {
  afterAll(async () => {
    for (const s of schemas) await dropSchema(s);
  });

  runStoreContract('PostgresInventoryStore (coalesced reserves)', () => openTestStore(true));
  runStoreContract('PostgresInventoryStore (one transaction per reserve)', () => openTestStore(false));

  it('migrations are versioned and re-opening applies nothing twice', async () => {
    const { store } = await openTestStore();
    const schema = schemas.at(-1)!;
    await store.close();
    const again = await PostgresInventoryStore.open({ connectionString: gate.url, schema });
    const client = new pg.Client({ connectionString: gate.url });
    await client.connect();
    const { rows } = await client.query(
      `SELECT version, name FROM ${schema}.schema_migrations ORDER BY version`,
    );
    await client.end();
    await again.close();
    expect(rows).toEqual([
      { version: 1, name: 'initial' },
      { version: 2, name: 'quarantine-audit' },
      { version: 3, name: 'reconciliation-reports' },
    ]);
    await dropSchema(schema);
  });
});
