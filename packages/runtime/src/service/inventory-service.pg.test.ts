import { randomBytes } from 'node:crypto';
import { PostgresInventoryStore } from '@omnistock/store-postgres';
import pg from 'pg';
import { describe } from 'vitest';
import { requireService, TEST_DATABASE_URL } from '../testing/services';
import { runServiceSuite } from '../testing/service-suite';

const gate = await requireService({
  name: 'PostgreSQL',
  url: TEST_DATABASE_URL,
  suite: 'InventoryService over PostgreSQL',
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

async function dropSchema(schema: string): Promise<void> {
  const client = new pg.Client({ connectionString: gate.url });
  await client.connect();
  try {
    await client.query(`DROP SCHEMA IF EXISTS ${schema} CASCADE`);
  } finally {
    await client.end();
  }
}

// The suite runs with the store's reserve coalescing on (the default) and off: both paths must log a
// decision's events in the same transaction.
describe.skipIf(!gate.available)('InventoryService (real PostgreSQL)', () => {
  for (const coalesce of [true, false]) {
    const options = coalesce ? {} : { coalesce: false as const };
    runServiceSuite(`PostgresInventoryStore (schema per test, coalesce ${coalesce})`, async (now) => {
      const schema = `omnistock_svc_${randomBytes(5).toString('hex')}`;
      const store = await PostgresInventoryStore.open({
        connectionString: gate.url,
        schema,
        maxConnections: 8,
        ...options,
        now,
      });
      return {
        store,
        dispose: async () => {
          await store.close();
          await dropSchema(schema);
        },
      };
    });
  }
});
