import {
  asId,
  type Item,
  type LocationGroupId,
  type LocationId,
  Quantity,
  type ReservationId,
  type Sku,
} from '@omnistock/core';
import { describe, expect, it } from 'vitest';
import { atpAvailability } from './atp';
import { ReservationBook, type ReservationBookOptions } from './book';
import type { BookCommand } from './commands';

const T0 = '2026-03-01T10:00:00Z';
const T5 = '2026-03-01T10:05:00Z';
const T15 = '2026-03-01T10:15:00Z';
const T20 = '2026-03-01T10:20:00Z';
const items = new Map<string, Item>([
  ['A', { sku: asId<Sku>('A'), unit: 'each' }],
  ['B', { sku: asId<Sku>('B'), unit: 'each' }],
  ['RICE', { sku: asId<Sku>('RICE'), unit: 'kg' }],
  ['EGGS', { sku: asId<Sku>('EGGS'), unit: 'each', sellMultiple: '6' }],
]);
const rid = (s: string) => asId<ReservationId>(s);
const loc = (s: string) => asId<LocationId>(s);

function bookWith(stock: Record<string, string>, extra: Partial<ReservationBookOptions> = {}) {
  return new ReservationBook({
    items,
    availability: (sku, location) => {
      const spec = { unit: items.get(sku)!.unit, scale: items.get(sku)!.unit === 'kg' ? 3 : 0 };
      return Quantity.parse(stock[`${sku}|${location}`] ?? '0', spec).ok
        ? Quantity.of(stock[`${sku}|${location}`] ?? '0', spec)
        : Quantity.zero(spec);
    },
    locations: [
      { id: loc('dc'), type: 'dc', priority: 1 },
      { id: loc('s1'), type: 'store', priority: 2 },
      { id: loc('s2'), type: 'store', priority: 2 },
      { id: loc('s3'), type: 'store' },
    ],
    groups: [{ id: asId('uk'), locations: [loc('s1'), loc('s2'), loc('dc')] }],
    ...extra,
  });
}

const create = (over: Partial<Extract<BookCommand, { type: 'create' }>> = {}): BookCommand => ({
  type: 'create',
  idempotencyKey: `k-${over.reservationId ?? 'r1'}`,
  reservationId: rid('r1'),
  channel: asId('web'),
  lines: [{ sku: asId('A'), location: loc('s1'), qty: '2' }],
  expiresAt: T15,
  ...over,
});

describe('ReservationBook create', () => {
  it('holds a line and counts it as held', () => {
    const b = bookWith({ 'A|s1': '5' });
    const r = b.execute(create(), T0);
    expect(r.ok && r.value.reservation.state).toBe('held');
    expect(b.liveTotals(asId('A'), loc('s1'))?.held.toString()).toBe('2');
    expect(b.available(asId('A'), loc('s1'), asId('web')).toString()).toBe('3');
    expect(r.ok && r.value.events[0]?.type).toBe('omnistock.reservation.held.v1');
  });

  it('is all-or-nothing across lines', () => {
    const b = bookWith({ 'A|s1': '5', 'B|s1': '1' });
    const r = b.execute(
      create({
        lines: [
          { sku: asId('A'), location: loc('s1'), qty: '2' },
          { sku: asId('B'), location: loc('s1'), qty: '2' },
        ],
      }),
      T0,
    );
    expect(!r.ok && r.error.code).toBe('INSUFFICIENT_STOCK');
    expect(!r.ok && r.error.details?.line).toBe(1);
    expect(b.liveTotals(asId('A'), loc('s1'))).toBeUndefined();
  });

  it('reserves partially with allowPartial, reporting shortfalls, rounding to the sell multiple', () => {
    const b = bookWith({ 'A|s1': '5', 'EGGS|s1': '10' });
    const r = b.execute(
      create({
        allowPartial: true,
        lines: [
          { sku: asId('A'), location: loc('s1'), qty: '2' },
          { sku: asId('EGGS'), location: loc('s1'), qty: '12' },
        ],
      }),
      T0,
    );
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(r.value.reservation.lines.map((l) => l.qty.toString())).toEqual(['2', '6']);
    expect(r.value.shortfalls).toEqual([
      { line: 1, sku: 'EGGS', location: 's1', requested: '12', reserved: '6' },
    ]);
  });

  it('allocates a group line by priority, then most available, splitting when needed', () => {
    const b = bookWith({ 'A|dc': '3', 'A|s1': '2', 'A|s2': '4' });
    const r = b.execute(
      create({ lines: [{ sku: asId('A'), group: asId<LocationGroupId>('uk'), qty: '6' }] }),
      T0,
    );
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    // dc has priority 1; s1 and s2 share priority 2, s2 has more available
    expect(r.value.reservation.lines.map((l) => `${l.location}:${l.qty}`)).toEqual(['dc:3', 's2:3']);
  });

  it('respects what is already allocated when allocating a group', () => {
    const b = bookWith({ 'A|dc': '3', 'A|s1': '2', 'A|s2': '4' });
    b.execute(create({ lines: [{ sku: asId('A'), location: loc('dc'), qty: '3' }] }), T0);
    const r = b.execute(
      create({
        reservationId: rid('r2'),
        lines: [{ sku: asId('A'), group: asId<LocationGroupId>('uk'), qty: '2' }],
      }),
      T0,
    );
    expect(r.ok && r.value.reservation.lines.map((l) => `${l.location}:${l.qty}`)).toEqual(['s2:2']);
  });

  it('refuses an unknown strategy, group, location and item with their codes', () => {
    const b = bookWith({});
    const codes = [
      create({ strategy: 'nope' }),
      create({ lines: [{ sku: asId('A'), group: asId<LocationGroupId>('nope'), qty: '1' }] }),
      create({ lines: [{ sku: asId('A'), location: loc('nope'), qty: '1' }] }),
      create({ lines: [{ sku: asId('Z'), location: loc('s1'), qty: '1' }] }),
      create({ lines: [{ sku: asId('A'), location: loc('s1'), qty: '1.5' }] }),
    ].map((c) => {
      const r = b.execute(c, T0);
      return r.ok ? 'ok' : r.error.code;
    });
    expect(codes).toEqual([
      'VALIDATION_FAILED',
      'GROUP_UNKNOWN',
      'LOCATION_UNKNOWN',
      'ITEM_UNKNOWN',
      'QUANTITY_SCALE_EXCEEDED',
    ]);
  });
});

describe('idempotency', () => {
  it('returns the first result for the same key and payload', () => {
    const b = bookWith({ 'A|s1': '5' });
    const first = b.execute(create(), T0);
    const again = b.execute(create(), T5);
    expect(again.ok && again.value.replayed).toBe(true);
    expect(again.ok && first.ok && again.value.reservation).toBe(first.ok && first.value.reservation);
    expect(b.liveTotals(asId('A'), loc('s1'))?.held.toString()).toBe('2');
  });

  it('treats equal quantities written differently as the same payload', () => {
    const b = bookWith({ 'RICE|s1': '5' });
    const c = create({ lines: [{ sku: asId('RICE'), location: loc('s1'), qty: '1.5' }] });
    b.execute(c, T0);
    const again = b.execute(
      create({ lines: [{ sku: asId('RICE'), location: loc('s1'), qty: '1.500' }] }),
      T0,
    );
    expect(again.ok && again.value.replayed).toBe(true);
  });

  it('names the differing field on a conflict', () => {
    const b = bookWith({ 'A|s1': '5' });
    b.execute(create(), T0);
    const r = b.execute(create({ lines: [{ sku: asId('A'), location: loc('s1'), qty: '3' }] }), T0);
    expect(!r.ok && r.error.code).toBe('IDEMPOTENCY_CONFLICT');
    expect(!r.ok && r.error.details?.field).toBe('lines[0].qty');
  });

  it('forgets keys after the retention (default 24 h)', () => {
    const b = bookWith({ 'A|s1': '5' }, { idempotencyRetentionMs: 60_000 });
    b.execute(create(), T0);
    b.execute({ type: 'release', idempotencyKey: 'k-rel', reservationId: rid('r1') }, T0);
    expect(b.sweep('2026-03-01T10:00:59Z').purgedKeys).toBe(0);
    expect(b.sweep('2026-03-01T10:01:00Z').purgedKeys).toBe(2);
    const r = b.execute(create(), '2026-03-01T10:01:00Z');
    expect(!r.ok && r.error.code).toBe('RESERVATION_EXISTS');
  });

  it('does not record failures: a retry re-evaluates', () => {
    let stock = '1';
    const b = new ReservationBook({ items, availability: () => Quantity.of(stock, 'each') });
    expect(b.execute(create(), T0).ok).toBe(false);
    stock = '5';
    expect(b.execute(create(), T0).ok).toBe(true);
  });
});

describe('transitions through the book', () => {
  it('commits, fulfils partially then fully, and refuses anything after', () => {
    const b = bookWith({ 'A|s1': '5' });
    b.execute(create({ lines: [{ sku: asId('A'), location: loc('s1'), qty: '3' }] }), T0);
    expect(b.execute({ type: 'commit', idempotencyKey: 'c', reservationId: rid('r1') }, T5).ok).toBe(true);
    expect(b.liveTotals(asId('A'), loc('s1'))?.committed.toString()).toBe('3');
    const f1 = b.execute(
      {
        type: 'fulfil',
        idempotencyKey: 'f1',
        reservationId: rid('r1'),
        lines: [{ sku: asId('A'), location: loc('s1'), qty: '1' }],
      },
      T5,
    );
    expect(f1.ok && f1.value.reservation.state).toBe('committed');
    expect(b.liveTotals(asId('A'), loc('s1'))?.committed.toString()).toBe('2');
    const over = b.execute(
      {
        type: 'fulfil',
        idempotencyKey: 'f2',
        reservationId: rid('r1'),
        lines: [{ sku: asId('A'), location: loc('s1'), qty: '3' }],
      },
      T5,
    );
    expect(!over.ok && over.error.code).toBe('QUANTITY_EXCEEDS_REMAINING');
    const f2 = b.execute(
      {
        type: 'fulfil',
        idempotencyKey: 'f3',
        reservationId: rid('r1'),
        lines: [{ sku: asId('A'), location: loc('s1'), qty: '2' }],
      },
      T5,
    );
    expect(f2.ok && f2.value.reservation.state).toBe('fulfilled');
    const rel = b.execute({ type: 'release', idempotencyKey: 'r', reservationId: rid('r1') }, T5);
    expect(!rel.ok && rel.error.code).toBe('INVALID_TRANSITION');
  });

  it('expires holds in a sweep; expiry wins every race from expiresAt', () => {
    const b = bookWith({ 'A|s1': '5' });
    b.execute(create(), T0);
    expect(b.sweep('2026-03-01T10:14:59Z').expired).toHaveLength(0);
    const late = b.execute({ type: 'commit', idempotencyKey: 'c', reservationId: rid('r1') }, T15);
    expect(!late.ok && late.error.code).toBe('RESERVATION_EXPIRED');
    const s = b.sweep(T15);
    expect(s.expired.map((r) => r.id)).toEqual(['r1']);
    expect(b.liveTotals(asId('A'), loc('s1'))?.held.toString()).toBe('0');
    expect(b.sweep(T20).expired).toHaveLength(0);
  });

  it('extends a hold so the sweep leaves it', () => {
    const b = bookWith({ 'A|s1': '5' });
    b.execute(create(), T0);
    expect(
      b.execute(
        { type: 'extend', idempotencyKey: 'e', reservationId: rid('r1'), expiresAt: '2026-03-01T11:00:00Z' },
        T5,
      ).ok,
    ).toBe(true);
    expect(b.sweep(T20).expired).toHaveLength(0);
    expect(b.sweep('2026-03-01T11:00:00Z').expired).toHaveLength(1);
  });

  it('transfers remaining quantity only where the target can cover it', () => {
    const b = bookWith({ 'A|s1': '5', 'A|s2': '1', 'A|dc': '9' });
    b.execute(create({ lines: [{ sku: asId('A'), location: loc('s1'), qty: '3' }] }), T0);
    const no = b.execute(
      {
        type: 'transfer',
        idempotencyKey: 't1',
        reservationId: rid('r1'),
        sku: asId('A'),
        from: loc('s1'),
        to: loc('s2'),
      },
      T5,
    );
    expect(!no.ok && no.error.code).toBe('INSUFFICIENT_STOCK');
    const yes = b.execute(
      {
        type: 'transfer',
        idempotencyKey: 't2',
        reservationId: rid('r1'),
        sku: asId('A'),
        from: loc('s1'),
        to: loc('dc'),
      },
      T5,
    );
    expect(yes.ok && yes.value.reservation.lines.map((l) => `${l.location}:${l.qty}`)).toEqual(['dc:3']);
    expect(b.liveTotals(asId('A'), loc('s1'))?.held.toString()).toBe('0');
    expect(b.liveTotals(asId('A'), loc('dc'))?.held.toString()).toBe('3');
  });

  it('checks the expected version', () => {
    const b = bookWith({ 'A|s1': '5' });
    b.execute(create(), T0);
    const r = b.execute(
      { type: 'commit', idempotencyKey: 'c', reservationId: rid('r1'), expectedVersion: 2 },
      T5,
    );
    expect(!r.ok && r.error.code).toBe('VERSION_CONFLICT');
    expect(
      b.execute({ type: 'commit', idempotencyKey: 'c2', reservationId: rid('r1'), expectedVersion: 1 }, T5)
        .ok,
    ).toBe(true);
  });

  it('allows backorder up to the configured limit', () => {
    const b = bookWith({ 'A|s1': '1' }, { backorder: () => Quantity.of('2', 'each') });
    expect(b.execute(create({ lines: [{ sku: asId('A'), location: loc('s1'), qty: '3' }] }), T0).ok).toBe(
      true,
    );
    expect(
      b.execute(
        create({ reservationId: rid('r2'), lines: [{ sku: asId('A'), location: loc('s1'), qty: '1' }] }),
        T0,
      ).ok,
    ).toBe(false);
  });
});

describe('atpAvailability', () => {
  it('reserves against the channel ATP (safety stock applies), not raw stock', () => {
    const position = {
      sku: asId<Sku>('A'),
      location: loc('s1'),
      onHand: Quantity.of('10', 'each'),
      damaged: Quantity.of('1', 'each'),
      qualityControl: Quantity.of('0', 'each'),
      committed: Quantity.of('5', 'each'),
      reserved: Quantity.of('0', 'each'),
      incoming: [],
      inTransit: [],
      asOf: T0,
    };
    const book = new ReservationBook({
      items,
      availability: atpAvailability({
        items,
        position: () => position,
        policy: { rules: [{ scope: {}, safetyStock: { kind: 'absolute', qty: '2' } }] },
        now: () => T0,
      }),
    });
    // 10 − 1 damaged − 2 safety = 7 (the position's committed bucket is the book's own, not deducted twice)
    expect(book.available(asId('A'), loc('s1'), asId('web')).toString()).toBe('7');
    expect(book.execute(create({ lines: [{ sku: asId('A'), location: loc('s1'), qty: '8' }] }), T0).ok).toBe(
      false,
    );
    expect(book.execute(create({ lines: [{ sku: asId('A'), location: loc('s1'), qty: '7' }] }), T0).ok).toBe(
      true,
    );
  });
});
