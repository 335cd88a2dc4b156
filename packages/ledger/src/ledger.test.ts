import { asId, type Item, type Sku } from '@omnistock/core';
import { describe, expect, it } from 'vitest';
import { Ledger } from './ledger';
import { reconcile } from './reconcile';
import { replay, restoreSnapshot, takeSnapshot } from './snapshot';

const items = new Map<string, Item>([
  ['A', { sku: asId<Sku>('A'), unit: 'each' }],
  ['R', { sku: asId<Sku>('R'), unit: 'kg' }],
]);
let n = 0;
function ev(type: string, data: Record<string, unknown>, time: string, extra: Record<string, unknown> = {}) {
  n++;
  return {
    specversion: '1.0',
    id: `e${n}`,
    source: 'test',
    type: `omnistock.${type}.v1`,
    time,
    data,
    ...extra,
  };
}
const at = (hh: string) => `2026-03-01T${hh}:00Z`;
const count = (onHand: string, time: string) =>
  ev('stock.counted', { sku: 'A', location: 's1', onHand }, time);
const sale = (qty: string, time: string, reservationId?: string) =>
  ev('sale.recorded', { sku: 'A', location: 's1', qty, ...(reservationId ? { reservationId } : {}) }, time);
const onHand = (l: Ledger) => l.position('A', 's1')?.onHand.toString();

describe('Ledger', () => {
  it('absorbs a late movement dated before the count, and applies later ones', () => {
    const l = new Ledger({ items });
    l.ingest(count('10', at('12:00')));
    expect(l.ingest(sale('2', at('11:00'))).status).toBe('absorbed');
    expect(l.ingest(sale('1', at('13:00'))).status).toBe('applied');
    expect(onHand(l)).toBe('9');
    expect(l.absorbed().map((a) => a.eventId)).toHaveLength(1);
  });

  it('a count arriving after movements dated before it absorbs the already-applied ones', () => {
    const l = new Ledger({ items });
    const early = sale('2', at('11:00'));
    l.ingest(ev('stock.received', { sku: 'A', location: 's1', qty: '5' }, at('10:00')));
    l.ingest(early);
    l.ingest(sale('1', at('13:00')));
    expect(onHand(l)).toBe('2');
    l.ingest(count('10', at('12:00')));
    expect(onHand(l)).toBe('9');
    expect(l.absorbed().map((a) => a.eventId)).toContain(early.id);
  });

  it('dedupes by id; the same id with different content is quarantined as a conflict naming the field', () => {
    const l = new Ledger({ items });
    const e = sale('1', at('10:00'));
    l.ingest(e);
    expect(l.ingest({ ...e, sequence: 99 }).status).toBe('duplicate');
    expect(l.ingest({ ...e, data: { ...e.data, qty: '1.0' } }).status).toBe('duplicate');
    const c = l.ingest({ ...e, data: { ...e.data, qty: '2' } });
    expect(c).toMatchObject({ status: 'quarantined', code: 'EVENT_ID_CONFLICT' });
    expect(l.conflicts()).toEqual([{ eventId: e.id, field: 'data.qty', quarantineId: c.quarantineId }]);
    expect(onHand(l)).toBe('-1');
  });

  it('quarantines invalid and unknown events whole, and applies them when re-submitted fixed', () => {
    const l = new Ledger({ items });
    const bad = ev('stock.received', { sku: 'A', location: 's1', qty: '1.5' }, at('10:00'));
    const unknownSku = ev('stock.received', { sku: 'Z', location: 's1', qty: '1' }, at('10:00'));
    const unknownType = { ...ev('stock.teleported', {}, at('10:00')) };
    const outcomes = [bad, unknownSku, unknownType, 'not an event'].map((e) => l.ingest(e));
    expect(outcomes.map((o) => o.code)).toEqual([
      'QUANTITY_SCALE_EXCEEDED',
      'ITEM_UNKNOWN',
      'EVENT_TYPE_UNKNOWN',
      'EVENT_INVALID',
    ]);
    expect(l.quarantine()).toHaveLength(4);
    expect(l.position('A', 's1')).toBeUndefined();
    expect(l.ingest(bad).status).toBe('duplicate');
    const q = outcomes[0]!.quarantineId!;
    const still = l.resubmit(q, { ...bad, data: { ...bad.data, qty: '1.25' } });
    expect(still).toMatchObject({ status: 'quarantined', quarantineId: q });
    expect(l.quarantine().find((e) => e.id === q)?.attempts).toBe(2);
    expect(l.resubmit(q, { ...bad, data: { ...bad.data, qty: '1' } }).status).toBe('applied');
    expect(l.quarantine()).toHaveLength(3);
    expect(onHand(l)).toBe('1');
    expect(l.resubmit('q-404').code).toBe('QUARANTINE_NOT_FOUND');
  });

  it('an upcaster that throws or answers no Result quarantines the event with INTERNAL, never throws', () => {
    const legacy = (id: string, type: string) => ({
      specversion: '1.0',
      id,
      source: 'legacy/wms',
      type,
      time: at('10:00'),
      data: { sku: 'A', location: 's1', qty: '3' },
    });
    const answers: Record<string, () => unknown> = {
      'omnistock.stock.received.v0': () => {
        throw new Error('mapping table missing');
      },
      'omnistock.sale.recorded.v0': () => undefined,
      'omnistock.return.received.v0': () => ({ ok: false, error: { code: 'NOT_A_CODE', message: 'x' } }),
      'omnistock.stock.counted.v0': () => ({ ok: true, value: 'not an event' }),
    };
    const l = new Ledger({
      items,
      upcasters: Object.entries(answers).map(([from, answer]) => ({
        from,
        to: from.replace('.v0', '.v1'),
        upcast: answer as () => never,
      })),
    });
    for (const [i, type] of Object.keys(answers).entries()) {
      const o = l.ingest(legacy(`u${i}`, type));
      expect(o).toMatchObject({ status: 'quarantined', code: 'INTERNAL', eventId: `u${i}` });
    }
    const [threw] = l.quarantine();
    expect(threw?.message).toBe(
      'upcaster omnistock.stock.received.v0 → omnistock.stock.received.v1 threw: mapping table missing',
    );
    expect(threw?.details).toEqual({ upcaster: 'omnistock.stock.received.v0' });
    expect(l.position('A', 's1')).toBeUndefined();
    // re-submitted as the current version, the event is applied and leaves quarantine
    const fixed = { ...legacy('u0', 'omnistock.stock.received.v1') };
    expect(l.resubmit(threw?.id as string, fixed)).toMatchObject({ status: 'applied' });
    expect(onHand(l)).toBe('3');
    expect(l.quarantine()).toHaveLength(3);
  });

  it('upcasts stock.adjusted.v0 to v1', () => {
    const l = new Ledger({ items });
    const o = l.ingest({
      specversion: '1.0',
      id: 'old-1',
      source: 'legacy/pos',
      type: 'omnistock.stock.adjusted.v0',
      time: at('10:00'),
      data: { item: 'A', store: 's1', change: '-2', reason: 'Broken' },
    });
    expect(o).toMatchObject({
      status: 'applied',
      upcastFrom: 'omnistock.stock.adjusted.v0',
      type: 'omnistock.stock.adjusted.v1',
    });
    expect(onHand(l)).toBe('-2');
    const bad = l.ingest({
      specversion: '1.0',
      id: 'old-2',
      source: 'legacy/pos',
      type: 'omnistock.stock.adjusted.v0',
      time: at('10:00'),
      data: { sku: 'A' },
    });
    expect(bad).toMatchObject({ status: 'quarantined', code: 'VALIDATION_FAILED' });
    const v2 = l.ingest({ ...ev('stock.adjusted', {}, at('10:00')), type: 'omnistock.stock.adjusted.v2' });
    expect(v2.code).toBe('EVENT_VERSION_UNSUPPORTED');
  });

  it('reports sequence gaps per source, closing them when the missing events arrive', () => {
    const l = new Ledger({ items });
    const s = (seq: number) => ({ ...sale('1', at('10:00')), source: 'pos/1', sequence: seq });
    l.ingest(s(1));
    expect(l.ingest(s(5)).gap).toEqual({ source: 'pos/1', from: 2, to: 4 });
    l.ingest(s(3));
    expect(l.gaps()).toEqual([
      { source: 'pos/1', from: 2, to: 2 },
      { source: 'pos/1', from: 4, to: 4 },
    ]);
    l.ingest(s(2));
    l.ingest(s(4));
    expect(l.gaps()).toEqual([]);
  });

  it('a sale naming a reservation consumes it; a fulfilled event for the same quantity does not count twice', () => {
    const l = new Ledger({ items });
    l.ingest(count('10', at('09:00')));
    l.ingest(
      ev(
        'reservation.held',
        {
          reservationId: 'r1',
          channel: 'pos',
          lines: [{ sku: 'A', location: 's1', qty: '3' }],
          expiresAt: at('11:00'),
        },
        at('10:00'),
      ),
    );
    expect(l.position('A', 's1')?.reserved.toString()).toBe('3');
    l.ingest(sale('2', at('10:05'), 'r1'));
    expect([onHand(l), l.position('A', 's1')?.reserved.toString()]).toEqual(['8', '1']);
    l.ingest(
      ev(
        'reservation.fulfilled',
        { reservationId: 'r1', lines: [{ sku: 'A', location: 's1', qty: '2' }], complete: false },
        at('10:05'),
      ),
    );
    expect([onHand(l), l.position('A', 's1')?.reserved.toString()]).toEqual(['8', '1']);
    l.ingest(
      ev(
        'reservation.fulfilled',
        { reservationId: 'r1', lines: [{ sku: 'A', location: 's1', qty: '1' }], complete: true },
        at('10:06'),
      ),
    );
    expect([onHand(l), l.position('A', 's1')?.reserved.toString()]).toEqual(['7', '0']);
    expect(l.reservation('r1')?.state).toBe('fulfilled');
  });

  it('maps held to reserved and committed to committed, moving with transfers', () => {
    const l = new Ledger({ items });
    l.ingest(
      ev(
        'reservation.held',
        {
          reservationId: 'r1',
          channel: 'web',
          lines: [{ sku: 'A', location: 's1', qty: '2' }],
          expiresAt: at('11:00'),
        },
        at('10:00'),
      ),
    );
    l.ingest(ev('reservation.committed', { reservationId: 'r1' }, at('10:01')));
    expect(l.position('A', 's1')?.committed.toString()).toBe('2');
    l.ingest(
      ev(
        'reservation.transferred',
        { reservationId: 'r1', sku: 'A', from: 's1', to: 's2', qty: '2' },
        at('10:02'),
      ),
    );
    expect([
      l.position('A', 's1')?.committed.toString(),
      l.position('A', 's2')?.committed.toString(),
    ]).toEqual(['0', '2']);
    l.ingest(ev('reservation.released', { reservationId: 'r1' }, at('10:03')));
    expect(l.position('A', 's2')?.committed.toString()).toBe('0');
  });

  it('tracks incoming supply and transfers in transit', () => {
    const l = new Ledger({ items });
    l.ingest(
      ev(
        'supply.expected',
        { supplyId: 'po1', sku: 'A', location: 's1', qty: '10', eta: at('18:00') },
        at('08:00'),
      ),
    );
    l.ingest(ev('stock.received', { sku: 'A', location: 's1', qty: '4', supplyId: 'po1' }, at('09:00')));
    l.ingest(
      ev(
        'transfer.shipped',
        { transferId: 't1', sku: 'A', from: 's2', to: 's1', qty: '3', eta: at('12:00') },
        at('09:00'),
      ),
    );
    const p = l.position('A', 's1')!;
    expect(p.incoming.map((x) => x.qty.toString())).toEqual(['6']);
    expect(p.inTransit.map((x) => `${x.from}:${x.qty}`)).toEqual(['s2:3']);
    expect(l.position('A', 's2')?.onHand.toString()).toBe('-3');
    l.ingest(
      ev('transfer.received', { transferId: 't1', sku: 'A', from: 's2', to: 's1', qty: '3' }, at('11:00')),
    );
    expect(l.position('A', 's1')?.inTransit).toEqual([]);
    expect(onHand(l)).toBe('7');
  });

  it('snapshots and replays to an identical projection', () => {
    const l = new Ledger({ items });
    const events = [
      count('10', at('09:00')),
      sale('1', at('10:00')),
      ev('stock.received', { sku: 'R', location: 's1', qty: '1.25' }, at('10:00')),
      { bad: true },
    ];
    for (const e of events) l.ingest(e);
    const copy = restoreSnapshot(JSON.parse(JSON.stringify(takeSnapshot(l))), { items });
    expect(copy.positions()).toEqual(l.positions());
    expect(copy.quarantine()).toEqual(l.quarantine());
    expect(copy.ingest(events[1]).status).toBe('duplicate');
    expect(replay([...l.log()].reverse(), { items }).positions()).toEqual(l.positions());
  });

  it('a status change out of an empty subset keeps the negative bucket, which counts as 0 in sellable', () => {
    const status = (qty: string, from: string, to: string, time: string) =>
      ev('stock.statusChanged', { sku: 'A', location: 's1', qty, from, to }, time);
    const toDamaged = status('2', 'sellable', 'damaged', at('09:00'));
    const backToSellable = status('2', 'damaged', 'sellable', at('10:00'));
    const toQc = status('3', 'sellable', 'qualityControl', at('09:00'));
    const qcToSellable = status('3', 'qualityControl', 'sellable', at('11:00'));
    const l = new Ledger({ items });
    l.ingest(count('10', at('08:00')));
    // t2 arrives before t1: damaged is −2 (reported on the position), sellable 10, never 12
    expect(l.ingest(backToSellable).status).toBe('applied');
    expect(l.position('A', 's1')?.damaged.toString()).toBe('-2');
    expect(l.sellable('A', 's1').toString()).toBe('10');
    // the same for qualityControl, beside the negative damaged
    l.ingest(qcToSellable);
    expect(l.position('A', 's1')?.qualityControl.toString()).toBe('-3');
    expect(l.sellable('A', 's1').toString()).toBe('10');
    // once t1 arrives the buckets converge to 0 and sellable is what it showed all along
    l.ingest(toDamaged);
    l.ingest(toQc);
    const p = l.position('A', 's1');
    expect([p?.onHand, p?.damaged, p?.qualityControl].map(String)).toEqual(['10', '0', '0']);
    expect(l.sellable('A', 's1').toString()).toBe('10');
  });
});

describe('reconcile', () => {
  it('reports differences beyond tolerance and builds correcting counts that keep later movements', () => {
    const l = new Ledger({ items });
    l.ingest(count('10', at('08:00')));
    l.ingest(sale('1', at('09:00')));
    l.ingest(sale('2', at('11:00')));
    l.ingest(ev('stock.counted', { sku: 'R', location: 's1', onHand: '5' }, at('08:00')));
    const report = reconcile(
      l,
      {
        asOf: at('10:00'),
        rows: [
          { sku: 'A', location: 's1', onHand: '7' },
          { sku: 'R', location: 's1', onHand: '5.001' },
          { sku: 'A', location: 's9', onHand: '4' },
        ],
      },
      { tolerance: '0.002', corrections: { source: 'erp/sap', idPrefix: 'rec-1' } },
      items,
    );
    expect(report.ok).toBe(true);
    if (!report.ok) return;
    expect(report.value.exceptions).toEqual([
      { sku: 'A', location: 's1', kind: 'mismatch', erp: '7', omnistock: '9', difference: '-2' },
      { sku: 'A', location: 's9', kind: 'unknownToOmnistock', erp: '4', omnistock: '0', difference: '4' },
    ]);
    expect(report.value.withinTolerance).toBe(1);
    for (const c of report.value.corrections) l.ingest(c);
    expect(onHand(l)).toBe('5');
    expect(l.position('A', 's9')?.onHand.toString()).toBe('4');
  });

  it('does not correct a position whose count is newer than the snapshot', () => {
    const l = new Ledger({ items });
    l.ingest(count('10', at('12:00')));
    const r = reconcile(
      l,
      { asOf: at('10:00'), rows: [{ sku: 'A', location: 's1', onHand: '3' }] },
      { corrections: { source: 'erp', idPrefix: 'x' } },
      items,
    );
    expect(r.ok && r.value.exceptions[0]?.kind).toBe('countNewerThanSnapshot');
    expect(r.ok && r.value.corrections).toEqual([]);
  });
});

describe('retainEvents: false', () => {
  it('still dedupes and detects conflicts with content hashes', () => {
    const l = new Ledger({ items, retainEvents: false });
    const e = sale('1', at('10:00'));
    expect(l.ingest(e).status).toBe('applied');
    expect(l.ingest({ ...e, data: { ...e.data, qty: '1.0' } }).status).toBe('duplicate');
    const c = l.ingest({ ...e, data: { ...e.data, qty: '2' } });
    expect(c.code).toBe('EVENT_ID_CONFLICT');
    expect(l.conflicts()[0]?.field).toBe('(content)');
    expect([...l.log()]).toEqual([]);
    expect(() => takeSnapshot(l)).toThrow(/retainEvents/);
  });
});
