import fc from 'fast-check';
import { Histogram, Registry } from 'prom-client';
import { describe, expect, it } from 'vitest';
import { REQUEST_BUCKETS } from './metrics';
import { RequestDurations } from './request-durations';

const NAME = 'omnistock_http_request_duration_seconds';
const HELP = 'HTTP request latency by method, route pattern and status.';

const arbObservation = fc.record({
  method: fc.constantFrom('GET', 'POST'),
  route: fc.constantFrom('/v1/availability', '/v1/reservations', 'unmatched'),
  status: fc.constantFrom('200', '201', '404', '429'),
  seconds: fc.oneof(fc.constantFrom(0, ...REQUEST_BUCKETS, 7), fc.double({ min: 0, max: 10, noNaN: true })),
});

/** The same observations in prom-client's Histogram and in RequestDurations, each on its own registry. */
function both(observations: readonly { method: string; route: string; status: string; seconds: number }[]) {
  const reference = new Registry();
  const fast = new Registry();
  const histogram = new Histogram({
    name: NAME,
    help: HELP,
    labelNames: ['method', 'route', 'status'],
    buckets: REQUEST_BUCKETS,
    registers: [reference],
  });
  const durations = new RequestDurations(NAME, HELP, REQUEST_BUCKETS, [fast]);
  for (const { seconds, ...labels } of observations) {
    histogram.observe(labels, seconds);
    durations.observe(labels, seconds);
  }
  return { reference, fast, histogram, durations };
}

describe('RequestDurations', () => {
  it('exposes exactly what a prom-client Histogram fed the same observations exposes', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(arbObservation, { maxLength: 40 }), async (observations) => {
        const { reference, fast } = both(observations);
        expect(await fast.metrics()).toBe(await reference.metrics());
        expect(await fast.getMetricsAsJSON()).toEqual(await reference.getMetricsAsJSON());
      }),
      { numRuns: 300 },
    );
  });

  it('refuses a value that is not finite, as prom-client does, and resets', async () => {
    const { fast, histogram, durations } = both([]);
    const labels = { method: 'GET', route: '/v1/availability', status: '200' };
    expect(() => histogram.observe(labels, Number.NaN)).toThrow(TypeError);
    expect(() => durations.observe(labels, Number.NaN)).toThrow(TypeError);
    expect(() => durations.observe(labels, Number.POSITIVE_INFINITY)).toThrow(TypeError);
    durations.observe(labels, 0.002);
    expect(await fast.metrics()).toContain(
      `${NAME}_count{method="GET",route="/v1/availability",status="200"} 1`,
    );
    fast.resetMetrics();
    expect(await fast.metrics()).not.toContain(`${NAME}_count`);
  });
});
