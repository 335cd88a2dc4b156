import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { InventoryService } from '@omnistock/runtime';
import { SqliteInventoryStore } from '@omnistock/store-sqlite';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { demoCatalog } from '../demo/catalog';
import { type HttpHarness, startHarness } from '../testing/internal/harness';

const child = fileURLToPath(new URL('../testing/internal/ingest-child.ts', import.meta.url));
const root = fileURLToPath(new URL('../../../..', import.meta.url));
const QUERY = { sku: 'TSHIRT-M', location: 'store-12', channel: 'ecommerce' } as const;

const received = (id: string, qty: string) => ({
  specversion: '1.0',
  id,
  source: 'wms/store-12',
  type: 'omnistock.stock.received.v1',
  time: new Date().toISOString(),
  subject: QUERY.sku,
  partitionkey: QUERY.sku,
  data: { sku: QUERY.sku, location: QUERY.location, qty },
});

/** Ingests events from another OS process with its own connection to the file. */
function ingestFromAnotherProcess(filename: string, events: readonly unknown[]): Promise<string> {
  return new Promise((resolve, reject) => {
    const p = spawn(
      process.execPath,
      ['--conditions=source', '--import', 'tsx', child, filename, JSON.stringify(events)],
      { cwd: root, stdio: ['ignore', 'pipe', 'inherit'] },
    );
    let out = '';
    p.stdout.setEncoding('utf8');
    p.stdout.on('data', (chunk: string) => {
      out += chunk;
    });
    p.on('close', (code) => (code === 0 ? resolve(out.trim()) : reject(new Error(`child exit ${code}`))));
  });
}

describe('GET /v1/availability sees every committed write to the SQLite file', () => {
  const dir = mkdtempSync(join(tmpdir(), 'omnistock-freshness-'));
  const filename = join(dir, 'omnistock.db');
  let h: HttpHarness;
  beforeAll(async () => {
    h = await startHarness({ sqlitePath: filename });
  });
  afterAll(async () => {
    expect(h.checked.violations).toEqual([]);
    await h.close();
    rmSync(dir, { recursive: true, force: true });
  });

  const atp = async () => {
    const { data, response } = await h.client('demo-ecommerce').GET('/v1/availability', {
      params: { query: { ...QUERY, explain: true } },
    });
    expect(response.status).toBe(200);
    expect(response.headers.get('ratelimit-limit')).toBe('600');
    return data;
  };

  it('a write through another handle in this process is in the next answer', async () => {
    const before = await atp();
    expect(await atp()).toEqual({ ...before, at: expect.any(String) }); // repeated: same figures
    const store = SqliteInventoryStore.open({ filename });
    const catalog = demoCatalog();
    const other = new InventoryService({
      store,
      items: catalog.items,
      locations: catalog.locations,
      groups: catalog.groups,
      policies: catalog.policies,
    });
    const r = await other.ingest([received('freshness-handle-1', '5')], 'test/other-handle');
    expect(r.ok && r.value.map((x) => x.status)).toEqual(['accepted']);
    await store.close();
    const after = await atp();
    expect(Number(after?.atp)).toBe(Number(before?.atp) + 5);
    expect(after?.explanation?.terms.find((t) => t.label === 'onHand')?.qty).toBe(
      String(Number(before?.explanation?.terms.find((t) => t.label === 'onHand')?.qty) + 5),
    );
  });

  it('a write by another process is in the next answer', async () => {
    const before = await atp();
    expect(await ingestFromAnotherProcess(filename, [received('freshness-process-1', '7')])).toBe(
      '["accepted"]',
    );
    const after = await atp();
    expect(Number(after?.atp)).toBe(Number(before?.atp) + 7);
  });
});
