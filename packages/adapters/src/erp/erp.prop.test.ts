import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseCsv, writeCsv } from '../common/csv';
import { importItems, importStockSnapshot } from './index';

const arbCell = fc.oneof(
  fc.string({ maxLength: 8 }),
  fc.constantFrom('a,b', 'say "hi"', 'line\r\nbreak', 'cr\ronly', ' padded ', '', '"', '\n'),
);

describe('csv', () => {
  it('parse(write(rows)) is the identity (RFC 4180 quoting), and line numbers count physical lines', () => {
    fc.assert(
      fc.property(fc.array(fc.array(arbCell, { minLength: 1, maxLength: 5 }), { maxLength: 8 }), (rows) => {
        const text = writeCsv(rows);
        const parsed = parseCsv(text);
        expect(parsed.errors).toEqual([]);
        expect(parsed.records.map((r) => r.fields)).toEqual(rows);
        let line = 1;
        parsed.records.forEach((r, i) => {
          expect(r.line).toBe(line);
          line += 1 + (rows[i] ?? []).join('').split('\n').length - 1;
        });
      }),
      { numRuns: 1000 },
    );
  });
});

const arbItemRow = fc.record({
  sku: fc.constantFrom('A', 'B', 'C', 'D', 'bad sku', ''),
  unit: fc.constantFrom('each', 'kg', 'furlong'),
  scale: fc.constantFrom(undefined, 0, 3, 7),
  sellMultiple: fc.constantFrom(undefined, '6', '0.5'),
});

describe('erp imports are deterministic and lose nothing', () => {
  it('CSV and JSON imports agree, repeat identically, and account for every row', () => {
    fc.assert(
      fc.property(fc.array(arbItemRow, { maxLength: 8 }), (rows) => {
        const json = rows.map((r) =>
          Object.fromEntries(Object.entries(r).filter(([, v]) => v !== undefined && v !== '')),
        );
        const csv = writeCsv([
          ['sku', 'name', 'unit', 'scale', 'sellMultiple'],
          ...rows.map((r) => [r.sku, undefined, r.unit, r.scale, r.sellMultiple]),
        ]);
        const a = importItems(csv);
        expect(importItems(csv)).toEqual(a);
        const b = importItems(json);
        expect(b.rows).toEqual(a.rows);
        expect(b.errors.map((e) => [e.line + 1, e.code])).toEqual(a.errors.map((e) => [e.line, e.code]));
        expect(a.rows.length + a.errors.length).toBe(rows.length);
      }),
      { numRuns: 1000 },
    );
  });

  it('snapshot import: every row is imported or reported, never both', () => {
    fc.assert(
      fc.property(
        fc.array(
          fc.record({
            sku: fc.constantFrom('A', 'B', 'x y'),
            location: fc.constantFrom('dc-1', 'dc-2'),
            onHand: fc.constantFrom('1', '2.5', '-1', 'n/a'),
            asOf: fc.constantFrom('2026-03-01T00:00:00Z', 'today'),
          }),
          { maxLength: 8 },
        ),
        (rows) => {
          const r = importStockSnapshot(rows);
          expect(importStockSnapshot(rows)).toEqual(r);
          expect(r.rows.length + r.errors.length).toBe(rows.length);
          const bad = new Set(r.errors.map((e) => e.line));
          expect(bad.size).toBe(r.errors.length);
        },
      ),
      { numRuns: 1000 },
    );
  });
});
