import {
  asId,
  type Item,
  type LocationId,
  positionToJson,
  Quantity,
  type Sku,
  sellable,
} from '@omnistock/core';
import { ReservationBook } from '@omnistock/reservations';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { Ledger } from './ledger';

const items = new Map<string, Item>([
  ['A', { sku: asId<Sku>('A'), unit: 'each' }],
  ['R', { sku: asId<Sku>('R'), unit: 'kg' }],
]);
const LOCS = ['s1', 's2'];
const base = Date.UTC(2026, 2, 1, 8);
const at = (m: number) => new Date(base + m * 60_000).toISOString().replace('.000Z', 'Z');

type Raw = Record<string, unknown>;
const qty = (sku: string, n: number) => (sku === 'R' ? (n / 4).toFixed(2) : String(n));

const arbData = fc.oneof(
  fc.record({ k: fc.constant('received'), n: fc.integer({ min: 1, max: 9 }), supply: fc.boolean() }),
  fc.record({
    k: fc.constant('adjusted'),
    n: fc.integer({ min: -5, max: 5 }).filter((n) => n !== 0),
    status: fc.constantFrom(undefined, 'damaged', 'qualityControl'),
  }),
  fc.record({
    k: fc.constant('counted'),
    n: fc.integer({ min: 0, max: 30 }),
    dmg: fc.option(fc.integer({ min: 0, max: 3 }), { nil: undefined }),
  }),
  fc
    .record({
      k: fc.constant('status'),
      n: fc.integer({ min: 1, max: 3 }),
      from: fc.constantFrom('sellable', 'damaged', 'qualityControl'),
      to: fc.constantFrom('sellable', 'damaged', 'qualityControl'),
    })
    .filter((d) => d.from !== d.to),
  fc.record({
    k: fc.constant('sale'),
    n: fc.integer({ min: 1, max: 4 }),
    res: fc.option(fc.constantFrom('r1', 'r2'), { nil: undefined }),
  }),
  fc.record({
    k: fc.constant('return'),
    n: fc.integer({ min: 1, max: 3 }),
    disp: fc.constantFrom('sellable', 'damaged', 'qualityControl'),
  }),
  fc.record({
    k: fc.constant('shipped'),
    n: fc.integer({ min: 1, max: 4 }),
    tr: fc.constantFrom('t1', 't2'),
  }),
  fc.record({
    k: fc.constant('treceived'),
    n: fc.integer({ min: 1, max: 4 }),
    tr: fc.constantFrom('t1', 't2'),
  }),
  fc.record({ k: fc.constant('expected'), n: fc.integer({ min: 0, max: 20 }) }),
  fc.record({ k: fc.constant('held'), n: fc.integer({ min: 1, max: 5 }), res: fc.constantFrom('r1', 'r2') }),
  fc.record({ k: fc.constantFrom('committed', 'released', 'expired'), res: fc.constantFrom('r1', 'r2') }),
  fc.record({
    k: fc.constant('fulfilled'),
    n: fc.integer({ min: 1, max: 3 }),
    res: fc.constantFrom('r1', 'r2'),
    complete: fc.boolean(),
  }),
  fc.record({
    k: fc.constant('rtransferred'),
    n: fc.integer({ min: 1, max: 3 }),
    res: fc.constantFrom('r1', 'r2'),
  }),
);

const arbEvent = fc
  .tuple(arbData, fc.constantFrom('A', 'R'), fc.constantFrom(...LOCS), fc.integer({ min: 0, max: 12 }))
  .map(([d, sku, loc, minute]): [Record<string, unknown>, string, string, number] => [
    d as Record<string, unknown>,
    sku,
    loc,
    minute,
  ]);

function toEvent([d, sku, loc, minute]: [Record<string, unknown>, string, string, number], i: number): Raw {
  const other = loc === 's1' ? 's2' : 's1';
  const n = d.n as number;
  const q = qty(sku, Math.abs(n ?? 1));
  const e = (type: string, data: Raw): Raw => ({
    specversion: '1.0',
    id: `e${i}`,
    source: `src/${i % 3}`,
    sequence: i,
    type,
    time: at(minute),
    data,
  });
  switch (d.k) {
    case 'received':
      return e('omnistock.stock.received.v1', {
        sku,
        location: loc,
        qty: q,
        ...(d.supply ? { supplyId: 'po1' } : {}),
      });
    case 'adjusted':
      return e('omnistock.stock.adjusted.v1', {
        sku,
        location: loc,
        delta: (n < 0 ? '-' : '') + q,
        reasonCode: 'correction',
        ...(d.status ? { status: d.status } : {}),
      });
    case 'counted':
      return e('omnistock.stock.counted.v1', {
        sku,
        location: loc,
        onHand: q,
        ...(d.dmg !== undefined ? { damaged: qty(sku, d.dmg as number) } : {}),
      });
    case 'status':
      return e('omnistock.stock.statusChanged.v1', { sku, location: loc, qty: q, from: d.from, to: d.to });
    case 'sale':
      return e('omnistock.sale.recorded.v1', {
        sku,
        location: loc,
        qty: q,
        ...(d.res ? { reservationId: d.res } : {}),
      });
    case 'return':
      return e('omnistock.return.received.v1', { sku, location: loc, qty: q, disposition: d.disp });
    case 'shipped':
      return e('omnistock.transfer.shipped.v1', {
        transferId: d.tr,
        sku,
        from: other,
        to: loc,
        qty: q,
        eta: at(60),
      });
    case 'treceived':
      return e('omnistock.transfer.received.v1', { transferId: d.tr, sku, from: other, to: loc, qty: q });
    case 'expected':
      return e('omnistock.supply.expected.v1', {
        supplyId: 'po1',
        sku,
        location: loc,
        qty: qty(sku, n),
        eta: at(90),
      });
    case 'held':
      return e('omnistock.reservation.held.v1', {
        reservationId: d.res,
        channel: 'web',
        lines: [{ sku, location: loc, qty: q }],
        expiresAt: at(30),
      });
    case 'fulfilled':
      return e('omnistock.reservation.fulfilled.v1', {
        reservationId: d.res,
        lines: [{ sku, location: loc, qty: q }],
        complete: d.complete,
      });
    case 'rtransferred':
      return e('omnistock.reservation.transferred.v1', {
        reservationId: d.res,
        sku,
        from: loc,
        to: other,
        qty: q,
      });
    default:
      return e(`omnistock.reservation.${d.k}.v1`, { reservationId: d.res });
  }
}

function project(events: readonly Raw[]) {
  const l = new Ledger({ items });
  for (const e of events) expect(l.ingest(e).status).not.toBe('quarantined');
  return {
    positions: l.positions().map(positionToJson),
    reservations: l.reservations(),
    absorbed: l.absorbed(),
    gaps: l.gaps(),
    size: l.size,
  };
}

const arbScenario = fc
  .array(arbEvent, { minLength: 1, maxLength: 40 })
  .map((evs) => evs.map(toEvent))
  .chain((events) =>
    fc.record({
      events: fc.constant(events),
      keys: fc.array(fc.integer(), { minLength: events.length, maxLength: events.length }),
      dups: fc.array(fc.tuple(fc.nat(events.length - 1), fc.nat(events.length)), { maxLength: 10 }),
    }),
  );

describe('ledger convergence', () => {
  it('any permutation of a set of events, with any duplicates, yields identical positions', () => {
    fc.assert(
      fc.property(arbScenario, ({ events, keys, dups }) => {
        const order = events
          .map((e, i) => ({ e, k: keys[i] ?? 0, i }))
          .sort((a, b) => a.k - b.k || a.i - b.i)
          .map((x) => x.e);
        for (const [from, to] of dups) order.splice(to, 0, structuredClone(events[from]!));
        expect(project(order)).toEqual(project(events));
      }),
      { numRuns: 1000 },
    );
  });

  it('transfers never create reserved stock: buckets stay ≥ 0 and a reservation never holds more than it was held for', () => {
    fc.assert(
      fc.property(arbScenario, ({ events }) => {
        const l = new Ledger({ items });
        for (const e of events) l.ingest(e);
        for (const p of l.positions()) {
          expect(p.reserved.isNegative()).toBe(false);
          expect(p.committed.isNegative()).toBe(false);
        }
        const heldTotal = new Map<string, number>();
        for (const e of events) {
          if (e.type !== 'omnistock.reservation.held.v1') continue;
          const d = e.data as { reservationId: string; lines: { sku: string; qty: string }[] };
          // the earliest held event of a reservation wins; all held events of one id carry one line
          const n = d.lines.reduce((s, x) => s + Number(x.qty), 0);
          heldTotal.set(d.reservationId, Math.max(heldTotal.get(d.reservationId) ?? 0, n));
        }
        for (const r of l.reservations()) {
          const total = r.lines.reduce((s, x) => s + Number(x.qty), 0);
          expect(total).toBeLessThanOrEqual((heldTotal.get(r.id) ?? 0) + 1e-9);
        }
      }),
      { numRuns: 1000 },
    );
  });

  it('sellable is core sellable of the position: a negative damaged/qualityControl counts as 0, never above onHand', () => {
    let negativeSubsets = 0;
    fc.assert(
      fc.property(arbScenario, ({ events }) => {
        const l = new Ledger({ items });
        for (const e of events) l.ingest(e);
        for (const p of l.positions()) {
          if (p.damaged.isNegative() || p.qualityControl.isNegative()) negativeSubsets++;
          const s = l.sellable(p.sku, p.location);
          expect(s.toString()).toBe(sellable(p).toString());
          expect(s.lte(p.onHand)).toBe(true);
          const zero = Quantity.zero(p.onHand.spec);
          const unsellable = p.damaged.max(zero).add(p.qualityControl.max(zero));
          expect(s.toString()).toBe(p.onHand.sub(unsellable).toString());
        }
      }),
      { numRuns: 1000 },
    );
    // the scenario does reach status changes out of empty subsets
    expect(negativeSubsets).toBeGreaterThan(0);
  });

  it('onHand equals the last count plus the movements dated after it', () => {
    const arbStock = fc.array(
      fc.tuple(
        fc.oneof(
          fc.record({ k: fc.constant('counted'), n: fc.integer({ min: 0, max: 50 }) }),
          fc.record({ k: fc.constantFrom('received', 'sale'), n: fc.integer({ min: 1, max: 9 }) }),
          fc.record({
            k: fc.constant('adjusted'),
            n: fc.integer({ min: -5, max: 5 }).filter((n) => n !== 0),
          }),
        ),
        fc.integer({ min: 0, max: 10 }),
      ),
      { maxLength: 40 },
    );
    fc.assert(
      fc.property(arbStock, (list) => {
        const events = list.map(([d, minute], i) =>
          toEvent([d as Record<string, unknown>, 'A', 's1', minute], i),
        );
        const l = new Ledger({ items });
        for (const e of events) l.ingest(e);
        let last: { t: number; id: string; v: number } | undefined;
        list.forEach(([d, m], i) => {
          const id = `e${i}`;
          if (d.k === 'counted' && (!last || m > last.t || (m === last.t && id > last.id)))
            last = { t: m, id, v: d.n };
        });
        let expected = last?.v ?? 0;
        list.forEach(([d, m]) => {
          if (d.k === 'counted' || (last && m <= last.t)) return;
          expected += d.k === 'sale' ? -d.n : d.n;
        });
        expect(l.position('A', 's1')?.onHand.toString() ?? '0').toBe(String(expected));
      }),
      { numRuns: 1000 },
    );
  });
});

describe('ledger ⇄ reservation book', () => {
  it('reserved/committed buckets equal the sums over live reservations, in any delivery order', () => {
    const arbCmd = fc.record({
      type: fc.constantFrom('create', 'create', 'commit', 'release', 'fulfil', 'transfer', 'sweep'),
      r: fc.integer({ min: 0, max: 5 }),
      sku: fc.constantFrom('A', 'R'),
      loc: fc.constantFrom(...LOCS),
      n: fc.integer({ min: 1, max: 4 }),
      advance: fc.integer({ min: 0, max: 5 }),
    });
    fc.assert(
      fc.property(fc.array(arbCmd, { maxLength: 40 }), fc.array(fc.integer()), (cmds, keys) => {
        const book = new ReservationBook({
          items,
          availability: (sku) => (sku === 'R' ? qtyOf('R', '5') : qtyOf('A', '6')),
        });
        const emitted: Raw[] = [];
        let minute = 0;
        cmds.forEach((c, i) => {
          minute += c.advance;
          const now = at(minute);
          const reservationId = asId<never>(`r${c.r}`);
          const existing = book.get(reservationId);
          const line = existing?.lines[0];
          const out =
            c.type === 'sweep'
              ? { ok: true as const, value: { events: book.sweep(now).events, reservation: undefined } }
              : c.type === 'create'
                ? book.execute(
                    {
                      type: 'create',
                      idempotencyKey: `k${i}`,
                      reservationId,
                      channel: asId('web'),
                      expiresAt: at(minute + 10),
                      lines: [
                        { sku: asId<Sku>(c.sku), location: asId<LocationId>(c.loc), qty: qty(c.sku, c.n) },
                      ],
                    },
                    now,
                  )
                : c.type === 'fulfil'
                  ? book.execute(
                      {
                        type: 'fulfil',
                        idempotencyKey: `k${i}`,
                        reservationId,
                        lines: [
                          {
                            sku: line?.sku ?? asId('A'),
                            location: line?.location ?? asId('s1'),
                            qty: qty(line?.sku ?? 'A', 1),
                          },
                        ],
                      },
                      now,
                    )
                  : c.type === 'transfer'
                    ? book.execute(
                        {
                          type: 'transfer',
                          idempotencyKey: `k${i}`,
                          reservationId,
                          sku: line?.sku ?? asId('A'),
                          from: line?.location ?? asId('s1'),
                          to: asId(line?.location === 's1' ? 's2' : 's1'),
                        },
                        now,
                      )
                    : book.execute({ type: c.type as 'commit', idempotencyKey: `k${i}`, reservationId }, now);
          if (out.ok) {
            out.value.events.forEach((ev, j) => {
              emitted.push({
                specversion: '1.0',
                id: `ev${i}.${j}`,
                source: 'book',
                type: ev.type,
                time: now,
                data: ev.data,
              });
            });
          }
        });
        const shuffled = emitted
          .map((e, i) => ({ e, k: keys[i] ?? i }))
          .sort((a, b) => a.k - b.k)
          .map((x) => x.e);
        const ledger = new Ledger({ items });
        for (const e of [...shuffled, ...shuffled.slice(0, 3)])
          expect(ledger.ingest(e).status).not.toBe('quarantined');
        for (const t of book.allLiveTotals()) {
          const p = ledger.position(t.sku, t.location);
          expect([p?.reserved.toString() ?? '0', p?.committed.toString() ?? '0']).toEqual([
            t.held.toString(),
            t.committed.toString(),
          ]);
        }
        for (const r of book.all()) expect(ledger.reservation(r.id)?.state).toBe(r.state);
      }),
      { numRuns: 1000 },
    );
  });
});

function qtyOf(sku: string, s: string) {
  const item = items.get(sku)!;
  return Quantity.of(s, { unit: item.unit, scale: item.unit === 'kg' ? 3 : 0 });
}
