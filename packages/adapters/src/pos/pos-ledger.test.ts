import { asId, buildEvent, type Item, type OmnistockEvent, type Sku } from '@omnistock/core';
import { Ledger } from '@omnistock/ledger';
import { describe, expect, it } from 'vitest';
import { PosCapture } from './index';

// The offline story of issue 7 end to end: a till keeps selling while disconnected (including a
// click-and-collect pickup), the store counts the shelf meanwhile, and the till's batch replays
// after reconnect. The ledger absorbs the sales dated before the count, applies the later one,
// consumes the reservation once, and a second replay changes nothing.
const items = new Map<string, Item>([['MUG-1', { sku: asId<Sku>('MUG-1'), unit: 'each' }]]);
const at = (hhmm: string) => `2026-03-01T${hhmm}:00Z`;

function server(
  type: Parameters<typeof buildEvent>[0],
  id: string,
  data: unknown,
  time: string,
): OmnistockEvent {
  const r = buildEvent(type, data, { id, source: 'erp/main', time });
  if (!r.ok) throw new Error(r.error.message);
  return r.value;
}

function tillBatch() {
  const till = new PosCapture({ source: 'pos/store-12/till-3', location: 'store-12', channel: 'pos' });
  till.disconnect();
  till.recordSale({ receiptRef: 'R-1', line: 1, sku: 'MUG-1', qty: '2', time: at('10:05') });
  till.recordSale({
    receiptRef: 'R-2',
    line: 1,
    sku: 'MUG-1',
    qty: '1',
    time: at('10:10'),
    reservationId: 'res-42',
  });
  till.recordSale({ receiptRef: 'R-3', line: 1, sku: 'MUG-1', qty: '1', time: at('10:45') });
  return till.reconnect();
}

const opening = [
  server(
    'omnistock.stock.counted.v1',
    'c-0900',
    { sku: 'MUG-1', location: 'store-12', onHand: '10' },
    at('09:00'),
  ),
  server(
    'omnistock.reservation.held.v1',
    'h-42',
    {
      reservationId: 'res-42',
      channel: 'ecommerce',
      lines: [{ sku: 'MUG-1', location: 'store-12', qty: '1' }],
      expiresAt: at('18:00'),
    },
    at('09:30'),
  ),
];
// The shelf count at 10:30 already reflects the two sales before it (10 − 2 − 1 = 7).
const count1030 = server(
  'omnistock.stock.counted.v1',
  'c-1030',
  { sku: 'MUG-1', location: 'store-12', onHand: '7' },
  at('10:30'),
);

function state(l: Ledger) {
  const p = l.position('MUG-1', 'store-12');
  return { onHand: p?.onHand.toString(), reserved: p?.reserved.toString() };
}

describe('pos offline batch converges in the ledger', () => {
  it('sales before a later count are absorbed, the pickup consumes its reservation once, replay is a no-op', () => {
    const batch = tillBatch();
    expect(batch.quarantined).toEqual([]);
    expect(batch.events.map((e) => e.sequence)).toEqual([1, 2, 3]);

    const countFirst = new Ledger({ items });
    countFirst.ingestAll([...opening, count1030]);
    const outcomes = countFirst.ingestAll(batch.events).map((o) => o.status);
    expect(outcomes).toEqual(['absorbed', 'absorbed', 'applied']);
    expect(state(countFirst)).toEqual({ onHand: '6', reserved: '0' });
    expect(countFirst.ingestAll(tillBatch().events).map((o) => o.status)).toEqual([
      'duplicate',
      'duplicate',
      'duplicate',
    ]);
    expect(state(countFirst)).toEqual({ onHand: '6', reserved: '0' });

    const batchFirst = new Ledger({ items });
    batchFirst.ingestAll([...opening, ...batch.events, count1030, ...batch.events]);
    expect(state(batchFirst)).toEqual(state(countFirst));
    expect(batchFirst.gaps()).toEqual([]);
  });
});
