import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runStoreContract } from '@omnistock/runtime/testing';
import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { SQLITE_MIGRATIONS } from './migrations';
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

describe('SqliteInventoryStore migrations', () => {
  it('upgrades a version-1 file: its quarantine entries gain no principal, no path and 0 resubmissions', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'omnistock-sqlite-upgrade-'));
    const filename = join(dir, 'store.db');
    try {
      const old = new Database(filename);
      old.pragma('journal_mode = WAL');
      const v1 = SQLITE_MIGRATIONS[0];
      if (!v1) throw new Error('no migration 1');
      old.exec(v1.sql);
      old.exec(
        'CREATE TABLE schema_migrations (version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at TEXT NOT NULL)',
      );
      old.prepare('INSERT INTO schema_migrations VALUES (1, ?, ?)').run(v1.name, '2026-01-01T00:00:00.000Z');
      old
        .prepare('INSERT INTO quarantine (raw, reason_code, message, received_at) VALUES (?, ?, ?, ?)')
        .run('{"id":"old"}', 'EVENT_INVALID', 'kept from before', '2026-01-01T00:00:00.000Z');
      old.close();

      const store = SqliteInventoryStore.open({ filename });
      expect(await store.listQuarantine()).toEqual([
        {
          id: 1,
          raw: { id: 'old' },
          reasonCode: 'EVENT_INVALID',
          message: 'kept from before',
          path: null,
          principal: null,
          resubmissions: 0,
          receivedAt: '2026-01-01T00:00:00.000Z',
          resubmittedAt: null,
        },
      ]);
      await store.close();
      const check = new Database(filename);
      expect(check.prepare('SELECT version, name FROM schema_migrations ORDER BY version').all()).toEqual([
        { version: 1, name: 'initial' },
        { version: 2, name: 'quarantine-audit' },
        { version: 3, name: 'reconciliation-reports' },
      ]);
      check.close();
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
