import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { Ajv2020 } from 'ajv/dist/2020.js';
import { describe, expect, it } from 'vitest';
import { vectorFiles } from './runner';
import { vectorJsonSchema } from './schema';

const root = resolve(import.meta.dirname, '../../../../specs/conformance');
const checkedIn = JSON.parse(readFileSync(join(root, 'vector.schema.json'), 'utf8'));
const read = (file: string) => JSON.parse(readFileSync(join(root, file), 'utf8'));

describe('specs/conformance/vector.schema.json', () => {
  it('is the schema generated from the zod vector schemas (no drift)', () => {
    expect(checkedIn).toEqual(vectorJsonSchema());
  });
  it('has a branch for every kind with a zod schema: atp, ledger and reservation', () => {
    const branches = checkedIn.$defs.Vector.allOf as { if: { properties: { kind: { const: string } } } }[];
    expect(branches.map((b) => b.if.properties.kind.const)).toEqual(['atp', 'ledger', 'reservation']);
    expect(Object.keys(checkedIn.$defs)).toEqual(
      expect.arrayContaining(['AtpVector', 'LedgerVector', 'ReservationVector']),
    );
  });

  const ajv = new Ajv2020({ strict: false, allErrors: true });
  const validate = ajv.compile(checkedIn);
  for (const kind of ['atp', 'ledger', 'reservation']) {
    it(`accepts every ${kind} vector`, () => {
      const files = vectorFiles(join(root, kind));
      expect(files.length).toBeGreaterThanOrEqual(30);
      for (const file of files) {
        const vector = JSON.parse(readFileSync(file, 'utf8'));
        expect(vector.kind).toBe(kind);
        const ok = validate(vector);
        expect({ file, errors: ok ? null : validate.errors }).toEqual({ file, errors: null });
      }
    });
  }

  it('rejects a malformed atp vector', () => {
    const bad = read('atp/bucket-design-example.json');
    bad.query.type = 'nowhere';
    expect(validate(bad)).toBe(false);
  });
  it('rejects malformed ledger vectors', () => {
    const good = read('ledger/count-sets-on-hand.json');
    expect(validate(good)).toBe(true);
    const { events: _events, ...noEvents } = good;
    expect(validate(noEvents)).toBe(false);
    expect(validate({ ...good, items: [] })).toBe(false);
    expect(validate({ ...good, surprise: true })).toBe(false);
    expect(validate({ ...good, expected: { ...good.expected, absorbed: [1] } })).toBe(false);
  });
  it('rejects malformed reservation vectors', () => {
    const good = read('reservation/commit.json');
    expect(validate(good)).toBe(true);
    const { availability: _availability, ...noAvailability } = good;
    expect(validate(noAvailability)).toBe(false);
    expect(validate({ ...good, steps: [] })).toBe(false);
    expect(validate({ ...good, idempotencyRetentionMs: -1 })).toBe(false);
    expect(validate({ ...good, expected: { ...good.expected, surprise: [] } })).toBe(false);
  });
});
