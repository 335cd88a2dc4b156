import {
  asId,
  type Item,
  type LocationId,
  parsePosition,
  type Sku,
  type StockPositionJson,
} from '@omnistock/core';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { PositionRecord } from '../store/records';
import { DecodedPositions, jsonEqual } from './decoded-positions';

const RUNS = { numRuns: 1000 };
const LOCATIONS = ['S1', 'S2', 'S3'] as const;
const each: Item = { sku: asId<Sku>('A'), unit: 'each' };
const kg: Item = { sku: asId<Sku>('A'), unit: 'kg' };

/** A bucket as text: mostly valid at the item's scale, sometimes not (too many decimals, negative). */
const bucket = fc.oneof(
  { weight: 8, arbitrary: fc.integer({ min: 0, max: 40 }).map(String) },
  { weight: 1, arbitrary: fc.constantFrom('0.5', '1.25', '2.0005') },
  { weight: 1, arbitrary: fc.constant('-1') },
);

const lot = fc.record({
  id: fc.constantFrom('po-1', 'po-2'),
  qty: bucket,
  eta: fc.constantFrom('2026-12-05T10:00:00Z', '2026-12-06T00:00:00.000Z'),
});

const arbPosition = (location: string): fc.Arbitrary<StockPositionJson> =>
  fc.record({
    sku: fc.constant(asId<Sku>('A')),
    location: fc.constant(asId<LocationId>(location)),
    onHand: bucket,
    damaged: fc.constantFrom('0', '1'),
    qualityControl: fc.constant('0'),
    committed: bucket,
    reserved: fc.constantFrom('0', '2'),
    incoming: fc.array(lot, { maxLength: 2 }),
    inTransit: fc.array(
      lot.map((l) => ({ ...l, from: asId<LocationId>('DC') })),
      { maxLength: 1 },
    ),
    asOf: fc.constantFrom(null, '2026-12-04T09:00:00Z'),
  });

/** One read of a sku: which locations have a row, and each row's position. */
const arbRead = fc
  .tuple(...LOCATIONS.map((l) => fc.option(arbPosition(l), { nil: undefined })))
  .map((ps) => ps.filter((p): p is StockPositionJson => p !== undefined));

/** How a store hands a row back on the next read: the same object, a copy, or a frozen copy. */
const arbHanding = fc.constantFrom('same', 'copy', 'frozen');

function deepFreeze<T>(value: T): T {
  if (typeof value === 'object' && value !== null) {
    for (const v of Object.values(value)) deepFreeze(v);
    Object.freeze(value);
  }
  return value;
}

/** What decoding every row with zod gives: the list, or the first failure. */
function reference(item: Item, rows: readonly PositionRecord[]) {
  const out = [];
  for (const row of rows) {
    const p = parsePosition(row.position, item);
    if (!p.ok) return p;
    out.push(p.value);
  }
  return { ok: true as const, value: out };
}

describe('DecodedPositions', () => {
  it('decodes exactly as parsePosition does, reusing the decode of unchanged rows and the list when none changed', () => {
    fc.assert(
      fc.property(
        fc.constantFrom(each, kg),
        fc.array(fc.tuple(fc.boolean(), arbRead, arbHanding), { minLength: 1, maxLength: 8 }),
        (item, steps) => {
          const decoded = new DecodedPositions();
          let previous:
            | { rows: PositionRecord[]; result: ReturnType<DecodedPositions['decode']> }
            | undefined;
          for (const [repeat, read, handing] of steps) {
            // a repeat hands the previous rows back (as the same objects, copies or frozen copies)
            const rows: PositionRecord[] =
              repeat && previous
                ? previous.rows.map((r) =>
                    handing === 'same'
                      ? r
                      : handing === 'copy'
                        ? structuredClone(r)
                        : deepFreeze(structuredClone(r)),
                  )
                : read.map((position, i) => {
                    const rec = { position, version: i + 1 };
                    return handing === 'frozen' ? deepFreeze(rec) : rec;
                  });
            const result = decoded.decode(item, rows);
            expect(result).toEqual(reference(item, rows));
            if (result.ok && previous?.result.ok) {
              const before = previous.result.value;
              const same = jsonEqual(
                rows.map((r) => r.position),
                previous.rows.map((r) => r.position),
              );
              // nothing changed: the very same list; else each unchanged row keeps its decoded object
              if (same) expect(result.value).toBe(before);
              for (const [i, p] of result.value.entries()) {
                const was = previous.rows.findIndex(
                  (r) => r.position.location === rows[i]?.position.location,
                );
                const unchanged = was >= 0 && jsonEqual(previous.rows[was]?.position, rows[i]?.position);
                if (unchanged) expect(p).toBe(before[was]);
                else expect(p).not.toBe(before[was]);
              }
            }
            // what a caller later does to rows it owns does not change what was decoded
            if (!Object.isFrozen(rows[0]?.position) && rows[0]) {
              (rows[0].position as { onHand: string }).onHand = '12345';
              const again = decoded.decode(item, rows);
              expect(again).toEqual(reference(item, rows));
            }
            previous = { rows, result: decoded.decode(item, rows) };
          }
        },
      ),
      RUNS,
    );
  });

  it('jsonEqual compares JSON values structurally', () => {
    expect(jsonEqual({ a: [1, '2', null], b: { c: true } }, { b: { c: true }, a: [1, '2', null] })).toBe(
      true,
    );
    expect(jsonEqual({ a: [1] }, { a: [1, 2] })).toBe(false);
    expect(jsonEqual({ a: 1 }, { a: 1, b: undefined })).toBe(false);
    expect(jsonEqual([], {})).toBe(false);
    expect(jsonEqual(null, {})).toBe(false);
    expect(jsonEqual('1', 1)).toBe(false);
  });
});
