import { readdirSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runConformance } from '../runner';
import { reservationKind } from './reservation';

const dir = resolve(import.meta.dirname, '../../../../../specs/conformance/reservation');
const vector = {
  kind: 'reservation',
  name: 'x',
  items: [{ sku: 'A', unit: 'each' }],
  availability: [{ sku: 'A', location: 's1', qty: '1' }],
  steps: [
    {
      at: '2026-03-01T10:00:00Z',
      command: {
        type: 'create',
        idempotencyKey: 'k',
        reservationId: 'r1',
        channel: 'web',
        lines: [{ sku: 'A', location: 's1', qty: '2' }],
        expiresAt: '2026-03-01T10:15:00Z',
      },
    },
  ],
};

describe('reservation kind', () => {
  it('passes every reservation vector (at least 30)', () => {
    expect(readdirSync(dir).filter((f) => f.endsWith('.json')).length).toBeGreaterThanOrEqual(30);
    const s = runConformance(dir);
    expect(s.reports.filter((r) => r.status !== 'pass')).toEqual([]);
  });

  it('fails a vector whose expectation is wrong', () => {
    expect(
      reservationKind.run({ ...vector, expected: { steps: [{ error: { code: 'INSUFFICIENT_STOCK' } }] } })
        .status,
    ).toBe('pass');
    const out = reservationKind.run({ ...vector, expected: { steps: [{ reservation: { state: 'held' } }] } });
    expect(out.status).toBe('fail');
  });

  it('reports a malformed vector with its path', () => {
    expect(reservationKind.run({ ...vector, steps: [], expected: {} })).toMatchObject({
      status: 'malformed',
      path: ['steps'],
    });
  });
});
