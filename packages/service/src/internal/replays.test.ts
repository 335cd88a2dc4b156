import type { FastifyReply, FastifyRequest } from 'fastify';
import { describe, expect, it } from 'vitest';
import { HttpRefusal } from './problems';
import { REPLAY_RETENTION_MS, ReplayLog } from './replays';

/** The parts of a request and reply the log touches. */
function exchange(key?: string) {
  const headers: Record<string, string> = {};
  const request = {
    headers: key === undefined ? {} : { 'idempotency-key': key },
  } as unknown as FastifyRequest;
  const reply = {
    header(name: string, value: string) {
      headers[name] = value;
      return reply;
    },
    type(value: string) {
      headers['content-type'] = value;
      return reply;
    },
  } as unknown as FastifyReply;
  return { request, reply, headers };
}

describe('ReplayLog', () => {
  it('runs concurrent requests with one key once, and answers the first result to all', async () => {
    const log = new ReplayLog(() => 0);
    let runs = 0;
    let release: (v: { n: number }) => void = () => {};
    const execute = () => {
      runs++;
      return new Promise<{ n: number }>((resolve) => {
        release = resolve;
      });
    };
    const a = exchange('k');
    const b = exchange('k');
    const first = log.answer(a.request, a.reply, 'scope', { x: 1 }, execute);
    const second = log.answer(b.request, b.reply, 'scope', { x: 1 }, execute);
    await Promise.resolve();
    release({ n: 1 });
    expect(await first).toEqual({ n: 1 });
    expect(await second).toBe('{"n":1}');
    expect(runs).toBe(1);
    expect([a.headers['Idempotent-Replayed'], b.headers['Idempotent-Replayed']]).toEqual(['false', 'true']);
    expect(b.headers['content-type']).toBe('application/json; charset=utf-8');
  });

  it('scopes keys, refuses a reused key with another body, keeps nothing that failed, forgets after 24 h', async () => {
    let now = 0;
    const log = new ReplayLog(() => now);
    let runs = 0;
    const ok = async () => ({ run: ++runs });
    const ask = (scope: string, body: unknown, execute: () => Promise<unknown> = ok) => {
      const e = exchange('k');
      return log.answer(e.request, e.reply, scope, body, execute);
    };
    expect(await ask('alice', { a: 1, b: 2 })).toEqual({ run: 1 });
    expect(await ask('alice', { b: 2, a: 1 })).toBe('{"run":1}'); // the same body, keys in another order
    expect(await ask('bob', { a: 1, b: 2 })).toEqual({ run: 2 });
    await expect(ask('alice', { a: 2 })).rejects.toBeInstanceOf(HttpRefusal);
    await expect(
      ask('carol', {}, async () => {
        throw new Error('store down');
      }),
    ).rejects.toThrow('store down');
    expect(await ask('carol', {})).toEqual({ run: 3 });
    now = REPLAY_RETENTION_MS + 1;
    expect(await ask('alice', { a: 1, b: 2 })).toEqual({ run: 4 });
    const none = exchange();
    expect(await log.answer(none.request, none.reply, 'alice', {}, ok)).toEqual({ run: 5 });
    expect(none.headers['Idempotent-Replayed']).toBeUndefined();
  });

  it('keeps at most its byte budget of responses, dropping the oldest', async () => {
    const log = new ReplayLog(() => 0, 60);
    for (const k of ['a', 'b', 'c']) {
      const e = exchange(k);
      await log.answer(e.request, e.reply, 's', {}, async () => ({ key: k, pad: '0123456' }));
    }
    expect(log.size).toBe(2); // each answer is 27 bytes of JSON: three exceed 60
    const again = exchange('a');
    expect(await log.answer(again.request, again.reply, 's', {}, async () => ({ fresh: true }))).toEqual({
      fresh: true,
    });
  });
});
