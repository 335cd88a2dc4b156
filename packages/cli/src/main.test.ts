import { describe, expect, it } from 'vitest';
import { main } from './main';

function capture() {
  const out: string[] = [];
  const err: string[] = [];
  return {
    io: { out: (l: string) => out.push(l), err: (l: string) => err.push(l), cwd: process.cwd() },
    out,
    err,
  };
}

describe('omnistock CLI', () => {
  it('lists commands on --help and exits 0', async () => {
    const c = capture();
    expect(await main(['--help'], c.io)).toBe(0);
    const text = c.out.join('\n');
    for (const name of ['serve', 'demo', 'atp', 'replay', 'reconcile', 'conformance', 'contracts', 'tour']) {
      expect(text).toMatch(new RegExp(`^  ${name} `, 'm'));
    }
  });
  it("prints every command's usage on --help and exits 0", async () => {
    for (const name of ['serve', 'demo', 'atp', 'replay', 'reconcile', 'tour']) {
      const c = capture();
      expect(await main([name, '--help'], c.io)).toBe(0);
      expect(c.out.join('\n')).toContain(`omnistock ${name}`);
    }
  });
  it('rejects an unknown command with exit 2', async () => {
    const c = capture();
    expect(await main(['nope'], c.io)).toBe(2);
    expect(c.err.join('\n')).toContain('unknown command "nope"');
  });
  it('rejects an unknown flag with exit 2 and the usage', async () => {
    const c = capture();
    expect(await main(['tour', '--bogus'], c.io)).toBe(2);
    expect(c.err.join('\n')).toContain("Unknown option '--bogus'");
    expect(c.err.join('\n')).toContain('omnistock tour');
  });
  it('runs the tour (the first demo), which shows exact arithmetic and a typed validation error', async () => {
    const c = capture();
    expect(await main(['tour'], c.io)).toBe(0);
    const text = c.out.join('\n');
    expect(text).toContain('0.1 + 0.2 = 0.3 kg');
    expect(text).toContain('free = -1.5 kg');
    expect(text).toContain('QUANTITY_SCALE_EXCEEDED at data.qty');
  });
});
