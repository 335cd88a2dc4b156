import { describe, expect, it } from 'vitest';
import { canonicalJson, parseCsv, parseCsvObjects, stableEventId, writeCsv } from '../index';

describe('csv (RFC 4180)', () => {
  it.each([
    {
      name: 'CRLF and LF records',
      text: 'a,b\r\nc,d\ne,f',
      records: [
        ['a', 'b'],
        ['c', 'd'],
        ['e', 'f'],
      ],
      lines: [1, 2, 3],
    },
    {
      name: 'quoted comma, doubled quote, embedded newline',
      text: '"x,y","say ""hi""","1\n2"\nz,,',
      records: [
        ['x,y', 'say "hi"', '1\n2'],
        ['z', '', ''],
      ],
      lines: [1, 3],
    },
    {
      name: 'BOM and trailing newline',
      text: '\uFEFFsku\r\nA\r\n',
      records: [['sku'], ['A']],
      lines: [1, 2],
    },
    {
      name: 'blank lines skipped, empty quoted field kept',
      text: 'a\n\n""\nb\n',
      records: [['a'], [''], ['b']],
      lines: [1, 3, 4],
    },
  ])('$name', ({ text, records, lines }) => {
    const r = parseCsv(text);
    expect(r.errors).toEqual([]);
    expect(r.records.map((x) => x.fields)).toEqual(records);
    expect(r.records.map((x) => x.line)).toEqual(lines);
  });

  it.each([
    { name: 'unterminated quote', text: 'a,b\n"open,c\n', line: 2, kept: 1 },
    { name: 'quote inside an unquoted field', text: 'a,b\nx"y,c\nd,e\n', line: 2, kept: 2 },
    { name: 'text after a closing quote', text: 'a,b\n"x"y,c\nd,e\n', line: 2, kept: 2 },
  ])('reports $name with its line and keeps going', ({ text, line, kept }) => {
    const r = parseCsv(text);
    expect(r.errors.map((e) => e.line)).toEqual([line]);
    expect(r.records).toHaveLength(kept);
  });

  it('writes only the quotes it needs, CRLF line ends', () => {
    expect(writeCsv([['a', 'b,c', 'd"e', ' f', 1, undefined, null, true]])).toBe(
      'a,"b,c","d""e"," f",1,,,true\r\n',
    );
  });

  it('reads objects by header and reports ragged rows', () => {
    const r = parseCsvObjects('sku, onHand\nA,5\nB\nC,\n');
    expect(r.rows).toEqual([
      { line: 2, values: { sku: 'A', onHand: '5' } },
      { line: 4, values: { sku: 'C' } },
    ]);
    expect(r.errors).toEqual([{ line: 3, message: 'expected 2 fields, found 1' }]);
  });
});

describe('stable ids', () => {
  it('canonical JSON ignores key order and undefined members', () => {
    expect(canonicalJson({ b: 1, a: [2, { d: 3, c: undefined }] })).toBe('{"a":[2,{"d":3}],"b":1}');
    expect(stableEventId('x', 's', { a: 1, b: 2 })).toBe(stableEventId('x', 's', { b: 2, a: 1 }));
  });

  it('depends on the source and on the identity', () => {
    const id = stableEventId('pos', 'pos/1', { receiptRef: 'R', line: 1 });
    expect(id).toMatch(/^pos-[0-9a-f]{32}$/);
    expect(stableEventId('pos', 'pos/2', { receiptRef: 'R', line: 1 })).not.toBe(id);
    expect(stableEventId('pos', 'pos/1', { receiptRef: 'R', line: 2 })).not.toBe(id);
    // no ambiguity from concatenation
    expect(stableEventId('p', 'ab', 'c')).not.toBe(stableEventId('p', 'a', 'bc'));
  });
});
