import { asId, type Item, type LocationId, Quantity, type ReservationId, type Sku } from '@omnistock/core';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ReservationBook } from './book';
import type { BookCommand } from './commands';
import { isTerminal, remainingOf, type Reservation } from './model';

const SKUS = ['A', 'B'] as const;
const LOCS = ['s1', 's2', 'dc'] as const;
const items = new Map<string, Item>(SKUS.map((s) => [s, { sku: asId<Sku>(s), unit: 'each' }]));
const base = Date.UTC(2026, 2, 1, 10);
const iso = (m: number) => new Date(base + m * 60_000).toISOString();

const arbLine = fc.record({
  sku: fc.constantFrom(...SKUS),
  where: fc.oneof(
    fc.constantFrom(...LOCS).map((l) => ({ location: l })),
    fc.constant({ group: 'all' }),
  ),
  qty: fc.integer({ min: 1, max: 6 }),
});
const rid = fc.integer({ min: 0, max: 7 }).map((i) => `r${i}`);
const arbCommand = fc.oneof(
  fc.record({
    type: fc.constant('create' as const),
    rid,
    lines: fc.array(arbLine, { minLength: 1, maxLength: 3 }),
    ttl: fc.integer({ min: 1, max: 30 }),
    allowPartial: fc.boolean(),
  }),
  fc.record({ type: fc.constantFrom('commit' as const, 'release' as const, 'expire' as const), rid }),
  fc.record({ type: fc.constant('extend' as const), rid, ttl: fc.integer({ min: 1, max: 30 }) }),
  fc.record({
    type: fc.constant('fulfil' as const),
    rid,
    pick: fc.nat(),
    qty: fc.integer({ min: 1, max: 4 }),
  }),
  fc.record({ type: fc.constant('transfer' as const), rid, pick: fc.nat(), to: fc.constantFrom(...LOCS) }),
  fc.record({ type: fc.constant('sweep' as const) }),
);
const arbScenario = fc.record({
  capacity: fc.array(fc.integer({ min: 0, max: 8 }), {
    minLength: SKUS.length * LOCS.length,
    maxLength: SKUS.length * LOCS.length,
  }),
  steps: fc.array(fc.tuple(arbCommand, fc.integer({ min: 0, max: 4 }), fc.boolean()), { maxLength: 60 }),
});

type Step = typeof arbCommand extends fc.Arbitrary<infer T> ? T : never;

function toBookCommand(c: Step, book: ReservationBook, now: number, n: number): BookCommand | undefined {
  const key = `k${n}`;
  const reservationId = asId<ReservationId>('rid' in c ? c.rid : 'x');
  const r = book.get(reservationId);
  switch (c.type) {
    case 'create':
      return {
        type: 'create',
        idempotencyKey: key,
        reservationId,
        channel: asId('web'),
        lines: c.lines.map((l) => ({ sku: asId<Sku>(l.sku), ...l.where, qty: String(l.qty) }) as never),
        expiresAt: iso(now + c.ttl),
        allowPartial: c.allowPartial,
      };
    case 'commit':
    case 'release':
    case 'expire':
      return { type: c.type, idempotencyKey: key, reservationId };
    case 'extend':
      return { type: 'extend', idempotencyKey: key, reservationId, expiresAt: iso(now + c.ttl) };
    case 'fulfil': {
      const line = r?.lines[c.pick % Math.max(1, r.lines.length)];
      if (!line)
        return {
          type: 'fulfil',
          idempotencyKey: key,
          reservationId,
          lines: [{ sku: asId('A'), location: asId('s1'), qty: '1' }],
        };
      return {
        type: 'fulfil',
        idempotencyKey: key,
        reservationId,
        lines: [{ sku: line.sku, location: line.location, qty: String(c.qty) }],
      };
    }
    case 'transfer': {
      const line = r?.lines[c.pick % Math.max(1, r.lines.length)];
      return {
        type: 'transfer',
        idempotencyKey: key,
        reservationId,
        sku: line?.sku ?? asId('A'),
        from: line?.location ?? asId('s1'),
        to: asId<LocationId>(c.to),
      };
    }
    default:
      return undefined;
  }
}

function run(
  capacity: number[],
  steps: readonly [Step, number, boolean][],
  check: (book: ReservationBook, history: Map<string, Reservation>) => void,
) {
  const cap = (sku: string, loc: string) =>
    capacity[SKUS.indexOf(sku as 'A') * LOCS.length + LOCS.indexOf(loc as 's1')] ?? 0;
  const book = new ReservationBook({
    items,
    availability: (sku, loc) => Quantity.of(String(cap(sku, loc)), 'each'),
    groups: [{ id: asId('all'), locations: LOCS.map((l) => asId<LocationId>(l)) }],
  });
  const resolved = new Map<string, Reservation>();
  let now = 0;
  let prev: BookCommand | undefined;
  steps.forEach(([c, advance, retry], n) => {
    now += advance;
    if (c.type === 'sweep') book.sweep(iso(now));
    else {
      const cmd = retry && prev ? prev : toBookCommand(c, book, now, n);
      if (cmd) book.execute(cmd, iso(now));
      prev = cmd;
    }
    check(book, resolved);
  });
  return { book, cap };
}

describe('reservation book properties', () => {
  it('per location, held + committed never exceeds capacity (no backorder)', () => {
    fc.assert(
      fc.property(arbScenario, ({ capacity, steps }) => {
        const cap = (sku: string, loc: string) =>
          capacity[SKUS.indexOf(sku as 'A') * LOCS.length + LOCS.indexOf(loc as 's1')] ?? 0;
        run(capacity, steps, (book) => {
          for (const t of book.allLiveTotals()) {
            expect(t.held.add(t.committed).minor).toBeLessThanOrEqual(cap(t.sku, t.location));
            expect(t.held.isNegative() || t.committed.isNegative()).toBe(false);
          }
        });
      }),
      { numRuns: 1000 },
    );
  });

  it('live totals equal the sums over live reservations', () => {
    fc.assert(
      fc.property(arbScenario, ({ capacity, steps }) => {
        run(capacity, steps, (book) => {
          const sums = new Map<string, [number, number]>();
          for (const r of book.all()) {
            if (r.state !== 'held' && r.state !== 'committed') continue;
            for (const l of r.lines) {
              const k = `${l.sku}|${l.location}`;
              const s = sums.get(k) ?? [0, 0];
              s[r.state === 'held' ? 0 : 1] += remainingOf(l).minor;
              sums.set(k, s);
            }
          }
          for (const t of book.allLiveTotals()) {
            const s = sums.get(`${t.sku}|${t.location}`) ?? [0, 0];
            expect([t.held.minor, t.committed.minor]).toEqual(s);
          }
        });
      }),
      { numRuns: 1000 },
    );
  });

  it('a reservation resolves at most once: once terminal it never changes', () => {
    fc.assert(
      fc.property(arbScenario, ({ capacity, steps }) => {
        run(capacity, steps, (book, resolved) => {
          for (const r of book.all()) {
            const first = resolved.get(r.id);
            if (first) expect(r).toBe(first);
            else if (isTerminal(r.state)) resolved.set(r.id, r);
          }
        });
      }),
      { numRuns: 1000 },
    );
  });
});
