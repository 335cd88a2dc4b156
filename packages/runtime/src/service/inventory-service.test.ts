import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SqliteInventoryStore } from '@omnistock/store-sqlite';
import { InMemoryInventoryStore } from '../store/memory-store';
import { runServiceSuite } from '../testing/service-suite';

runServiceSuite('InMemoryInventoryStore', async (now) => {
  const store = new InMemoryInventoryStore({ now });
  return { store, dispose: () => store.close() };
});

runServiceSuite('SqliteInventoryStore (temp file)', async (now) => {
  const dir = mkdtempSync(join(tmpdir(), 'omnistock-service-'));
  const store = SqliteInventoryStore.open({ filename: join(dir, 'store.db'), synchronous: 'NORMAL', now });
  return {
    store,
    dispose: async () => {
      await store.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
});
