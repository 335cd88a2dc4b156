import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type RunningService, startService } from '@omnistock/service';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseCsv } from '../internal/csv';
import { main } from '../main';
import { idempotencyKey, parseSnapshot } from './reconcile';

let running: RunningService;
let dir: string;

function capture() {
  const out: string[] = [];
  const err: string[] = [];
  return {
    io: {
      out: (l: string) => out.push(l),
      err: (l: string) => err.push(l),
      cwd: dir,
      env: { OMNISTOCK_URL: running.url },
    },
    out,
    err,
  };
}

async function onHand(sku: string, location: string): Promise<string> {
  const r = await fetch(`${running.url}/v1/positions/${sku}/${location}`, {
    headers: { 'X-Api-Key': 'demo-admin' },
  });
  return ((await r.json()) as { onHand: string }).onHand;
}

const AS_OF = '2026-12-02T02:00:00Z';

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'omnistock-cli-reconcile-'));
  running = await startService({ port: 0, sqlitePath: join(dir, 'reconcile.db'), seed: true, logger: false });
});
afterAll(async () => {
  await running?.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('snapshot CSV', () => {
  it('parses quoted fields with commas, quotes, line breaks and CRLF', () => {
    const rows = parseCsv('a,b\r\n"x, ""y""",z\r\n\r\n"multi\nline",2\n');
    expect(rows).toEqual([
      { line: 1, fields: ['a', 'b'] },
      { line: 2, fields: ['x, "y"', 'z'] },
      { line: 4, fields: ['multi\nline', '2'] },
    ]);
  });
  it('takes the columns in any order and ignores extra ones', () => {
    expect(parseSnapshot('onHand,note,location,sku\n4,"fine, really",s1,TEE\n', 'f.csv')).toEqual([
      { sku: 'TEE', location: 's1', onHand: '4' },
    ]);
  });
  it('names every bad row with its line number', () => {
    const text = 'sku,location,onHand\nA,s1,abc\nA,s1,1\nB,s1\nA,s1,2\n"C,1",s1,1\nD,s2,-1\n';
    expect(() => parseSnapshot(text, 'snap.csv')).toThrowError(
      [
        'snap.csv: 5 bad rows:',
        '  line 2: onHand "abc": not a decimal number',
        '  line 4: 2 fields, the header has 3',
        '  line 5: A @ s1 is already on line 3',
      ].join('\n'),
    );
    expect(() => parseSnapshot('sku,where,onHand\n', 'snap.csv')).toThrowError(/no "location" column/);
    expect(() => parseSnapshot('sku,location,onHand\n"A,s1,1\n', 'snap.csv')).toThrowError(
      'snap.csv: line 2: a quoted field is not closed',
    );
    expect(() => parseSnapshot('sku,location,onHand\n', 'snap.csv')).toThrowError(
      'snap.csv: no rows after the header',
    );
  });
  it('derives the idempotency key from the content and the options', () => {
    const opts = { source: 'erp/x', asOf: AS_OF, tolerance: '0', emitCorrections: true };
    const a = idempotencyKey(Buffer.from('x'), opts);
    expect(idempotencyKey(Buffer.from('x'), opts)).toBe(a);
    expect(idempotencyKey(Buffer.from('y'), opts)).not.toBe(a);
    expect(idempotencyKey(Buffer.from('x'), { ...opts, tolerance: '1' })).not.toBe(a);
  });
});

describe('omnistock reconcile', () => {
  it('prints its usage on --help', async () => {
    const c = capture();
    expect(await main(['reconcile', '--help'], c.io)).toBe(0);
    expect(c.out.join('\n')).toContain('omnistock reconcile <snapshot.csv> --source <erp/x> --as-of <time>');
  });

  it.each([
    [['snap.csv', '--as-of', AS_OF], '--source is required'],
    [['snap.csv', '--source', 'erp/x'], '--as-of is required'],
    [['snap.csv', '--source', 'erp x', '--as-of', AS_OF], '--source: "erp x" must be'],
    [
      ['snap.csv', '--source', 'erp/x', '--as-of', '2026-12-02'],
      '--as-of: "2026-12-02" is not an RFC 3339 timestamp',
    ],
    [['snap.csv', '--source', 'erp/x', '--as-of', AS_OF, '--tolerance=-1'], '--tolerance: "-1" is not'],
    [['missing.csv', '--source', 'erp/x', '--as-of', AS_OF], 'cannot read missing.csv: ENOENT'],
    [['bad.csv', '--source', 'erp/x', '--as-of', AS_OF], 'bad.csv: 1 bad row:\n  line 3: onHand "many"'],
  ])('is a usage error (exit 2) for %j', async (args, message) => {
    writeFileSync(join(dir, 'snap.csv'), 'sku,location,onHand\nCAP-ONE,dc-1,200\n');
    writeFileSync(join(dir, 'bad.csv'), 'sku,location,onHand\nCAP-ONE,dc-1,200\nMUG-WHITE,dc-1,many\n');
    const c = capture();
    expect(await main(['reconcile', ...args], c.io)).toBe(2);
    expect(c.err.join('\n')).toContain(message);
    expect(c.err.join('\n')).toContain('Options:');
  });

  it('prints the exceptions and a summary without changing anything', async () => {
    writeFileSync(
      join(dir, 'erp.csv'),
      'sku,location,onHand\nMUG-WHITE,dc-1,"88"\n"CAP-ONE",store-12,15\nJEANS-32,store-14,3\n',
    );
    const c = capture();
    expect(await main(['reconcile', 'erp.csv', '--source', 'erp/sap-prod', '--as-of', AS_OF], c.io)).toBe(0);
    expect(c.out[0]).toMatch(/^sku\s+location\s+erp\s+omnistock\s+difference\s+correction$/);
    expect(c.out).toContainEqual(expect.stringMatching(/^MUG-WHITE\s+dc-1\s+88\s+90\s+-2$/));
    expect(c.out).toContainEqual(expect.stringMatching(/^JEANS-32\s+store-14\s+3\s+4\s+-1$/));
    expect(c.out.find((l) => l.startsWith('reconciliation '))).toMatch(
      /of erp\/sap-prod as of 2026-12-02T02:00:00Z: checked 3, matched 1, 2 exceptions, 0 corrections emitted$/,
    );
    expect(await onHand('MUG-WHITE', 'dc-1')).toBe('90');
  });

  it('emits the corrections once when the same reconciliation is run again', async () => {
    writeFileSync(join(dir, 'fix.csv'), 'sku,location,onHand\nCANDLE-LAV,dc-1,40\n');
    const args = ['reconcile', 'fix.csv', '--source', 'erp/sap-prod', '--as-of', AS_OF, '--emit-corrections'];
    const first = capture();
    expect(await main(args, first.io)).toBe(0);
    expect(first.out.at(-1)).toMatch(/checked 1, matched 0, 1 exception, 1 correction emitted$/);
    expect(await onHand('CANDLE-LAV', 'dc-1')).toBe('40');
    // a sale after the snapshot, then the retry: the correction must not be applied a second time
    await fetch(`${running.url}/v1/events`, {
      method: 'POST',
      headers: { 'X-Api-Key': 'demo-admin', 'content-type': 'application/json' },
      body: JSON.stringify([
        {
          specversion: '1.0',
          id: 'after-snapshot-1',
          source: 'wms/dc-1',
          type: 'omnistock.sale.recorded.v1',
          time: '2026-12-02T03:00:00Z',
          data: { sku: 'CANDLE-LAV', location: 'dc-1', qty: '1' },
        },
      ]),
    });
    expect(await onHand('CANDLE-LAV', 'dc-1')).toBe('39');
    const again = capture();
    expect(await main(args, again.io)).toBe(0);
    const id = (lines: string[]) => lines.at(-1)?.split(' ')[1];
    expect(id(again.out)).toBe(id(first.out));
    expect(await onHand('CANDLE-LAV', 'dc-1')).toBe('39');
  });

  it('prints the problem and exits 1 when the key is not an admin key', async () => {
    writeFileSync(join(dir, 'snap.csv'), 'sku,location,onHand\nCAP-ONE,dc-1,200\n');
    const c = capture();
    const args = ['reconcile', 'snap.csv', '--source', 'erp/x', '--as-of', AS_OF, '--key', 'demo-read'];
    expect(await main(args, c.io)).toBe(1);
    expect(c.err).toHaveLength(1);
    expect(c.err[0]).toMatch(/^omnistock reconcile: FORBIDDEN: /);
  });
});
