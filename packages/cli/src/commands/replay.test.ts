import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type RunningService, startService } from '@omnistock/service';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readLines } from '../internal/lines';
import { main } from '../main';

let running: RunningService;
let dir: string;

function capture(extra: { progress?: (l: string) => void } = {}) {
  const out: string[] = [];
  const err: string[] = [];
  return {
    io: {
      out: (l: string) => out.push(l),
      err: (l: string) => err.push(l),
      cwd: dir,
      env: { OMNISTOCK_URL: running.url, OMNISTOCK_API_KEY: 'demo-ingest' },
      ...extra,
    },
    out,
    err,
  };
}

const sale = (id: string, qty = '1', sku = 'CAP-ONE') =>
  JSON.stringify({
    specversion: '1.0',
    id,
    source: 'pos/store-14',
    type: 'omnistock.sale.recorded.v1',
    time: '2026-12-02T10:00:00Z',
    subject: sku,
    data: { sku, location: 'store-14', qty },
  });

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'omnistock-cli-replay-'));
  running = await startService({ port: 0, sqlitePath: join(dir, 'replay.db'), seed: true, logger: false });
});
afterAll(async () => {
  await running?.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('omnistock replay', () => {
  it('prints its usage on --help', async () => {
    const c = capture();
    expect(await main(['replay', '--help'], c.io)).toBe(0);
    expect(c.out.join('\n')).toContain('omnistock replay <events.jsonl> [--batch 500]');
  });

  it.each([
    [[], 'expected one events file'],
    [['a.jsonl', 'b.jsonl'], 'unexpected argument "b.jsonl"'],
    [['missing.jsonl'], 'cannot read missing.jsonl: ENOENT'],
    [['.'], 'not a file: .'],
    [['x.jsonl', '--batch', '0'], '--batch: 0 is not between 1 and 1000'],
    [['x.jsonl', '--batch', 'lots'], '--batch: "lots" is not a whole number'],
  ])('is a usage error (exit 2) for %j', async (args, message) => {
    writeFileSync(join(dir, 'x.jsonl'), `${sale('x-1')}\n`);
    const c = capture();
    expect(await main(['replay', ...args], c.io)).toBe(2);
    expect(c.err.join('\n')).toContain(message);
  });

  it('streams batches and counts accepted, duplicate, quarantined and unreadable lines by line number', async () => {
    const lines = [
      sale('r-1'),
      sale('r-2'),
      '{"specversion": "1.0", oops',
      '',
      sale('r-3', '2'),
      '42',
      sale('r-1'),
      sale('r-4', '1', 'NOPE'),
      sale('r-5', 'one'),
    ];
    writeFileSync(join(dir, 'events.jsonl'), `${lines.join('\r\n')}\r\n`);
    const c = capture();
    expect(await main(['replay', 'events.jsonl', '--batch', '2'], c.io)).toBe(0);
    const text = c.out.join('\n');
    expect(c.out[0]).toMatch(/^replayed events\.jsonl: 6 events in [\d.]+ s \([\d,]+ events\/s\)$/);
    expect(text).toMatch(/accepted\s+3\n/);
    expect(text).toMatch(/duplicate\s+1\n/);
    expect(text).toMatch(/quarantined\s+2\n/);
    expect(text).toMatch(/unreadable\s+2 /);
    expect(text).toContain('line 8 (r-4): ITEM_UNKNOWN: ');
    expect(text).toContain('line 9 (r-5): QUANTITY_INVALID: ');
    expect(c.err.find((l) => l.startsWith('events.jsonl:3: '))).toMatch(/^events\.jsonl:3: not JSON \(.+\)$/);
    expect(c.err).toContain('events.jsonl:6: not a JSON object (number)');
    // the events really reached the ledger: 5 of 12 caps sold at store-14
    const position = (await (
      await fetch(`${running.url}/v1/positions/CAP-ONE/store-14`, { headers: { 'X-Api-Key': 'demo-admin' } })
    ).json()) as { onHand: string };
    expect(position.onHand).toBe('8');
  });

  it('exits 1 with --strict when anything was unreadable or quarantined, 0 otherwise', async () => {
    writeFileSync(join(dir, 'strict.jsonl'), `${sale('s-1')}\nnot json\n`);
    const c = capture();
    expect(await main(['replay', 'strict.jsonl', '--strict'], c.io)).toBe(1);
    writeFileSync(join(dir, 'clean.jsonl'), `${sale('s-2')}\n`);
    const d = capture();
    expect(await main(['replay', 'clean.jsonl', '--strict'], d.io)).toBe(0);
  });

  it('draws a progress bar when stderr is a terminal', async () => {
    writeFileSync(join(dir, 'bar.jsonl'), `${[sale('b-1'), sale('b-2'), sale('b-3')].join('\n')}\n`);
    const bars: string[] = [];
    const c = capture({ progress: (l) => bars.push(l) });
    expect(await main(['replay', 'bar.jsonl', '--batch', '1'], c.io)).toBe(0);
    expect(bars[0]).toMatch(/^\[#*\.*\]\s+\d+%\s+1 events/);
    expect(bars.at(-1)).toBe('');
  });

  it('exits 1 with the problem when the key may not ingest', async () => {
    writeFileSync(join(dir, 'forbidden.jsonl'), `${sale('f-1')}\n`);
    const c = capture();
    const code = await main(['replay', 'forbidden.jsonl', '--key', 'demo-read'], c.io);
    expect(code).toBe(1);
    expect(c.err.at(-1)).toMatch(/^omnistock replay: FORBIDDEN: /);
  });

  it('splits a batch the service finds too large, and reports an event too large on its own', async () => {
    const small = await startService({
      port: 0,
      sqlitePath: ':memory:',
      seed: true,
      logger: false,
      bodyLimit: 1500,
    });
    try {
      const big = JSON.stringify({ ...JSON.parse(sale('big-1')), pad: 'x'.repeat(2000) });
      const lines = [...Array.from({ length: 10 }, (_, i) => sale(`split-${i}`)), big];
      writeFileSync(join(dir, 'split.jsonl'), `${lines.join('\n')}\n`);
      const c = capture();
      const code = await main(['replay', 'split.jsonl', '--batch', '100', '--url', small.url], c.io);
      expect(code).toBe(0);
      expect(c.out.join('\n')).toMatch(/accepted\s+10\n/);
      expect(c.out.join('\n')).toMatch(/too large\s+1 /);
      expect(c.err).toContain('line 11: the service refused the event as too large (PAYLOAD_TOO_LARGE)');
    } finally {
      await small.close();
    }
  });

  it('reads a large file line by line with the right numbers', async () => {
    const many = Array.from({ length: 20_000 }, (_, i) => `{"n":${i + 1},"pad":"${'x'.repeat(40)}"}`);
    writeFileSync(join(dir, 'many.jsonl'), many.join('\n'));
    let count = 0;
    let last = 0;
    for await (const line of readLines(join(dir, 'many.jsonl'))) {
      count++;
      expect(JSON.parse(line.text).n).toBe(line.number);
      last = line.bytesRead;
    }
    expect(count).toBe(20_000);
    expect(last).toBe(Buffer.byteLength(many.join('\n')));
  });
});
