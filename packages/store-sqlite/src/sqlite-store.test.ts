import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runStoreContract } from '@omnistock/runtime/testing';
import { SqliteInventoryStore } from './sqlite-store';

const open = (coalesce: boolean) => async () => {
  const dir = mkdtempSync(join(tmpdir(), 'omnistock-sqlite-'));
  const store = SqliteInventoryStore.open({
    filename: join(dir, 'store.db'),
    ...(coalesce ? {} : { coalesce: false as const }),
  });
  return {
    store,
    dispose: async () => {
      await store.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
};

runStoreContract('SqliteInventoryStore (coalesced reserves)', open(true));
runStoreContract('SqliteInventoryStore (one transaction per reserve)', open(false));
