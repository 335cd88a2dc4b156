import { asId, type Item, type LocationId, Quantity, type Sku, type StockPosition } from '@omnistock/core';
import { describe, expect, it } from 'vitest';
import {
  importItems,
  importLocations,
  importStockSnapshot,
  planningAvailabilityCsv,
  planningReservationsCsv,
} from './index';

// Shape: an ERP item-master flat-file export (e.g. SAP material master: MATNR → sku, MAKTX → name,
// MEINS → unit, decimals, rounding value → sellMultiple), with a header row, CRLF, quoted names.
const ITEMS_CSV =
  'sku,name,unit,scale,sellMultiple\r\n' +
  'MUG-1,"Mug, blue 350ml",each,,\r\n' +
  'RICE-5KG,Rice,kg,3,\r\n' +
  'EGGS-6,"Eggs ""free range""",each,,6\r\n' +
  'TEA-1,Tea,litres,,\r\n' + // line 5: unknown unit
  'SALT-1,Salt,each,2,\r\n' + // line 6: scale beyond the unit
  'BAD SKU,Spaces,each,,\r\n' + // line 7: bad id
  'MUG-2,"Mug\nwith a line break",each,,\r\n' + // lines 8–9: quoted newline is fine
  'PEN-1,Pen,each,,\r\n' + // line 10
  'PEN-1,Pen again,each,,\r\n' + // line 11: duplicate sku
  'CUP-1,"unterminated,each,,\r\n'; // line 12: CSV syntax error

describe('erp master data import', () => {
  it('imports items from CSV, reporting each bad row with its line and reason', () => {
    const { rows, errors } = importItems(ITEMS_CSV);
    expect(rows.map((r) => r.sku)).toEqual(['MUG-1', 'RICE-5KG', 'EGGS-6', 'MUG-2']);
    expect(rows[0]).toEqual({ sku: 'MUG-1', name: 'Mug, blue 350ml', unit: 'each' });
    expect(rows[1]).toEqual({ sku: 'RICE-5KG', name: 'Rice', unit: 'kg', scale: 3 });
    expect(rows[2]).toEqual({ sku: 'EGGS-6', name: 'Eggs "free range"', unit: 'each', sellMultiple: '6' });
    expect(errors.map((e) => [e.line, e.code])).toEqual([
      [5, 'UNIT_UNKNOWN'],
      [6, 'VALIDATION_FAILED'],
      [7, 'ID_INVALID'],
      [10, 'VALIDATION_FAILED'],
      [11, 'VALIDATION_FAILED'],
      [12, 'VALIDATION_FAILED'],
    ]);
    expect(errors.every((e) => e.message.length > 0)).toBe(true);
    expect(errors[3]?.message).toContain('10, 11');
  });

  it('imports items from JSON rows with the same rules', () => {
    const { rows, errors } = importItems([
      { sku: 'RICE-5KG', unit: 'kg' },
      { sku: 'X', unit: 'each', sellMultiple: '1.5' },
      'not an object',
    ]);
    expect(rows).toEqual([{ sku: 'RICE-5KG', unit: 'kg' }]);
    expect(errors.map((e) => [e.line, e.code])).toEqual([
      [2, 'SELL_MULTIPLE_INVALID'],
      [3, 'VALIDATION_FAILED'],
    ]);
  });

  it('imports locations (ERP plant/storage-location list)', () => {
    const { rows, errors } = importLocations(
      'id,name,type,ship,pickup,priority\n' +
        'dc-1,Main DC,dc,yes,no,1\n' +
        'store-12,Leeds,store,0,1,\n' +
        'x-1,Bad type,shop,,,\n' +
        'dc-2,Bad flag,dc,maybe,,\n',
    );
    expect(rows).toEqual([
      { id: 'dc-1', name: 'Main DC', type: 'dc', eligibility: { ship: true, pickup: false }, priority: 1 },
      { id: 'store-12', name: 'Leeds', type: 'store', eligibility: { ship: false, pickup: true } },
    ]);
    expect(errors.map((e) => [e.line, e.code])).toEqual([
      [4, 'VALIDATION_FAILED'],
      [5, 'VALIDATION_FAILED'],
    ]);
  });

  it('refuses input that is neither CSV text nor an array', () => {
    expect(importItems({ sku: 'A' } as never).errors.map((e) => e.code)).toEqual(['VALIDATION_FAILED']);
  });
});

describe('erp stock snapshot import', () => {
  const items = new Map<string, Item>([
    ['MUG-1', { sku: asId<Sku>('MUG-1'), unit: 'each' }],
    ['RICE-5KG', { sku: asId<Sku>('RICE-5KG'), unit: 'kg' }],
  ]);
  // Shape: an ERP stock-on-hand report (e.g. SAP MB52 / a Dynamics on-hand list) exported as CSV.
  const CSV =
    'sku,location,onHand,asOf\n' +
    'MUG-1,dc-1,40,2026-03-01T00:00:00Z\n' +
    'RICE-5KG,dc-1,12.5,2026-03-01T00:00:00Z\n' +
    'MUG-1,store-12,1.5,2026-03-01T00:00:00Z\n' + // line 4: beyond scale for each
    'GHOST,dc-1,1,2026-03-01T00:00:00Z\n' + // line 5: unknown sku
    'MUG-1,mars,1,2026-03-01T00:00:00Z\n' + // line 6: unknown location
    'RICE-5KG,store-12,-2,2026-03-01T00:00:00Z\n' + // line 7: negative
    'RICE-5KG,store-12,2,yesterday\n' + // line 8: bad time
    'MUG-1,store-12,3\n'; // line 9: missing a field

  it('imports valid rows and reports the others with line and reason', () => {
    const { rows, errors } = importStockSnapshot(CSV, { items, locations: new Set(['dc-1', 'store-12']) });
    expect(rows).toEqual([
      { sku: 'MUG-1', location: 'dc-1', onHand: '40', asOf: '2026-03-01T00:00:00Z' },
      { sku: 'RICE-5KG', location: 'dc-1', onHand: '12.5', asOf: '2026-03-01T00:00:00Z' },
    ]);
    expect(errors.map((e) => [e.line, e.code])).toEqual([
      [4, 'QUANTITY_SCALE_EXCEEDED'],
      [5, 'ITEM_UNKNOWN'],
      [6, 'LOCATION_UNKNOWN'],
      [7, 'QUANTITY_NEGATIVE'],
      [8, 'VALIDATION_FAILED'],
      [9, 'VALIDATION_FAILED'],
    ]);
  });

  it('accepts JSON rows and refuses duplicated sku × location', () => {
    const row = { sku: 'MUG-1', location: 'dc-1', onHand: '40', asOf: '2026-03-01T00:00:00Z' };
    const { rows, errors } = importStockSnapshot([
      row,
      { ...row, onHand: '41' },
      { ...row, location: 'dc-2' },
    ]);
    expect(rows).toEqual([{ ...row, location: 'dc-2' }]);
    expect(errors.map((e) => [e.line, e.code])).toEqual([
      [1, 'VALIDATION_FAILED'],
      [2, 'VALIDATION_FAILED'],
    ]);
  });
});

describe('erp planning exports', () => {
  const q = (s: string) => Quantity.of(s, 'each');
  const position = (sku: string, location: string, onHand: string, committed: string): StockPosition => ({
    sku: asId<Sku>(sku),
    location: asId<LocationId>(location),
    onHand: q(onHand),
    damaged: q('1'),
    qualityControl: q('0'),
    committed: q(committed),
    reserved: q('1'),
    incoming: [{ id: 'PO-1', qty: q('10'), eta: '2026-03-05T00:00:00Z' }],
    inTransit: [],
    asOf: '2026-03-01T09:00:00Z',
  });

  it('exports availability with derived sellable/free (oversold shown negative) and ATP per channel', () => {
    const csv = planningAvailabilityCsv([
      { position: position('MUG-1', 'store-12', '3', '4'), atp: { pos: '0' } },
      { position: position('MUG-1', 'dc-1', '40', '2'), atp: { 'marketplace-amazon': '30', pos: '35' } },
    ]);
    expect(csv).toBe(
      'sku,location,onHand,damaged,qualityControl,sellable,committed,reserved,free,incoming,inTransit,asOf,atp:marketplace-amazon,atp:pos\r\n' +
        'MUG-1,dc-1,40,1,0,39,2,1,36,10,0,2026-03-01T09:00:00Z,30,35\r\n' +
        'MUG-1,store-12,3,1,0,2,4,1,-3,10,0,2026-03-01T09:00:00Z,,0\r\n',
    );
  });

  it('exports reservations sorted, quarantining bad rows', () => {
    const { csv, quarantined } = planningReservationsCsv([
      {
        reservationId: 'res-2',
        state: 'committed',
        channel: 'ecommerce',
        sku: 'MUG-1',
        location: 'dc-1',
        qty: '1',
        fulfilledQty: '0',
        orderRef: 'WEB, 1',
      },
      {
        reservationId: 'res-1',
        state: 'held',
        channel: 'pos',
        sku: 'MUG-1',
        location: 'dc-1',
        qty: '2',
        fulfilledQty: '0',
        expiresAt: '2026-03-01T10:15:00Z',
      },
      {
        reservationId: 'res-3',
        state: 'lost',
        channel: 'pos',
        sku: 'MUG-1',
        location: 'dc-1',
        qty: '2',
        fulfilledQty: '0',
      },
    ]);
    expect(csv).toBe(
      'reservationId,state,channel,sku,location,qty,fulfilledQty,expiresAt,orderRef\r\n' +
        'res-1,held,pos,MUG-1,dc-1,2,0,2026-03-01T10:15:00Z,\r\n' +
        'res-2,committed,ecommerce,MUG-1,dc-1,1,0,,"WEB, 1"\r\n',
    );
    expect(quarantined.map((x) => [x.code, x.path])).toEqual([['VALIDATION_FAILED', ['state']]]);
  });
});
