import { describe, expect, it } from 'vitest';
import { isNegative, subtract } from './decimal';

describe('exact decimal text', () => {
  it('subtracts at the widest scale and trims trailing zeros', () => {
    expect(subtract('10', '1.5', '2')).toBe('6.5');
    expect(subtract('41.5', '42.5')).toBe('-1');
    expect(subtract('0.1', '0.3')).toBe('-0.2');
    expect(subtract('12345678901234567890.001', '0.001')).toBe('12345678901234567890');
    expect(subtract('5')).toBe('5');
  });

  it('tells negatives', () => {
    expect(isNegative('-0.001')).toBe(true);
    expect(isNegative('0')).toBe(false);
    expect(isNegative('-0')).toBe(false);
    expect(() => subtract('1e3')).toThrow(/plain decimal/);
  });
});
