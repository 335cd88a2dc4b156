import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { type FixtureLine, seedStock } from '@omnistock/runtime/testing';
import { afterAll, describe, expect, it } from 'vitest';
import { SqliteInventoryStore } from './sqlite-store';

const child = fileURLToPath(new URL('./testing/reserve-child.ts', import.meta.url));
const root = fileURLToPath(new URL('../../..', import.meta.url));
const dir = mkdtempSync(join(tmpdir(), 'omnistock-sqlite-mp-'));
const filename = join(dir, 'shared.db');

interface Order {
  id: string;
  lines: FixtureLine[];
}

/** Runs each group of orders in its own OS process against the one file, released together. */
async function inProcesses(groups: Order[][]): Promise<{ id: string; code: string }[]> {
  const procs = groups.map((orders) => {
    const p = spawn(
      process.execPath,
      ['--conditions=source', '--import', 'tsx', child, filename, JSON.stringify(orders)],
      { cwd: root, stdio: ['pipe', 'pipe', 'inherit'] },
    );
    let out = '';
    p.stdout.setEncoding('utf8');
    const ready = new Promise<void>((resolve) => {
      p.stdout.on('data', (chunk: string) => {
        out += chunk;
        if (out.startsWith('ready\n')) resolve();
      });
    });
    const exited = new Promise<string>((resolve, reject) =>
      p.on('close', (code) =>
        code === 0 ? resolve(out.slice('ready\n'.length)) : reject(new Error(`child exit ${code}`)),
      ),
    );
    return { p, ready, exited };
  });
  await Promise.all(procs.map((c) => c.ready));
  for (const c of procs) c.p.stdin.end('go\n');
  const outputs = await Promise.all(procs.map((c) => c.exited));
  return outputs.flatMap((o) => JSON.parse(o.trim()) as { id: string; code: string }[]);
}

describe('SqliteInventoryStore under real parallelism (4 processes, one file)', () => {
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('hot sku: 200 reservers of 1 on 100 units → exactly 100 succeed; opposite-order multi-line orders are all-or-nothing', async () => {
    const store = SqliteInventoryStore.open({ filename });
    await seedStock(store, 'HOT', 'S1', '100');
    await seedStock(store, 'X', 'S1', '30');
    await seedStock(store, 'Y', 'S1', '30');
    const line = (sku: string, qty: string): FixtureLine => ({ sku, location: 'S1', qty });
    const groups: Order[][] = [[], [], [], []];
    for (let i = 0; i < 200; i++) groups[i % 4]!.push({ id: `hot-${i}`, lines: [line('HOT', '1')] });
    for (let i = 0; i < 40; i++) {
      const lines = i % 2 === 0 ? [line('X', '1'), line('Y', '2')] : [line('Y', '1'), line('X', '2')];
      groups[i % 4]!.push({ id: `mx-${i}`, lines });
    }
    const outcomes = await inProcesses(groups);
    const hot = outcomes.filter((o) => o.id.startsWith('hot-'));
    expect(hot.length).toBe(200);
    expect(hot.filter((o) => o.code === 'OK').length).toBe(100);
    expect(new Set(hot.filter((o) => o.code !== 'OK').map((o) => o.code))).toEqual(
      new Set(['INSUFFICIENT_STOCK']),
    );
    const [hotRow, xRow, yRow] = await store.getPositions([
      { sku: 'HOT', location: 'S1' },
      { sku: 'X', location: 'S1' },
      { sku: 'Y', location: 'S1' },
    ]);
    expect(hotRow?.position.reserved).toBe('100');
    let x = 0;
    let y = 0;
    for (const o of outcomes.filter((o) => o.id.startsWith('mx-'))) {
      if (o.code !== 'OK') {
        expect(o.code).toBe('INSUFFICIENT_STOCK');
        continue;
      }
      const even = Number(o.id.slice(3)) % 2 === 0;
      x += even ? 1 : 2;
      y += even ? 2 : 1;
      expect((await store.getReservation(o.id))?.state).toBe('held');
    }
    expect(xRow?.position.reserved).toBe(String(x));
    expect(yRow?.position.reserved).toBe(String(y));
    expect(x).toBeLessThanOrEqual(30);
    expect(y).toBeLessThanOrEqual(30);
    for (const o of outcomes.filter((o) => o.id.startsWith('mx-') && o.code !== 'OK')) {
      const [needX, needY] = Number(o.id.slice(3)) % 2 === 0 ? [1, 2] : [2, 1];
      expect(30 - x < needX || 30 - y < needY).toBe(true);
    }
    await store.close();
  });
});
