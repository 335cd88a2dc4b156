import type { RateLimitOptions } from '../types';

/** The outcome of taking one request from a bucket. */
export interface RateDecision {
  readonly allowed: boolean;
  readonly limit: number;
  readonly remaining: number;
  /** Whole seconds until the window resets (≥ 1 while the window runs). */
  readonly resetSeconds: number;
}

interface Window {
  start: number;
  count: number;
  readonly windowMs: number;
}

/** Sweep expired windows once the map holds this many buckets. */
const SWEEP_AT = 10_000;

/**
 * A fixed-window request counter per bucket (an API key's id, or a client IP for requests without a
 * valid key). The window starts at a bucket's first request and lasts `windowMs`.
 */
export class FixedWindowLimiter {
  private readonly windows = new Map<string, Window>();

  constructor(private readonly now: () => number) {}

  /** Counts one request against the bucket. */
  take(bucket: string, options: RateLimitOptions): RateDecision {
    const now = this.now();
    let w = this.windows.get(bucket);
    if (!w || now >= w.start + w.windowMs || w.windowMs !== options.windowMs) {
      if (this.windows.size >= SWEEP_AT) this.sweep(now);
      w = { start: now, count: 0, windowMs: options.windowMs };
      this.windows.set(bucket, w);
    }
    w.count += 1;
    const resetSeconds = Math.max(1, Math.ceil((w.start + w.windowMs - now) / 1000));
    return {
      allowed: w.count <= options.limit,
      limit: options.limit,
      remaining: Math.max(0, options.limit - w.count),
      resetSeconds,
    };
  }

  private sweep(now: number): void {
    for (const [k, w] of this.windows) if (now >= w.start + w.windowMs) this.windows.delete(k);
  }
}
