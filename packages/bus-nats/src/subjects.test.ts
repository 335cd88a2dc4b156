import { describe, expect, it } from 'vitest';
import { eventSubjectFor, subjectToken, typeFilter, typeTokens } from './subjects';

describe('subjects', () => {
  it('encodes partition keys as one safe, distinct token', () => {
    expect(subjectToken('SKU-1_a')).toBe('SKU-1_a');
    expect(subjectToken('A.b/1')).toBe('A~2Eb~2F1');
    expect(subjectToken('a*>~ é')).toBe('a~2A~3E~7E~20~C3~A9');
    expect(subjectToken('A.B')).not.toBe(subjectToken('A~2EB'));
    for (const t of ['x.y', 'x*', 'x>', 'x y', '']) expect(subjectToken(t)).toMatch(/^[A-Za-z0-9_~-]+$/);
  });

  it('routes events by type and sku', () => {
    expect(typeTokens('omnistock.stock.adjusted.v1')).toBe('stock.adjusted.v1');
    expect(eventSubjectFor('omnistock.events', 'omnistock.stock.adjusted.v1', 'A.1')).toBe(
      'omnistock.events.stock.adjusted.v1.A~2E1',
    );
    expect(eventSubjectFor('p', 'omnistock.reservation.held.v1', undefined)).toBe('p.reservation.held.v1._');
    expect(typeFilter('p', 'omnistock.sale.recorded.v1')).toBe('p.sale.recorded.v1.*');
  });
});
