import Decimal from 'decimal.js';
import type { ErrorCode } from './errors';
import { DECIMAL_PATTERN, MAX_MINOR } from './internal/decimal-text';
import type { Rounding } from './quantity';

const D = Decimal.clone({ precision: 80, rounding: Decimal.ROUND_DOWN, toExpNeg: -100, toExpPos: 100 });

function canonical(d: Decimal): string {
  return d.isZero() ? '0' : d.toFixed();
}

/**
 * The decimal.js reference implementation of quantity semantics, on decimal strings. It is slow
 * and obviously right; property tests prove the fast `Quantity` equal to it, and other-language
 * implementations can use it as their oracle.
 *
 * @example
 * QuantityReference.add('0.1', '0.2'); // '0.3'
 */
export const QuantityReference = {
  /** Canonical string of `input` at `scale`, or the error code a parse must give. */
  parse(input: unknown, scale: number): string | ErrorCode {
    if (typeof input !== 'string' || !DECIMAL_PATTERN.test(input)) return 'QUANTITY_INVALID';
    const m = DECIMAL_PATTERN.exec(input);
    const exp = Number(m?.[4] ?? 0);
    const nonZero = /[1-9]/.test(`${m?.[2]}${m?.[3] ?? ''}`);
    if (Math.abs(exp) > 1000)
      return !nonZero ? '0' : exp > 0 ? 'QUANTITY_OUT_OF_RANGE' : 'QUANTITY_SCALE_EXCEEDED';
    const d = new D(input);
    if (d.decimalPlaces() > scale) return 'QUANTITY_SCALE_EXCEEDED';
    if (d.abs().times(new D(10).pow(scale)).gt(MAX_MINOR)) return 'QUANTITY_OUT_OF_RANGE';
    return canonical(d);
  },
  add(a: string, b: string): string {
    return canonical(new D(a).plus(b));
  },
  sub(a: string, b: string): string {
    return canonical(new D(a).minus(b));
  },
  compare(a: string, b: string): -1 | 0 | 1 {
    return new D(a).comparedTo(b) as -1 | 0 | 1;
  },
  min(a: string, b: string): string {
    return canonical(D.min(a, b));
  },
  max(a: string, b: string): string {
    return canonical(D.max(a, b));
  },
  /** `percent`% of `a`, rounded to `scale` places towards +∞ (`up`) or −∞ (`down`). */
  percentOf(a: string, percent: string, rounding: Rounding, scale: number): string {
    const exact = new D(a).times(percent).dividedBy(100);
    return canonical(exact.toDecimalPlaces(scale, rounding === 'up' ? D.ROUND_CEIL : D.ROUND_FLOOR));
  },
  /** `a` rounded towards −∞ to a whole number of `multiple`. */
  roundDownTo(a: string, multiple: string): string {
    const n = new D(a).dividedBy(multiple).toDecimalPlaces(0, D.ROUND_FLOOR);
    return canonical(n.times(multiple));
  },
} as const;
