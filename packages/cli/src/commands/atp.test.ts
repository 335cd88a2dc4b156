import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type RunningService, startService } from '@omnistock/service';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { main } from '../main';

function capture(env: Record<string, string> = {}) {
  const out: string[] = [];
  const err: string[] = [];
  return {
    io: { out: (l: string) => out.push(l), err: (l: string) => err.push(l), cwd: process.cwd(), env },
    out,
    err,
  };
}

let running: RunningService;
let dir: string;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'omnistock-cli-atp-'));
  running = await startService({ port: 0, sqlitePath: join(dir, 'atp.db'), seed: true, logger: false });
});
afterAll(async () => {
  await running?.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('omnistock atp', () => {
  it('prints its usage on --help', async () => {
    const c = capture();
    expect(await main(['atp', '--help'], c.io)).toBe(0);
    expect(c.out.join('\n')).toContain(
      'omnistock atp --sku <sku> (--location <id> | --group <id>) --channel <id>',
    );
  });

  it.each([
    [['--channel', 'pos', '--location', 's'], '--sku is required'],
    [['--sku', 'A', '--location', 's'], '--channel is required'],
    [['--sku', 'A', '--channel', 'pos'], 'give exactly one of --location and --group'],
    [
      ['--sku', 'A', '--channel', 'pos', '--location', 's', '--group', 'g'],
      'give exactly one of --location and --group',
    ],
    [
      ['--sku', 'A', '--channel', 'pos', '--location', 's', '--at', 'tomorrow'],
      '--at: "tomorrow" is not an RFC 3339',
    ],
    [['--sku', 'A', '--channel', 'pos', '--location', 's', '--mode', 'fly'], '--mode: "fly"'],
    [
      ['--sku', 'A', '--channel', 'pos', '--location', 's', '--url', 'not a url'],
      '--url: "not a url" is not a URL',
    ],
    [['--sku', 'A', '--channel', 'pos', '--location', 's', '--bogus'], "Unknown option '--bogus'"],
  ])('is a usage error (exit 2) for %j', async (args, message) => {
    const c = capture();
    expect(await main(['atp', ...args], c.io)).toBe(2);
    expect(c.err.join('\n')).toContain(message);
    expect(c.err.join('\n')).toContain('Options:');
  });

  it('prints ATP at a location and, with --explain, the explanation', async () => {
    const c = capture({ OMNISTOCK_URL: running.url });
    const code = await main(
      ['atp', '--sku', 'TSHIRT-M', '--location', 'store-12', '--channel', 'ecommerce', '--explain'],
      c.io,
    );
    expect(code).toBe(0);
    // the demo seed: onHand 10, one damaged, global safety stock 1
    expect(c.out[0]).toBe('ATP 8  inStock');
    expect(c.out.join('\n')).toContain('onHand 10, damaged −1, safetyStock −1 [global "global-default"] → 8');
  });

  it('prints network ATP over a group with each location', async () => {
    const c = capture();
    const code = await main(
      [
        'atp',
        '--sku',
        'TSHIRT-M',
        '--group',
        'uk-stores',
        '--channel',
        'pos',
        '--url',
        running.url,
        '--key',
        'demo-pos',
      ],
      c.io,
    );
    expect(code).toBe(0);
    // pos sells the whole shelf: store-12 10 − 1 damaged, store-14 6, store-21 3 − 2 kept back (small store)
    expect(c.out[0]).toBe('ATP 16  inStock');
    expect(c.out.find((l) => l.trimStart().startsWith('store-21'))).toMatch(/store-21\s+1\s+lowStock/);
  });

  it('prints the JSON answer with --json', async () => {
    const c = capture({ OMNISTOCK_URL: running.url });
    expect(
      await main(['atp', '--sku', 'CAP-ONE', '--location', 'dc-1', '--channel', 'ecommerce', '--json'], c.io),
    ).toBe(0);
    expect(JSON.parse(c.out.join('\n'))).toMatchObject({ sku: 'CAP-ONE', location: 'dc-1', atp: '199' });
  });

  it('prints an API problem as CODE: detail and exits 1', async () => {
    const c = capture({ OMNISTOCK_URL: running.url });
    expect(
      await main(['atp', '--sku', 'NOPE', '--location', 'store-12', '--channel', 'ecommerce'], c.io),
    ).toBe(1);
    expect(c.err).toEqual(['omnistock atp: ITEM_UNKNOWN: no item with sku "NOPE"']);
  });

  it('says FORBIDDEN when the key may not act for the channel', async () => {
    const c = capture({ OMNISTOCK_URL: running.url, OMNISTOCK_API_KEY: 'demo-marketplace' });
    expect(
      await main(['atp', '--sku', 'TSHIRT-M', '--location', 'store-12', '--channel', 'ecommerce'], c.io),
    ).toBe(1);
    expect(c.err[0]).toMatch(/^omnistock atp: FORBIDDEN: /);
  });

  it('exits 1 with one line when nothing listens at the URL', async () => {
    const c = capture();
    const args = ['atp', '--sku', 'A', '--location', 's', '--channel', 'pos', '--url', 'http://127.0.0.1:9'];
    expect(await main(args, c.io)).toBe(1);
    expect(c.err).toHaveLength(1);
    expect(c.err[0]).toContain('cannot reach the omnistock service at http://127.0.0.1:9');
    expect(c.err[0]).toContain('npm start');
  });
});
