import { describe, expect, it } from 'vitest';
import { PosCapture } from './index';

const opts = { source: 'pos/store-12/till-3', location: 'store-12', channel: 'pos' };

// Shapes: a till's receipt line (receipt number, line number, sku, qty, time), as POS exports such
// as a retail POS "sales line" report carry them; a pickup names the click-and-collect
// reservation; a return line carries its disposition; a shelf count is an absolute quantity.
describe('pos capture: real-shaped captures', () => {
  it.each([
    {
      name: 'walk-in sale',
      run: (t: PosCapture) =>
        t.recordSale({ receiptRef: 'R-1001', line: 1, sku: 'MUG-1', qty: '2', time: '2026-03-01T10:00:00Z' }),
      type: 'omnistock.sale.recorded.v1',
      data: { sku: 'MUG-1', location: 'store-12', qty: '2', channel: 'pos', receiptRef: 'R-1001' },
    },
    {
      name: 'click-and-collect pickup consumes the reservation',
      run: (t: PosCapture) =>
        t.recordSale({
          receiptRef: 'R-1002',
          line: 1,
          sku: 'TEE-RED-M',
          qty: '1',
          time: '2026-03-01T10:05:00Z',
          reservationId: 'res-42',
          orderRef: 'WEB-5531',
        }),
      type: 'omnistock.sale.recorded.v1',
      data: {
        sku: 'TEE-RED-M',
        location: 'store-12',
        qty: '1',
        channel: 'pos',
        reservationId: 'res-42',
        orderRef: 'WEB-5531',
        receiptRef: 'R-1002',
      },
    },
    {
      name: 'return into inspection',
      run: (t: PosCapture) =>
        t.recordReturn({
          returnRef: 'RT-7',
          line: 1,
          sku: 'MUG-1',
          qty: '1',
          disposition: 'qualityControl',
          time: '2026-03-01T11:00:00Z',
        }),
      type: 'omnistock.return.received.v1',
      data: { sku: 'MUG-1', location: 'store-12', qty: '1', disposition: 'qualityControl' },
    },
    {
      name: 'shelf count',
      run: (t: PosCapture) =>
        t.recordCount({
          countId: 'C-9',
          sku: 'MUG-1',
          onHand: '4',
          damaged: '1',
          time: '2026-03-01T18:00:00Z',
        }),
      type: 'omnistock.stock.counted.v1',
      data: { sku: 'MUG-1', location: 'store-12', onHand: '4', damaged: '1', countId: 'C-9' },
    },
  ])('$name', ({ run, type, data }) => {
    const till = new PosCapture({ ...opts, nextSequence: 41 });
    const step = run(till);
    expect(step.quarantined).toBeUndefined();
    expect(step.event?.type).toBe(type);
    expect(step.event?.data).toEqual(data);
    expect(step.event?.sequence).toBe(41);
    expect(step.event?.source).toBe('pos/store-12/till-3');
    expect(step.event?.partitionkey).toBe(data.sku);
    expect(step.send).toEqual([step.event]);
  });
});

describe('pos capture: offline buffering and replay', () => {
  it('numbers events per source, buffers while offline and replays the batch in order', () => {
    const till = new PosCapture(opts);
    const a = till.recordSale({
      receiptRef: 'R-1',
      line: 1,
      sku: 'A',
      qty: '1',
      time: '2026-03-01T09:00:00Z',
    });
    till.acknowledge([a.event!.id]);
    till.disconnect();
    const b = till.recordSale({
      receiptRef: 'R-2',
      line: 1,
      sku: 'A',
      qty: '1',
      time: '2026-03-01T09:10:00Z',
    });
    const c = till.recordSale({
      receiptRef: 'R-2',
      line: 2,
      sku: 'B',
      qty: '3',
      time: '2026-03-01T09:10:00Z',
    });
    const d = till.recordCount({ countId: 'C-1', sku: 'A', onHand: '7', time: '2026-03-01T09:30:00Z' });
    expect([b.send, c.send, d.send]).toEqual([[], [], []]);
    expect(till.online).toBe(false);
    const batch = till.reconnect();
    expect(batch.events.map((e) => e.sequence)).toEqual([2, 3, 4]);
    expect(batch.events.map((e) => e.id)).toEqual([b.event!.id, c.event!.id, d.event!.id]);
    expect(till.batch()).toEqual(batch); // replaying is safe until acknowledged
    till.acknowledge(batch.events.slice(0, 2).map((e) => e.id));
    expect(till.batch().events.map((e) => e.sequence)).toEqual([4]);
  });

  it('a re-captured line is a duplicate with the same id; changed content is a conflict', () => {
    const till = new PosCapture(opts);
    const sale = { receiptRef: 'R-1', line: 1, sku: 'A', qty: '1', time: '2026-03-01T09:00:00Z' };
    const first = till.recordSale(sale);
    const again = till.recordSale({ ...sale });
    expect(again.duplicate).toBe(true);
    expect(again.event?.id).toBe(first.event?.id);
    const changed = till.recordSale({ ...sale, qty: '2' });
    expect(changed.quarantined?.code).toBe('EVENT_ID_CONFLICT');
    const next = till.recordSale({ ...sale, line: 2 });
    expect(next.event?.sequence).toBe(2);
    expect(till.batch().events).toHaveLength(2);
  });

  it('survives a restart through snapshot/restore (JSON round trip)', () => {
    const till = new PosCapture({ ...opts, online: false });
    till.recordSale({ receiptRef: 'R-1', line: 1, sku: 'A', qty: '1', time: '2026-03-01T09:00:00Z' });
    const restored = PosCapture.restore(JSON.parse(JSON.stringify(till.snapshot())));
    const dup = restored.recordSale({
      receiptRef: 'R-1',
      line: 1,
      sku: 'A',
      qty: '1',
      time: '2026-03-01T09:00:00Z',
    });
    expect(dup.duplicate).toBe(true);
    const n = restored.recordSale({
      receiptRef: 'R-2',
      line: 1,
      sku: 'A',
      qty: '1',
      time: '2026-03-01T09:05:00Z',
    });
    expect(n.event?.sequence).toBe(2);
    expect(restored.reconnect().events).toHaveLength(2);
  });
});

describe('pos capture: malformed input is quarantined, never thrown', () => {
  it('a corrupted pending event in a saved snapshot is held, not replayed', () => {
    const till = new PosCapture({ ...opts, online: false });
    till.recordSale({ receiptRef: 'R-1', line: 1, sku: 'A', qty: '1', time: '2026-03-01T09:00:00Z' });
    till.recordSale({ receiptRef: 'R-2', line: 1, sku: 'A', qty: '1', time: '2026-03-01T09:01:00Z' });
    const saved = JSON.parse(JSON.stringify(till.snapshot()));
    saved.pending[1].data.qty = 'lots';
    const batch = PosCapture.restore(saved).reconnect();
    expect(batch.events.map((e) => e.sequence)).toEqual([1]);
    expect(batch.quarantined.map((q) => q.code)).toEqual(['QUANTITY_INVALID']);
  });

  it.each([
    {
      name: 'zero qty',
      input: { receiptRef: 'R', line: 1, sku: 'A', qty: '0', time: '2026-03-01T09:00:00Z' },
      code: 'QUANTITY_NOT_POSITIVE',
    },
    {
      name: 'qty as a number',
      input: { receiptRef: 'R', line: 1, sku: 'A', qty: 1, time: '2026-03-01T09:00:00Z' },
      code: 'QUANTITY_INVALID',
    },
    {
      name: 'bad sku',
      input: { receiptRef: 'R', line: 1, sku: 'a b', qty: '1', time: '2026-03-01T09:00:00Z' },
      code: 'ID_INVALID',
    },
    { name: 'no time', input: { receiptRef: 'R', line: 1, sku: 'A', qty: '1' }, code: 'VALIDATION_FAILED' },
    {
      name: 'line 0',
      input: { receiptRef: 'R', line: 0, sku: 'A', qty: '1', time: '2026-03-01T09:00:00Z' },
      code: 'VALIDATION_FAILED',
    },
    {
      name: 'unknown field',
      input: { receiptRef: 'R', line: 1, sku: 'A', qty: '1', time: '2026-03-01T09:00:00Z', price: '9.99' },
      code: 'VALIDATION_FAILED',
    },
    { name: 'not an object', input: 'R-1,1,A,1', code: 'VALIDATION_FAILED' },
  ])('$name → $code', ({ input, code }) => {
    const till = new PosCapture(opts);
    const step = till.recordSale(input as never);
    expect(step.event).toBeUndefined();
    expect(step.quarantined?.code).toBe(code);
    expect(step.quarantined?.raw).toBe(input);
    expect(till.batch().quarantined).toHaveLength(1);
    expect(till.batch().events).toEqual([]);
    expect(
      till.recordSale({ receiptRef: 'R', line: 1, sku: 'A', qty: '1', time: '2026-03-01T09:00:00Z' }).event
        ?.sequence,
    ).toBe(1);
  });

  it('a negative count is refused', () => {
    const till = new PosCapture(opts);
    const step = till.recordCount({ countId: 'C', sku: 'A', onHand: '-1', time: '2026-03-01T09:00:00Z' });
    expect(step.quarantined?.code).toBe('QUANTITY_NEGATIVE');
  });
});
