import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parse, parseQuery } from './operation';
import { AvailabilityQuery, TimePhasedQuery } from './queries';

/** What `parse` gives for a query: its value, or the refusal it throws. */
function outcome(run: () => unknown): unknown {
  try {
    return { value: run() };
  } catch (error) {
    return { refused: error };
  }
}

const arbQuery = fc.record(
  {
    sku: fc.constantFrom('TSHIRT-M', 'RICE-5KG', '', 'x'.repeat(300)),
    location: fc.constantFrom('store-12', 'dc-1'),
    channel: fc.constantFrom('ecommerce', 'pos'),
    explain: fc.constantFrom('true', 'false', 'yes'),
    at: fc.constantFrom('2026-12-04T10:00:00Z', 'soon'),
    colour: fc.constant('red'),
  },
  { requiredKeys: ['sku', 'channel'] },
);

describe('parseQuery', () => {
  it('gives what parse gives for the request’s query, remembered per URL', () => {
    let run = 0;
    fc.assert(
      fc.property(fc.array(fc.tuple(fc.integer({ min: 0, max: 5 }), arbQuery), { maxLength: 30 }), (asks) => {
        // one query per URL, as a URL determines its query (the memo is the module's: new URLs per run)
        run++;
        const byUrl = new Map<string, Record<string, string>>();
        for (const [n, query] of asks) {
          const url = `/v1/availability?run=${run}&case=${n}`;
          if (!byUrl.has(url)) byUrl.set(url, query);
          const q = byUrl.get(url) as Record<string, string>;
          const got = outcome(() => parseQuery(AvailabilityQuery, { url, query: q }));
          expect(got).toEqual(outcome(() => parse(AvailabilityQuery, q, 'query')));
          const value = (got as { value?: object }).value;
          if (value) {
            expect(Object.isFrozen(value)).toBe(true);
            expect(parseQuery(AvailabilityQuery, { url, query: q })).toBe(value);
          }
        }
      }),
      { numRuns: 300 },
    );
  });

  it('freezes nested values and keeps at most 1,000 URLs per schema', () => {
    const query = { sku: 'A', location: 'S1', channel: 'pos', dates: ['2026-12-04T00:00:00Z'] };
    const first = parseQuery(TimePhasedQuery, { url: '/tp?0', query });
    expect(Object.isFrozen(first.dates)).toBe(true);
    for (let i = 1; i <= 1000; i++) parseQuery(TimePhasedQuery, { url: `/tp?${i}`, query });
    // the first URL was dropped: parsed again, an equal new value
    const again = parseQuery(TimePhasedQuery, { url: '/tp?0', query });
    expect(again).toEqual(first);
    expect(again).not.toBe(first);
    expect(parseQuery(TimePhasedQuery, { url: '/tp?1000', query })).toBe(
      parseQuery(TimePhasedQuery, { url: '/tp?1000', query }),
    );
    // a long URL is parsed every time
    const long = `/tp?${'x'.repeat(1100)}`;
    const once = parseQuery(TimePhasedQuery, { url: long, query });
    expect(parseQuery(TimePhasedQuery, { url: long, query })).not.toBe(once);
    expect(parseQuery(TimePhasedQuery, { url: long, query })).toEqual(once);
  });
});
