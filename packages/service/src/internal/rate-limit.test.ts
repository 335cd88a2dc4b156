import { describe, expect, it } from 'vitest';
import { FixedWindowLimiter } from './rate-limit';

describe('FixedWindowLimiter', () => {
  it('counts per bucket in a window that starts at the first request', () => {
    let now = 1_000_000;
    const limiter = new FixedWindowLimiter(() => now);
    const opts = { limit: 2, windowMs: 10_000 };
    expect(limiter.take('a', opts)).toEqual({ allowed: true, limit: 2, remaining: 1, resetSeconds: 10 });
    now += 2_500;
    expect(limiter.take('a', opts)).toEqual({ allowed: true, limit: 2, remaining: 0, resetSeconds: 8 });
    expect(limiter.take('a', opts)).toMatchObject({ allowed: false, remaining: 0 });
    expect(limiter.take('b', opts)).toMatchObject({ allowed: true, remaining: 1 });
    now += 7_500;
    expect(limiter.take('a', opts)).toEqual({ allowed: true, limit: 2, remaining: 1, resetSeconds: 10 });
  });
});
