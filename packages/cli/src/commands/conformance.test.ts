import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { main } from '../main';

const root = resolve(import.meta.dirname, '../../../..');

function capture(cwd = root) {
  const out: string[] = [];
  const err: string[] = [];
  return { io: { out: (l: string) => out.push(l), err: (l: string) => err.push(l), cwd }, out, err };
}

describe('omnistock conformance', () => {
  it('runs the repository vectors and ends with "N passed, 0 failed"', async () => {
    const c = capture();
    expect(await main(['conformance', 'specs/conformance'], c.io)).toBe(0);
    expect(c.out.at(-1)).toMatch(/^\d+ passed, 0 failed$/);
  });
  it('exits 1 and prints expected vs actual for a failing vector', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'omnistock-cli-'));
    const v = JSON.parse(
      readFileSync(join(root, 'specs/conformance/atp/bucket-design-example.json'), 'utf8'),
    );
    v.expected.result.atp = '4';
    writeFileSync(join(dir, 'wrong.json'), JSON.stringify(v));
    writeFileSync(join(dir, 'broken.json'), '[');
    const c = capture(dir);
    expect(await main(['conformance', '.'], c.io)).toBe(1);
    expect(c.out).toContain('  expected.result.atp: expected "4", actual "3"');
    expect(c.out.some((l) => l.startsWith('MALFORMED broken.json'))).toBe(true);
    expect(c.out.at(-1)).toBe('0 passed, 2 failed');
  });
  it('is a usage error without a directory', async () => {
    const c = capture();
    expect(await main(['conformance'], c.io)).toBe(2);
  });
});
