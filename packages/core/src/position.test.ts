import { describe, expect, it } from 'vitest';
import type { Item } from './catalog';
import { asId, type Sku } from './ids';
import {
  free,
  oversoldBy,
  parsePosition,
  positionToJson,
  positionViolations,
  sellable,
  StockPositionSchema,
} from './position';

const item: Item = { sku: asId<Sku>('A'), unit: 'each' };
const wire = (over: Record<string, unknown> = {}) => ({
  sku: 'A',
  location: 'S1',
  onHand: '5',
  damaged: '0',
  qualityControl: '0',
  committed: '0',
  reserved: '0',
  incoming: [],
  inTransit: [],
  asOf: null,
  ...over,
});

describe('StockPositionSchema: the signed buckets of DESIGN §3', () => {
  it('accepts a negative onHand, damaged and qualityControl (an exception, reported, not hidden)', () => {
    for (const bucket of ['onHand', 'damaged', 'qualityControl']) {
      expect(StockPositionSchema.safeParse(wire({ [bucket]: '-5' })).success).toBe(true);
    }
  });

  it('still refuses a negative committed, reserved or lot quantity, which the ledger never produces', () => {
    const lot = { id: 'po-1', qty: '-1', eta: '2026-12-06T00:00:00Z' };
    for (const bad of [
      { committed: '-1' },
      { reserved: '-1' },
      { incoming: [lot] },
      { inTransit: [{ ...lot, from: 'DC' }] },
    ]) {
      const r = StockPositionSchema.safeParse(wire(bad));
      expect(r.success).toBe(false);
      expect(r.error?.issues[0]?.message).toMatch(/QUANTITY_NEGATIVE|must not be negative/);
    }
  });
});

describe('parsePosition', () => {
  it('decodes an oversold position as the ledger reports it (round trip), and names its violations', () => {
    const json = wire({ onHand: '-5', damaged: '-1', qualityControl: '-2' });
    const p = parsePosition(json, item);
    expect(p.ok).toBe(true);
    if (!p.ok) return;
    expect(p.value.onHand.toString()).toBe('-5');
    expect(positionToJson(p.value)).toEqual(json);
    expect(positionViolations(p.value).map((v) => v.bucket ?? v.rule)).toEqual([
      'onHand',
      'damaged',
      'qualityControl',
      'unsellableExceedsOnHand', // −1 + −2 > −5
    ]);
  });

  it('refuses a negative committed / reserved / lot and too many decimals in a signed bucket, with the path', () => {
    const neg = parsePosition(wire({ reserved: '-1' }), item);
    expect(neg).toMatchObject({ ok: false, error: { path: ['reserved'] } });
    const lot = parsePosition(
      wire({ incoming: [{ id: 'po-1', qty: '-1', eta: '2026-12-06T00:00:00Z' }] }),
      item,
    );
    expect(lot.ok).toBe(false);
    const scale = parsePosition(wire({ onHand: '-1.5' }), item);
    expect(scale).toMatchObject({ ok: false, error: { code: 'QUANTITY_SCALE_EXCEEDED', path: ['onHand'] } });
  });
});

describe('sellable / free / oversoldBy with a negative unsellable subset (DESIGN §3)', () => {
  const at = (over: Record<string, unknown>) => {
    const p = parsePosition(wire(over), item);
    if (!p.ok) throw new Error(p.error.message);
    return p.value;
  };

  it('counts a negative damaged as 0: sellable never exceeds onHand (no phantom units)', () => {
    // damaged → sellable 2 applied to an empty damaged bucket leaves damaged −2
    const p = at({ onHand: '10', damaged: '-2' });
    expect(sellable(p).toString()).toBe('10');
    expect(free(p).toString()).toBe('10');
    expect(oversoldBy(p).toString()).toBe('0');
  });

  it('counts a negative qualityControl as 0, and a positive subset beside it still counts', () => {
    const p = at({ onHand: '10', damaged: '3', qualityControl: '-4', committed: '6', reserved: '2' });
    expect(sellable(p).toString()).toBe('7');
    expect(free(p).toString()).toBe('-1');
    expect(oversoldBy(p).toString()).toBe('1');
  });

  it('keeps the negative value on the position and reports it as a violation', () => {
    const p = at({ onHand: '10', damaged: '-2' });
    expect(positionToJson(p).damaged).toBe('-2');
    expect(positionViolations(p)).toEqual([
      { rule: 'bucketNegative', bucket: 'damaged', message: 'damaged is -2' },
    ]);
  });

  it('is unchanged for non-negative subsets', () => {
    const p = at({ onHand: '10', damaged: '2', qualityControl: '1', committed: '4' });
    expect(sellable(p).toString()).toBe('7');
    expect(free(p).toString()).toBe('3');
  });
});
