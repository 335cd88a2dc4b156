import { readdirSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runConformance } from '../runner';
import { ledgerKind } from './ledger';

const dir = resolve(import.meta.dirname, '../../../../../specs/conformance/ledger');
const vector = {
  kind: 'ledger',
  name: 'x',
  items: [{ sku: 'A', unit: 'each' }],
  events: [
    {
      specversion: '1.0',
      id: 'c',
      source: 't',
      type: 'omnistock.stock.counted.v1',
      time: '2026-03-01T12:00:00Z',
      data: { sku: 'A', location: 's1', onHand: '10' },
    },
    {
      specversion: '1.0',
      id: 's',
      source: 't',
      type: 'omnistock.sale.recorded.v1',
      time: '2026-03-01T11:00:00Z',
      data: { sku: 'A', location: 's1', qty: '2' },
    },
  ],
  orderInsensitive: true,
};

describe('ledger kind', () => {
  it('passes every ledger vector (at least 30)', () => {
    expect(readdirSync(dir).filter((f) => f.endsWith('.json')).length).toBeGreaterThanOrEqual(30);
    const s = runConformance(dir);
    expect(s.reports.filter((r) => r.status !== 'pass')).toEqual([]);
  });

  it('fails a vector whose expectation is wrong, naming the path', () => {
    const out = ledgerKind.run({
      ...vector,
      expected: { positions: [{ sku: 'A', onHand: '8' }], absorbed: [] },
    });
    expect(out.status).toBe('fail');
    expect(out.status === 'fail' && out.mismatches.map((m) => m.path)).toEqual([
      ['positions', 0, 'onHand'],
      ['absorbed'],
    ]);
    expect(
      ledgerKind.run({ ...vector, expected: { positions: [{ sku: 'A', onHand: '10' }], absorbed: ['s'] } })
        .status,
    ).toBe('pass');
  });

  it('reports a malformed vector with its path', () => {
    const out = ledgerKind.run({ kind: 'ledger', name: 'x', items: [], events: [], expected: {} });
    expect(out).toMatchObject({ status: 'malformed', path: ['items'] });
  });
});
