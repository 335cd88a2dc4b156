import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type RunningService, startService } from '@omnistock/service';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { main } from '../../main';

let dir: string;
let running: RunningService;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'omnistock-cli-demo-'));
  running = await startService({
    port: 0,
    sqlitePath: join(dir, 'long-running.db'),
    seed: true,
    logger: false,
    rateLimit: { limit: 100_000, windowMs: 60_000 },
  });
});
afterAll(async () => {
  await running?.close();
  rmSync(dir, { recursive: true, force: true });
});

function capture(env: Record<string, string> = {}) {
  const out: string[] = [];
  const err: string[] = [];
  return {
    io: { out: (l: string) => out.push(l), err: (l: string) => err.push(l), cwd: dir, env },
    out,
    err,
  };
}

/** The figures row of the printed table: [baseline, omnistock]. */
function row(out: readonly string[], label: string): [string, string] {
  const line = out.find((l) => l.trimStart().startsWith(label));
  if (!line) throw new Error(`no row "${label}" in\n${out.join('\n')}`);
  const cells = line
    .slice(line.indexOf(label) + label.length)
    .trim()
    .split(/\s{2,}/);
  return [cells[0] ?? '', cells[1] ?? ''];
}

const table = (out: readonly string[]) => out.filter((l) => l.startsWith('  ')).join('\n');

describe('omnistock demo', () => {
  it('prints its usage on --help', async () => {
    const c = capture();
    expect(await main(['demo', '--help'], c.io)).toBe(0);
    expect(c.out.join('\n')).toContain(
      'omnistock demo [--url <url>] [--key <key>] [--out omnistock-demo-report.html]',
    );
    expect(c.out.join('\n')).toContain('--embedded');
  });

  it.each([
    [['--seed', 'x'], '--seed: "x" is not a whole number'],
    [['--hours', '0'], '--hours: 0 is not between 1 and 24'],
    [['--hours', '25'], '--hours: 25 is not between 1 and 24'],
    [['--out', 'no/such/dir/report.html'], '--out: no such directory'],
    [['--out', '.'], 'is a directory'],
    [['--embedded', '--url', 'http://127.0.0.1:1'], 'give --url or --embedded, not both'],
    [['extra'], 'unexpected argument "extra"'],
  ])('is a usage error (exit 2) for %j', async (args, message) => {
    const c = capture();
    expect(await main(['demo', ...args], c.io)).toBe(2);
    expect(c.err.join('\n')).toContain(message);
  });

  it('tells the user to start the service first when nothing listens', async () => {
    const c = capture({ OMNISTOCK_URL: 'http://127.0.0.1:9' });
    expect(await main(['demo'], c.io)).toBe(1);
    expect(c.err).toHaveLength(1);
    expect(c.err[0]).toContain(
      'the omnistock service is not running at http://127.0.0.1:9: start it first with `npm start`',
    );
    expect(c.err[0]).toContain('--embedded');
  });

  it('needs an admin key', async () => {
    const c = capture({ OMNISTOCK_URL: running.url });
    expect(await main(['demo', '--key', 'demo-read'], c.io)).toBe(1);
    expect(c.err[0]).toContain('the demo needs an admin key');
  });

  it('plays the same figures twice against one long-running service (ids never collide)', async () => {
    const a = capture({ OMNISTOCK_URL: running.url });
    expect(await main(['demo', '--hours', '8', '--out', 'first.html'], a.io)).toBe(0);
    const b = capture({ OMNISTOCK_URL: running.url });
    expect(await main(['demo', '--hours', '8', '--out', 'second.html'], b.io)).toBe(0);
    expect(table(b.out)).toBe(table(a.out));
    const runs = [a, b].map((c) => /run (demo-42-[0-9a-z]+)/.exec(c.out[0] ?? '')?.[1]);
    expect(runs[0]).toBeDefined();
    expect(runs[1]).not.toBe(runs[0]);
    // everything the runs reserved was resolved: nothing of theirs holds stock
    const positions = (await (
      await fetch(`${running.url}/v1/positions?limit=1000`, { headers: { 'X-Api-Key': 'demo-admin' } })
    ).json()) as { items: { sku: string; reserved: string; committed: string }[] };
    const live = positions.items.filter((p) => p.reserved !== '0' || p.committed !== '0');
    expect(live).toEqual([]);
    // a different seed plays a different day
    const c = capture({ OMNISTOCK_URL: running.url });
    expect(await main(['demo', '--hours', '8', '--seed', '7', '--out', 'third.html'], c.io)).toBe(0);
    expect(table(c.out)).not.toBe(table(a.out));
  });

  it('runs --embedded and writes the report: omnistock never oversells, the nightly batch does', async () => {
    const c = capture();
    expect(
      await main(['demo', '--embedded', '--hours', '8', '--seed', '42', '--out', 'report.html'], c.io),
    ).toBe(0);
    const [baseline, omnistock] = row(c.out, 'oversold online orders');
    expect(Number(omnistock)).toBe(0);
    expect(Number(baseline)).toBeGreaterThan(0);
    expect(row(c.out, 'age of the availability online channels sold against')[1]).toBe('0 min (live)');
    const [, exceptions] = row(c.out, 'ERP reconciliation exceptions at closing');
    expect(exceptions).toBe('1 (1 corrected)');
    expect(c.out.at(-1)).toBe(`report: ${join(dir, 'report.html')}`);
    const html = readFileSync(join(dir, 'report.html'), 'utf8');
    expect(html.startsWith('<!doctype html>')).toBe(true);
    expect(html.match(/<svg /g)).toHaveLength(3);
    expect(html).toContain('Oversold online orders (cumulative)');
    expect(html).toContain('data-series="nightly batch baseline"');
    expect(html).toContain('data-series="omnistock"');
    expect(html).toContain('QUANTITY_INVALID');
    // self-contained: no scripts, stylesheets, images or fonts fetched from anywhere
    expect(html).not.toMatch(/<script|<link|<img|src=|url\(|@import/i);
    expect(html).not.toMatch(/https?:\/\//);
    expect(existsSync(join(dir, 'omnistock-demo-report.html'))).toBe(false);
  });
});
