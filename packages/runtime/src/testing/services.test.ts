import { createServer } from 'node:net';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { requireService } from './services';

const ci = process.env.CI;
afterEach(() => {
  if (ci === undefined) delete process.env.CI;
  else process.env.CI = ci;
  vi.restoreAllMocks();
});

// 127.0.0.1:9 (discard) is closed on a test machine: connection refused, quickly.
const DOWN = 'postgres://postgres@127.0.0.1:9/test';

describe('requireService', () => {
  it('skips with exactly one loud warning line when the service is down and CI is not set', async () => {
    delete process.env.CI;
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => {});
    const gate = await requireService({ name: 'PostgreSQL', url: DOWN, suite: 'demo suite', attempts: 1 });
    expect(gate.available).toBe(false);
    expect(gate.reason).toMatch(/ECONNREFUSED|timed out/);
    expect(warn).toHaveBeenCalledTimes(1);
    expect(String(warn.mock.calls[0]?.[0])).toMatch(
      /SKIPPING demo suite: PostgreSQL unreachable at postgres:\/\/postgres@127\.0\.0\.1:9\/test/,
    );
  });

  it('fails when CI=true and the service is down', async () => {
    process.env.CI = 'true';
    await expect(
      requireService({ name: 'NATS', url: 'nats://127.0.0.1:9', suite: 'demo suite', attempts: 1 }),
    ).rejects.toThrow(/CI=true: demo suite needs NATS unreachable/);
  });

  it('runs when the service answers, and a failing deeper probe counts as down', async () => {
    const server = createServer((s) => s.end()).listen(0, '127.0.0.1');
    await new Promise((r) => server.once('listening', r));
    const { port } = server.address() as { port: number };
    const url = `nats://127.0.0.1:${port}`;
    delete process.env.CI;
    expect(await requireService({ name: 'X', url, suite: 's', attempts: 1 })).toEqual({
      available: true,
      url,
    });
    vi.spyOn(console, 'warn').mockImplementation(() => {});
    const probed = await requireService({
      name: 'X',
      url,
      suite: 's',
      attempts: 1,
      probe: async () => {
        throw new Error('auth failed');
      },
    });
    expect(probed).toMatchObject({ available: false, reason: 'auth failed' });
    server.close();
  });
});
