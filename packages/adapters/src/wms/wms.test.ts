import { describe, expect, it } from 'vitest';
import { mapWmsMessage, mapWmsMessages } from './index';

const h = (type: string, messageId: string) => ({
  type,
  messageId,
  warehouse: 'dc-1',
  sequence: 5012,
  occurredAt: '2026-03-01T06:30:00Z',
});

// Shapes: JSON renderings of the X12 warehouse transaction sets (944 receipt advice, 945 shipping
// advice, 943 transfer shipment advice, 947 inventory adjustment advice) and a WMS pick confirmation.
describe('wms: real-shaped messages', () => {
  it.each([
    {
      name: '944 receipt against a PO, one line into QC hold',
      msg: {
        ...h('RECEIPT', 'RCV-000123'),
        asnNumber: 'ASN-88',
        poNumber: 'PO-77',
        lines: [
          { lineNo: 1, sku: 'MUG-1', qty: '24' },
          { lineNo: 2, sku: 'TEE-RED-M', qty: '6', condition: 'QC_HOLD' },
        ],
      },
      expected: [
        ['omnistock.stock.received.v1', { sku: 'MUG-1', location: 'dc-1', qty: '24', supplyId: 'PO-77' }],
        ['omnistock.stock.received.v1', { sku: 'TEE-RED-M', location: 'dc-1', qty: '6', supplyId: 'PO-77' }],
        [
          'omnistock.stock.statusChanged.v1',
          { sku: 'TEE-RED-M', location: 'dc-1', qty: '6', from: 'sellable', to: 'qualityControl' },
        ],
      ],
    },
    {
      name: 'pick confirmation: only the written-off short becomes an adjustment',
      msg: {
        ...h('PICK_CONFIRM', 'PCK-9'),
        orderRef: 'SO-1',
        lines: [
          { lineNo: 1, sku: 'MUG-1', qtyPicked: '2' },
          { lineNo: 2, sku: 'TEE-RED-M', qtyPicked: '1', qtyShort: '1', shortReason: 'NOT_FOUND' },
          { lineNo: 3, sku: 'CAP-1', qtyPicked: '0', qtyShort: '1' },
        ],
      },
      expected: [
        [
          'omnistock.stock.adjusted.v1',
          { sku: 'TEE-RED-M', location: 'dc-1', delta: '-1', reasonCode: 'shrinkage' },
        ],
      ],
    },
    {
      name: '945 shipment confirmation naming the reservation',
      msg: {
        ...h('SHIPMENT_CONFIRM', 'SHP-31'),
        orderRef: 'WEB-5531',
        channel: 'ecommerce',
        lines: [{ lineNo: 1, sku: 'MUG-1', qty: '2', reservationId: 'res-42' }],
      },
      expected: [
        [
          'omnistock.sale.recorded.v1',
          {
            sku: 'MUG-1',
            location: 'dc-1',
            qty: '2',
            orderRef: 'WEB-5531',
            channel: 'ecommerce',
            reservationId: 'res-42',
          },
        ],
      ],
    },
    {
      name: '943 transfer shipped to a store',
      msg: {
        ...h('TRANSFER_SHIPPED', 'TRS-4'),
        transferId: 'TO-9',
        toWarehouse: 'store-12',
        eta: '2026-03-03T09:00:00Z',
        lines: [{ lineNo: 1, sku: 'MUG-1', qty: '10' }],
      },
      expected: [
        [
          'omnistock.transfer.shipped.v1',
          {
            transferId: 'TO-9',
            sku: 'MUG-1',
            from: 'dc-1',
            to: 'store-12',
            qty: '10',
            eta: '2026-03-03T09:00:00Z',
          },
        ],
      ],
    },
    {
      name: '944 transfer received from another DC',
      msg: {
        ...h('TRANSFER_RECEIVED', 'TRR-4'),
        transferId: 'TO-8',
        fromWarehouse: 'dc-2',
        lines: [{ lineNo: 1, sku: 'RICE-5KG', qty: '12.5' }],
      },
      expected: [
        [
          'omnistock.transfer.received.v1',
          { transferId: 'TO-8', sku: 'RICE-5KG', from: 'dc-2', to: 'dc-1', qty: '12.5' },
        ],
      ],
    },
    {
      name: '947 status change: damage found, inspection released',
      msg: {
        ...h('STATUS_CHANGE', 'STS-2'),
        lines: [
          {
            lineNo: 1,
            sku: 'MUG-1',
            qty: '1',
            fromStatus: 'AVAILABLE',
            toStatus: 'DAMAGED',
            reason: 'DAMAGE',
          },
          {
            lineNo: 2,
            sku: 'TEE-RED-M',
            qty: '6',
            fromStatus: 'QC_HOLD',
            toStatus: 'AVAILABLE',
            reason: 'RELEASE',
          },
        ],
      },
      expected: [
        [
          'omnistock.stock.statusChanged.v1',
          { sku: 'MUG-1', location: 'dc-1', qty: '1', from: 'sellable', to: 'damaged', reasonCode: 'damage' },
        ],
        [
          'omnistock.stock.statusChanged.v1',
          {
            sku: 'TEE-RED-M',
            location: 'dc-1',
            qty: '6',
            from: 'qualityControl',
            to: 'sellable',
            reasonCode: 'other',
          },
        ],
      ],
    },
    {
      name: '947 adjustment after a cycle count',
      msg: {
        ...h('ADJUSTMENT', 'ADJ-5'),
        lines: [
          {
            lineNo: 1,
            sku: 'MUG-1',
            delta: '-3',
            reason: 'CYCLE_COUNT',
            documentUri: 'urn:wms:dc-1:count:77',
          },
        ],
      },
      expected: [
        [
          'omnistock.stock.adjusted.v1',
          {
            sku: 'MUG-1',
            location: 'dc-1',
            delta: '-3',
            reasonCode: 'cycleCountVariance',
            documentUri: 'urn:wms:dc-1:count:77',
          },
        ],
      ],
    },
  ])('$name', ({ msg, expected }) => {
    const r = mapWmsMessage(msg);
    expect(r.quarantined).toEqual([]);
    expect(r.events.map((e) => [e.type, e.data])).toEqual(expected);
    for (const e of r.events) {
      expect(e.source).toBe('wms/dc-1');
      expect(e.sequence).toBe(5012);
      expect(e.time).toBe('2026-03-01T06:30:00Z');
      expect(e.partitionkey).toBe((e.data as { sku: string }).sku);
    }
    expect(new Set(r.events.map((e) => e.id)).size).toBe(r.events.length);
  });

  it('maps warehouse codes through a table', () => {
    const msg = { ...h('RECEIPT', 'R1'), warehouse: 'DC01', lines: [{ lineNo: 1, sku: 'MUG-1', qty: '1' }] };
    const r = mapWmsMessage(msg, { locations: { DC01: 'dc-1' } });
    expect(r.events[0]?.data).toEqual({ sku: 'MUG-1', location: 'dc-1', qty: '1' });
    expect(r.events[0]?.source).toBe('wms/DC01');
    expect(mapWmsMessage(msg, { locations: { DC02: 'dc-2' } }).quarantined.map((q) => q.code)).toEqual([
      'LOCATION_UNKNOWN',
    ]);
  });
});

describe('wms: malformed messages are quarantined', () => {
  const ok = { ...h('RECEIPT', 'R1'), lines: [{ lineNo: 1, sku: 'MUG-1', qty: '1' }] };
  it.each([
    { name: 'unknown type', msg: { ...ok, type: 'CROSS_DOCK' }, code: 'VALIDATION_FAILED' },
    { name: 'no lines', msg: { ...ok, lines: [] }, code: 'VALIDATION_FAILED' },
    {
      name: 'qty as a number',
      msg: { ...ok, lines: [{ lineNo: 1, sku: 'MUG-1', qty: 1 }] },
      code: 'QUANTITY_INVALID',
    },
    {
      name: 'zero qty',
      msg: { ...ok, lines: [{ lineNo: 1, sku: 'MUG-1', qty: '0' }] },
      code: 'QUANTITY_NOT_POSITIVE',
    },
    {
      name: 'line number twice',
      msg: {
        ...ok,
        lines: [
          { lineNo: 1, sku: 'A', qty: '1' },
          { lineNo: 1, sku: 'B', qty: '1' },
        ],
      },
      code: 'VALIDATION_FAILED',
    },
    { name: 'bad time', msg: { ...ok, occurredAt: '01/03/2026' }, code: 'VALIDATION_FAILED' },
    { name: 'unknown field', msg: { ...ok, priority: 'high' }, code: 'VALIDATION_FAILED' },
    {
      name: 'sku with spaces (event validation)',
      msg: { ...ok, lines: [{ lineNo: 1, sku: 'MUG 1', qty: '1' }] },
      code: 'ID_INVALID',
    },
    {
      name: 'status change to the same status',
      msg: {
        ...h('STATUS_CHANGE', 'S'),
        lines: [{ lineNo: 1, sku: 'A', qty: '1', fromStatus: 'DAMAGED', toStatus: 'DAMAGED' }],
      },
      code: 'VALIDATION_FAILED',
    },
    { name: 'not an object', msg: '<ASN/>', code: 'VALIDATION_FAILED' },
  ])('$name → $code', ({ msg, code }) => {
    const r = mapWmsMessages([msg]);
    expect(r.events).toEqual([]);
    expect(r.quarantined.map((q) => q.code)).toEqual([code]);
    expect(r.quarantined[0]?.raw).toBe(msg);
  });
});
