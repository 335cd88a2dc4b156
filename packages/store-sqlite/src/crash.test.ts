import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { NatsEventBus } from '@omnistock/bus-nats';
import { expectCrashInvariants, requireService, runAndKill, TEST_NATS_URL } from '@omnistock/runtime/testing';
import { afterAll, describe, it } from 'vitest';
import { SqliteInventoryStore } from './sqlite-store';

const gate = await requireService({
  name: 'NATS',
  url: TEST_NATS_URL,
  suite: 'store-sqlite crash-safety test',
});
const child = fileURLToPath(new URL('./testing/crash-child.ts', import.meta.url));
const root = fileURLToPath(new URL('../../..', import.meta.url));
const dir = mkdtempSync(join(tmpdir(), 'omnistock-crash-'));
const filename = join(dir, 'crash.db');
const run = `t${randomBytes(5).toString('hex')}`;
const busOptions = {
  servers: gate.url,
  stream: `OMNISTOCK_CRASH_${run}`,
  subjectPrefix: `${run}.events`,
  dlqSubjectPrefix: `${run}.dlq`,
  storage: 'memory' as const,
};

describe.skipIf(!gate.available)(
  'crash safety: SQLite store + outbox + NATS, child SIGKILLed mid-flight',
  () => {
    afterAll(async () => {
      const admin = await NatsEventBus.connect(busOptions);
      await admin.deleteStreams();
      await admin.close();
      rmSync(dir, { recursive: true, force: true });
    });

    it('loses nothing acknowledged, absorbs duplicates, keeps invariants, relays each event exactly once', async () => {
      const bus = await NatsEventBus.connect(busOptions);
      await SqliteInventoryStore.open({ filename }).close();
      const acked: string[] = [];
      for (const [round, lines] of [7, 23, 40, 61].entries()) {
        const args = [filename, String((round + 1) * 1000), gate.url, busOptions.stream, run];
        acked.push(...(await runAndKill(root, child, args, lines)));
      }
      const store = SqliteInventoryStore.open({ filename });
      await expectCrashInvariants(store, bus, acked);
      await store.close();
      await bus.close();
    });
  },
);
