import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { toStoredEvent } from '@omnistock/runtime';
import { holdDecision, projectReceipts, receivedEvent, seedStock } from '@omnistock/runtime/testing';
import Database from 'better-sqlite3';
import { afterAll, describe, expect, it } from 'vitest';
import { ReadCache } from './internal/read-cache';
import { Statements } from './internal/statements';
import { migrateSqlite } from './migrations';
import { SqliteInventoryStore } from './sqlite-store';

const child = fileURLToPath(new URL('./testing/write-child.ts', import.meta.url));
const root = fileURLToPath(new URL('../../..', import.meta.url));
const dir = mkdtempSync(join(tmpdir(), 'omnistock-sqlite-cache-'));
let files = 0;
const newFile = () => join(dir, `store-${++files}.db`);

/** Puts `qty` more on hand at a position from another OS process writing the same file. */
function writeFromAnotherProcess(filename: string, id: string, sku: string, location: string, qty: string) {
  return new Promise<void>((resolve, reject) => {
    const p = spawn(
      process.execPath,
      ['--conditions=source', '--import', 'tsx', child, filename, id, sku, location, qty],
      { cwd: root, stdio: ['ignore', 'pipe', 'inherit'] },
    );
    let out = '';
    p.stdout.setEncoding('utf8');
    p.stdout.on('data', (chunk: string) => {
      out += chunk;
    });
    p.on('close', (code) =>
      code === 0 && out === 'done\n' ? resolve() : reject(new Error(`child exit ${code}: ${out}`)),
    );
  });
}

const onHand = async (store: SqliteInventoryStore, sku: string) =>
  (await store.listPositions(sku)).map((r) => `${r.position.location}:${r.position.onHand}`);

describe('SqliteInventoryStore: one sku’s rows are kept until any writer commits', () => {
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('sees a write through a second handle on the same file at the next read', async () => {
    const filename = newFile();
    const a = SqliteInventoryStore.open({ filename });
    const b = SqliteInventoryStore.open({ filename });
    await seedStock(a, 'A', 'S1', '5');
    expect(await onHand(a, 'A')).toEqual(['S1:5']);
    expect(await onHand(a, 'A')).toEqual(['S1:5']); // now kept
    await seedStock(b, 'A', 'S1', '2');
    expect(await onHand(a, 'A')).toEqual(['S1:7']);
    await seedStock(b, 'A', 'S2', '1'); // a new row of the sku
    expect(await onHand(a, 'A')).toEqual(['S1:7', 'S2:1']);
    // and a reservation by the other handle (reserved moves, onHand does not)
    const r = await b.reserve({
      positions: [{ sku: 'A', location: 'S1' }],
      decide: holdDecision('r1', [{ sku: 'A', location: 'S1', qty: '3' }]),
    });
    expect(r.ok).toBe(true);
    expect((await a.listPositions('A'))[0]?.position.reserved).toBe('3');
    await a.close();
    await b.close();
  });

  it('sees a write by another process at the next read', async () => {
    const filename = newFile();
    const store = SqliteInventoryStore.open({ filename });
    await seedStock(store, 'A', 'S1', '5');
    expect(await onHand(store, 'A')).toEqual(['S1:5']);
    await writeFromAnotherProcess(filename, 'other-process-1', 'A', 'S1', '4');
    expect(await onHand(store, 'A')).toEqual(['S1:9']);
    await writeFromAnotherProcess(filename, 'other-process-2', 'A', 'S3', '1');
    expect(await onHand(store, 'A')).toEqual(['S1:9', 'S3:1']);
    await store.close();
  });

  it('sees its own writes, whichever sku they touch', async () => {
    const store = SqliteInventoryStore.open({ filename: newFile() });
    await seedStock(store, 'A', 'S1', '5');
    await seedStock(store, 'B', 'S1', '1');
    expect(await onHand(store, 'A')).toEqual(['S1:5']);
    expect(await onHand(store, 'B')).toEqual(['S1:1']);
    const r = await store.append({
      events: [toStoredEvent(receivedEvent('own-1', 'A', 'S1', '1'))],
      positions: [{ sku: 'A', location: 'S1' }],
      project: projectReceipts,
    });
    expect(r.ok).toBe(true);
    expect(await onHand(store, 'A')).toEqual(['S1:6']);
    expect(await onHand(store, 'B')).toEqual(['S1:1']);
    await store.close();
  });

  it('in memory too: one connection, its own writes', async () => {
    const store = SqliteInventoryStore.open({ filename: ':memory:' });
    await seedStock(store, 'A', 'S1', '5');
    expect(await onHand(store, 'A')).toEqual(['S1:5']);
    await seedStock(store, 'A', 'S1', '6');
    expect(await onHand(store, 'A')).toEqual(['S1:11']);
    await store.close();
  });

  it('hands out frozen records in a new array each time (a caller cannot change what others read)', async () => {
    const store = SqliteInventoryStore.open({ filename: newFile() });
    await seedStock(store, 'A', 'S1', '5');
    const first = await store.listPositions('A');
    const row = first[0]!;
    expect(Object.isFrozen(row)).toBe(true);
    expect(Object.isFrozen(row.position)).toBe(true);
    expect(Object.isFrozen(row.position.incoming)).toBe(true);
    expect(() => {
      (row.position as { onHand: string }).onHand = '999';
    }).toThrow(TypeError);
    first.pop();
    const second = await store.listPositions('A');
    expect(second).not.toBe(first);
    expect(second.map((r) => r.position.onHand)).toEqual(['5']);
    await store.close();
  });

  it('reads the same rows as the file holds, for one sku and for all', async () => {
    const filename = newFile();
    const store = SqliteInventoryStore.open({ filename });
    for (const [sku, location, qty] of [
      ['B', 'S2', '1'],
      ['A', 'S2', '2'],
      ['A', 'S1', '3'],
      ['C', 'S1', '4'],
    ] as const) {
      await seedStock(store, sku, location, qty);
    }
    const db = new Database(filename, { readonly: true });
    const fromFile = db
      .prepare('SELECT sku, location, on_hand FROM positions ORDER BY sku, location')
      .all() as { sku: string; location: string; on_hand: string }[];
    db.close();
    const all = await store.listPositions();
    expect(all.map((r) => [r.position.sku, r.position.location, r.position.onHand])).toEqual(
      fromFile.map((r) => [r.sku, r.location, r.on_hand]),
    );
    expect((await store.listPositions('A')).map((r) => r.position.location)).toEqual(['S1', 'S2']);
    expect(await store.listPositions('nope')).toEqual([]);
    await store.close();
  });
});

describe('ReadCache', () => {
  it('keeps a value until the data version changes or the connection writes', () => {
    let version = 1;
    let loads = 0;
    const cache = new ReadCache<number>(() => version);
    const load = () => ++loads;
    expect(cache.get('a', load)).toBe(1);
    expect(cache.get('a', load)).toBe(1);
    version = 2; // another connection committed
    expect(cache.get('a', load)).toBe(2);
    expect(cache.get('a', load)).toBe(2);
    cache.wrote(); // this connection committed
    expect(cache.get('a', load)).toBe(3);
    expect(cache.get('b', load)).toBe(4);
    expect(cache.get('a', load)).toBe(3);
  });

  it('drops the oldest key beyond its size', () => {
    let loads = 0;
    const cache = new ReadCache<number>(() => 1, 2);
    cache.get('a', () => ++loads);
    cache.get('b', () => ++loads);
    cache.get('c', () => ++loads);
    expect(cache.size).toBe(2);
    expect(cache.get('a', () => ++loads)).toBe(4); // a was dropped
    expect(cache.get('c', () => ++loads)).toBe(3);
  });
});

describe('Statements', () => {
  it('prepares each statement once per connection', () => {
    const db = new Database(':memory:');
    migrateSqlite(db);
    const statements = new Statements(db);
    expect(statements.get('position')).toBe(statements.get('position'));
    expect(statements.text('SELECT 1')).toBe(statements.text('SELECT 1'));
    expect(statements.get('positionsOfSku').all('A')).toEqual([]);
    db.close();
  });
});
