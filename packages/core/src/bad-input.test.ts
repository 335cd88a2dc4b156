import { describe, expect, it } from 'vitest';
import { parseItem } from './catalog';
import type { ErrorCode, Result } from './errors';
import { parseEvent } from './events/parse';
import { Percent, Quantity } from './quantity';

const items = new Map([
  ['TEE', { sku: 'TEE' as never, unit: 'each' }],
  ['RICE', { sku: 'RICE' as never, unit: 'kg' }],
]);

/** A sale event with fields replaced; a field set to `undefined` is removed. */
function event(data: Record<string, unknown>, over: Record<string, unknown> = {}) {
  const defined = (o: Record<string, unknown>) =>
    Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined));
  return defined({
    specversion: '1.0',
    id: 'evt-1',
    source: 'pos/store-1',
    type: 'omnistock.sale.recorded.v1',
    time: '2026-12-04T10:00:00Z',
    data: defined({ sku: 'TEE', location: 'store-1', qty: '1', ...data }),
    ...over,
  });
}

type Case = readonly [
  name: string,
  run: () => Result<unknown>,
  code: ErrorCode,
  path?: readonly (string | number)[],
];

const quantityCases: Case[] = [
  ['NaN', () => Quantity.parse('NaN', 'each'), 'QUANTITY_INVALID'],
  ['Infinity', () => Quantity.parse('Infinity', 'kg'), 'QUANTITY_INVALID'],
  ['-Infinity', () => Quantity.parse('-Infinity', 'kg'), 'QUANTITY_INVALID'],
  ['empty string', () => Quantity.parse('', 'each'), 'QUANTITY_INVALID'],
  ['a JS number', () => Quantity.parse(1.5, 'kg'), 'QUANTITY_INVALID'],
  ['null', () => Quantity.parse(null, 'kg'), 'QUANTITY_INVALID'],
  ['hex', () => Quantity.parse('0x10', 'each'), 'QUANTITY_INVALID'],
  ['comma decimal', () => Quantity.parse('1,5', 'kg'), 'QUANTITY_INVALID'],
  ['leading dot', () => Quantity.parse('.5', 'kg'), 'QUANTITY_INVALID'],
  ['trailing dot', () => Quantity.parse('5.', 'kg'), 'QUANTITY_INVALID'],
  ['whitespace', () => Quantity.parse(' 5', 'each'), 'QUANTITY_INVALID'],
  ['two signs', () => Quantity.parse('--5', 'each'), 'QUANTITY_INVALID'],
  ['fraction on each', () => Quantity.parse('1.5', 'each'), 'QUANTITY_SCALE_EXCEEDED'],
  ['4 decimals on kg', () => Quantity.parse('0.0001', 'kg'), 'QUANTITY_SCALE_EXCEEDED'],
  ['exponent beyond scale', () => Quantity.parse('1e-4', 'kg'), 'QUANTITY_SCALE_EXCEEDED'],
  ['huge exponent', () => Quantity.parse('1e30', 'each'), 'QUANTITY_OUT_OF_RANGE'],
  ['beyond 2^53 minor units', () => Quantity.parse('9007199254740.992', 'kg'), 'QUANTITY_OUT_OF_RANGE'],
  ['negative where non-negative', () => Quantity.parse('-1', 'each', 'nonNegative'), 'QUANTITY_NEGATIVE'],
  ['zero where positive', () => Quantity.parse('0', 'each', 'positive'), 'QUANTITY_NOT_POSITIVE'],
  ['unknown unit', () => Quantity.parse('1', 'furlong'), 'UNIT_UNKNOWN'],
  ['scale beyond unit', () => Quantity.parse('1', { unit: 'each', scale: 2 }), 'VALIDATION_FAILED'],
  ['percent over 100', () => Percent.parse('100.5'), 'PERCENT_INVALID'],
  ['percent negative', () => Percent.parse('-1'), 'PERCENT_INVALID'],
  ['percent not a number', () => Percent.parse('ten'), 'PERCENT_INVALID'],
];

const itemCases: Case[] = [
  ['item unit unknown', () => parseItem({ sku: 'X', unit: 'parsec' }), 'UNIT_UNKNOWN', ['unit']],
  ['item sku with space', () => parseItem({ sku: 'A B', unit: 'each' }), 'ID_INVALID', ['sku']],
  [
    'item sell multiple beyond scale',
    () => parseItem({ sku: 'X', unit: 'each', sellMultiple: '0.5' }),
    'SELL_MULTIPLE_INVALID',
    ['sellMultiple'],
  ],
  [
    'item sell multiple zero',
    () => parseItem({ sku: 'X', unit: 'each', sellMultiple: '0' }),
    'QUANTITY_NOT_POSITIVE',
    ['sellMultiple'],
  ],
  ['item unknown field', () => parseItem({ sku: 'X', unit: 'each', colour: 'red' }), 'VALIDATION_FAILED', []],
];

const eventCases: Case[] = [
  ['event not an object', () => parseEvent('hello'), 'EVENT_INVALID', []],
  ['event array', () => parseEvent([]), 'EVENT_INVALID', []],
  ['event type missing', () => parseEvent(event({}, { type: undefined })), 'EVENT_INVALID', ['type']],
  [
    'event type unknown',
    () => parseEvent(event({}, { type: 'omnistock.stock.teleported.v1' })),
    'EVENT_TYPE_UNKNOWN',
    ['type'],
  ],
  [
    'event type foreign',
    () => parseEvent(event({}, { type: 'com.example.thing' })),
    'EVENT_TYPE_UNKNOWN',
    ['type'],
  ],
  [
    'event version unsupported',
    () => parseEvent(event({}, { type: 'omnistock.sale.recorded.v9' })),
    'EVENT_VERSION_UNSUPPORTED',
    ['type'],
  ],
  ['specversion 0.3', () => parseEvent(event({}, { specversion: '0.3' })), 'EVENT_INVALID', ['specversion']],
  ['id missing', () => parseEvent(event({}, { id: undefined })), 'EVENT_INVALID', ['id']],
  ['id empty', () => parseEvent(event({}, { id: '' })), 'ID_INVALID', ['id']],
  ['source missing', () => parseEvent(event({}, { source: undefined })), 'EVENT_INVALID', ['source']],
  ['time not RFC 3339', () => parseEvent(event({}, { time: 'yesterday' })), 'EVENT_INVALID', ['time']],
  [
    'time without offset',
    () => parseEvent(event({}, { time: '2026-12-04T10:00:00' })),
    'EVENT_INVALID',
    ['time'],
  ],
  ['sequence negative', () => parseEvent(event({}, { sequence: -1 })), 'EVENT_INVALID', ['sequence']],
  [
    'datacontenttype xml',
    () => parseEvent(event({}, { datacontenttype: 'application/xml' })),
    'EVENT_INVALID',
    ['datacontenttype'],
  ],
  ['data missing', () => parseEvent(event({}, { data: undefined })), 'EVENT_INVALID', ['data']],
  ['qty as number', () => parseEvent(event({ qty: 2 })), 'QUANTITY_INVALID', ['data', 'qty']],
  ['qty NaN', () => parseEvent(event({ qty: 'NaN' })), 'QUANTITY_INVALID', ['data', 'qty']],
  [
    'qty negative on a sale',
    () => parseEvent(event({ qty: '-1' })),
    'QUANTITY_NOT_POSITIVE',
    ['data', 'qty'],
  ],
  ['qty zero on a sale', () => parseEvent(event({ qty: '0' })), 'QUANTITY_NOT_POSITIVE', ['data', 'qty']],
  [
    'qty beyond item scale',
    () => parseEvent(event({ qty: '1.5' }), { items }),
    'QUANTITY_SCALE_EXCEEDED',
    ['data', 'qty'],
  ],
  [
    'kg qty beyond scale',
    () => parseEvent(event({ sku: 'RICE', qty: '1.0005' }, { subject: 'RICE' }), { items }),
    'QUANTITY_SCALE_EXCEEDED',
    ['data', 'qty'],
  ],
  [
    'unknown sku with catalog',
    () => parseEvent(event({ sku: 'GHOST' }), { items }),
    'ITEM_UNKNOWN',
    ['data', 'sku'],
  ],
  ['sku missing', () => parseEvent(event({ sku: undefined })), 'VALIDATION_FAILED', ['data', 'sku']],
  ['sku with spaces', () => parseEvent(event({ sku: 'T E E' })), 'ID_INVALID', ['data', 'sku']],
  ['unknown data field', () => parseEvent(event({ qyt: '1' })), 'VALIDATION_FAILED', ['data']],
  [
    'subject mismatch',
    () => parseEvent(event({}, { subject: 'OTHER' })),
    'EVENT_SUBJECT_MISMATCH',
    ['subject'],
  ],
  [
    'partitionkey mismatch',
    () => parseEvent(event({}, { partitionkey: 'OTHER' })),
    'EVENT_SUBJECT_MISMATCH',
    ['partitionkey'],
  ],
  [
    'adjustment delta zero',
    () =>
      parseEvent(
        event({ delta: '0', reasonCode: 'found', qty: undefined }, { type: 'omnistock.stock.adjusted.v1' }),
      ),
    'QUANTITY_NOT_POSITIVE',
    ['data', 'delta'],
  ],
  [
    'adjustment reason unknown',
    () =>
      parseEvent(
        event({ delta: '1', reasonCode: 'vibes', qty: undefined }, { type: 'omnistock.stock.adjusted.v1' }),
      ),
    'VALIDATION_FAILED',
    ['data', 'reasonCode'],
  ],
  [
    'count negative',
    () => parseEvent(event({ onHand: '-3', qty: undefined }, { type: 'omnistock.stock.counted.v1' })),
    'QUANTITY_NEGATIVE',
    ['data', 'onHand'],
  ],
  [
    'status change to the same status',
    () => parseEvent(event({ from: 'damaged', to: 'damaged' }, { type: 'omnistock.stock.statusChanged.v1' })),
    'VALIDATION_FAILED',
    ['data', 'to'],
  ],
  [
    'transfer to itself',
    () =>
      parseEvent(
        event(
          { transferId: 'T1', from: 'dc-1', to: 'dc-1', eta: '2026-12-05T00:00:00Z', location: undefined },
          { type: 'omnistock.transfer.shipped.v1' },
        ),
      ),
    'VALIDATION_FAILED',
    ['data', 'to'],
  ],
  [
    'reservation held without lines',
    () =>
      parseEvent(
        event(
          {
            reservationId: 'R1',
            channel: 'web',
            lines: [],
            expiresAt: '2026-12-04T11:00:00Z',
            sku: undefined,
            location: undefined,
            qty: undefined,
          },
          { type: 'omnistock.reservation.held.v1' },
        ),
      ),
    'VALIDATION_FAILED',
    ['data', 'lines'],
  ],
  [
    'reservation line qty beyond scale',
    () =>
      parseEvent(
        event(
          {
            reservationId: 'R1',
            channel: 'web',
            lines: [{ sku: 'TEE', location: 'store-1', qty: '0.5' }],
            expiresAt: '2026-12-04T11:00:00Z',
            sku: undefined,
            location: undefined,
            qty: undefined,
          },
          { type: 'omnistock.reservation.held.v1' },
        ),
        { items },
      ),
    'QUANTITY_SCALE_EXCEEDED',
    ['data', 'lines', 0, 'qty'],
  ],
];

describe('bad input gives a typed error with the right code and path', () => {
  const all = [...quantityCases, ...itemCases, ...eventCases];
  it('has at least 30 cases', () => {
    expect(all.length).toBeGreaterThanOrEqual(30);
  });
  it.each(all.map((c) => [c[0], c] as const))('%s', (_name, [, run, code, path]) => {
    const r = run();
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.error.code).toBe(code);
    if (path) expect(r.error.path).toEqual(path);
    expect(r.error.message.length).toBeGreaterThan(0);
  });
});

describe('accepted spellings', () => {
  it.each([
    ['12.500', 'kg', '12.5'],
    ['+3', 'each', '3'],
    ['1e2', 'each', '100'],
    ['1.5e1', 'each', '15'],
    ['2.50e-1', 'kg', '0.25'],
    ['-0', 'each', '0'],
    ['007', 'each', '7'],
    ['1.000', 'each', '1'],
  ])('%s %s → %s', (input, unit, out) => {
    const r = Quantity.parse(input, unit);
    expect(r.ok && r.value.toString()).toBe(out);
  });
});
