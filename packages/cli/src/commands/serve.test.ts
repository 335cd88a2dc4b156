import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startService } from '@omnistock/service';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { main } from '../main';

let dir: string;

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'omnistock-cli-serve-'));
});
afterAll(() => {
  rmSync(dir, { recursive: true, force: true });
});

function capture(env: Record<string, string> = {}) {
  const out: string[] = [];
  const err: string[] = [];
  const stop = new AbortController();
  return {
    io: {
      out: (l: string) => out.push(l),
      err: (l: string) => err.push(l),
      cwd: dir,
      env,
      signal: stop.signal,
    },
    out,
    err,
    stop,
  };
}

/** Runs `serve` until it prints its URL; returns the URL and a function that stops it. */
async function serve(args: string[], env: Record<string, string> = {}) {
  const c = capture(env);
  const exit = main(['serve', '--port', '0', ...args], c.io);
  let settled: number | undefined;
  void exit.then((code) => {
    settled = code;
  });
  for (let i = 0; i < 600 && settled === undefined; i++) {
    const line = c.out.find((l) => l.startsWith('omnistock service listening on '));
    if (line) {
      const url = line.slice('omnistock service listening on '.length);
      return {
        url,
        out: c.out,
        stop: async () => {
          c.stop.abort();
          return exit;
        },
      };
    }
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error(`serve did not start: ${c.err.join('\n')}`);
}

const catalog = {
  items: [{ sku: 'TEE', unit: 'each' }],
  locations: [{ id: 'shop-1', type: 'store', eligibility: { ship: true, pickup: true } }],
  groups: [{ id: 'all', locations: ['shop-1'] }],
  channels: ['web'],
  policies: { rules: [{ scope: {}, safetyStock: { kind: 'absolute', qty: '1' } }] },
  seedEvents: [
    {
      specversion: '1.0',
      id: 'seed-1',
      source: 'erp/test',
      type: 'omnistock.stock.counted.v1',
      time: '2026-12-01T00:00:00Z',
      data: { sku: 'TEE', location: 'shop-1', onHand: '5' },
    },
  ],
};

describe('omnistock serve', () => {
  it('prints its usage on --help', async () => {
    const c = capture();
    expect(await main(['serve', '--help'], c.io)).toBe(0);
    expect(c.out.join('\n')).toContain(
      'omnistock serve [--port 8080] [--host 127.0.0.1] [--db omnistock.db]',
    );
    expect(c.out.join('\n')).toContain('DATABASE_URL');
  });

  it.each([
    [['--port', 'eighty'], {}, '--port: "eighty" is not a whole number'],
    [['--port', '70000'], {}, '--port: 70000 is not between 0 and 65535'],
    [[], { PORT: 'x' }, 'PORT: "x" is not a port number'],
    [['--log-level', 'loud'], {}, '--log-level: "loud" is not one of'],
    [[], { DATABASE_URL: 'mysql://db/x' }, 'DATABASE_URL: expected a postgres:// or postgresql:// URL'],
    [['--db', 'x.db'], { DATABASE_URL: 'postgres://db/x' }, '--db and DATABASE_URL both given'],
    [['extra'], {}, 'unexpected argument "extra"'],
    [['--catalog', 'missing.json'], {}, '--catalog: cannot read missing.json: ENOENT'],
    [['--catalog', 'broken.json'], {}, '--catalog: broken.json is not JSON'],
    [
      ['--catalog', 'invalid.json'],
      {},
      '--catalog: invalid.json is not a valid catalog:\n  items[0].unit: unknown unit of measure "crate"\n  groups[0].locations[0]: unknown location "nowhere"',
    ],
  ])('is a usage error (exit 2) for %j %j', async (args, env, message) => {
    writeFileSync(join(dir, 'broken.json'), '{');
    writeFileSync(
      join(dir, 'invalid.json'),
      JSON.stringify({
        ...catalog,
        items: [{ sku: 'TEE', unit: 'crate' }],
        groups: [{ id: 'g', locations: ['nowhere'] }],
      }),
    );
    const c = capture(env);
    expect(await main(['serve', ...args], c.io)).toBe(2);
    expect(c.err.join('\n')).toContain(message);
    expect(c.err.join('\n')).toContain('Options:');
  });

  it('serves the demo catalog, prints the URL, dashboard link and keys, and shuts down gracefully', async () => {
    const s = await serve(['--db', 'demo.db']);
    const text = s.out.join('\n');
    expect(text).toContain(`SQLite ${join(dir, 'demo.db')}`);
    expect(text).toContain(`dashboard  ${s.url}/#key=demo-admin`);
    expect(text).toMatch(/demo-admin\s+admin\s+all channels/);
    expect(text).toMatch(/demo-ecommerce\s+reserve\s+ecommerce/);
    const health = await fetch(`${s.url}/healthz`);
    expect(health.status).toBe(200);
    const atp = await fetch(`${s.url}/v1/availability?sku=TSHIRT-M&location=store-12&channel=ecommerce`, {
      headers: { 'X-Api-Key': 'demo-ecommerce' },
    });
    expect(((await atp.json()) as { atp: string }).atp).toBe('8');
    expect(await s.stop()).toBe(0);
    expect(s.out.at(-2)).toBe('stop requested: shutting down (draining requests, flushing the outbox)...');
    expect(s.out.at(-1)).toBe('omnistock service stopped');
    await expect(fetch(`${s.url}/healthz`)).rejects.toThrow();
  });

  it('serves a catalog file with its seed events, or without them with --no-seed', async () => {
    writeFileSync(join(dir, 'catalog.json'), JSON.stringify(catalog));
    const seeded = await serve(['--db', 'seeded.db', '--catalog', 'catalog.json']);
    expect(seeded.out.join('\n')).toContain(
      'catalog    catalog.json: 1 skus, 1 locations, 1 groups, channels web (seeded with 1 events)',
    );
    const r = await fetch(`${seeded.url}/v1/availability?sku=TEE&location=shop-1&channel=web`, {
      headers: { 'X-Api-Key': 'demo-admin' },
    });
    expect(((await r.json()) as { atp: string }).atp).toBe('4');
    expect(await seeded.stop()).toBe(0);

    const bare = await serve(['--db', 'bare.db', '--catalog', 'catalog.json', '--no-seed']);
    const p = await fetch(`${bare.url}/v1/positions`, { headers: { 'X-Api-Key': 'demo-admin' } });
    expect(((await p.json()) as { items: unknown[] }).items).toEqual([]);
    expect(await bare.stop()).toBe(0);
  });

  it('exits 1 with one line when the port is taken', async () => {
    const other = await startService({ port: 0, sqlitePath: ':memory:', logger: false });
    try {
      const port = new URL(other.url).port;
      const c = capture();
      expect(await main(['serve', '--port', port, '--db', 'taken.db'], c.io)).toBe(1);
      expect(c.err).toEqual([
        `omnistock serve: cannot listen on 127.0.0.1:${port}: the port is in use (pick another with --port)`,
      ]);
    } finally {
      await other.close();
    }
  });
});
