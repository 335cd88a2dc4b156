import { randomBytes } from 'node:crypto';
import { fileURLToPath } from 'node:url';
import { NatsEventBus } from '@omnistock/bus-nats';
import {
  expectCrashInvariants,
  requireService,
  runAndKill,
  TEST_DATABASE_URL,
  TEST_NATS_URL,
} from '@omnistock/runtime/testing';
import pg from 'pg';
import { afterAll, describe, it } from 'vitest';
import { PostgresInventoryStore } from './pg-store';

const nats = await requireService({
  name: 'NATS',
  url: TEST_NATS_URL,
  suite: 'store-postgres crash-safety test',
});
const db = await requireService({
  name: 'PostgreSQL',
  url: TEST_DATABASE_URL,
  suite: 'store-postgres crash-safety test',
});
const child = fileURLToPath(new URL('./testing/crash-child.ts', import.meta.url));
const root = fileURLToPath(new URL('../../..', import.meta.url));
const run = `t${randomBytes(5).toString('hex')}`;
const schema = `omnistock_crash_${run}`;
const busOptions = {
  servers: nats.url,
  stream: `OMNISTOCK_CRASH_${run}`,
  subjectPrefix: `${run}.events`,
  dlqSubjectPrefix: `${run}.dlq`,
  storage: 'memory' as const,
};

describe.skipIf(!nats.available || !db.available)(
  'crash safety: PostgreSQL store + outbox + NATS, child SIGKILLed',
  () => {
    afterAll(async () => {
      const admin = await NatsEventBus.connect(busOptions);
      await admin.deleteStreams();
      await admin.close();
      const client = new pg.Client({ connectionString: db.url });
      await client.connect();
      await client.query(`DROP SCHEMA IF EXISTS ${schema} CASCADE`);
      await client.end();
    });

    it('loses nothing acknowledged, absorbs duplicates, keeps invariants, relays each event exactly once', async () => {
      const bus = await NatsEventBus.connect(busOptions);
      await (await PostgresInventoryStore.open({ connectionString: db.url, schema })).close();
      const acked: string[] = [];
      for (const [round, lines] of [5, 17, 31].entries()) {
        const args = [db.url, schema, String((round + 1) * 1000), nats.url, busOptions.stream, run];
        acked.push(...(await runAndKill(root, child, args, lines)));
      }
      const store = await PostgresInventoryStore.open({ connectionString: db.url, schema });
      await expectCrashInvariants(store, bus, acked);
      await store.close();
      await bus.close();
    });
  },
);
