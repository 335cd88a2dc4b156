import { fail, ok, OmnistockError, type Result } from './errors';
import {
  DECIMAL_PATTERN,
  divRound,
  divRoundBig,
  formatMinor,
  MAX_MINOR,
  POW10,
} from './internal/decimal-text';
import { lookupUnit, MAX_SCALE } from './units';

/** What a quantity is measured in: a unit code and the number of decimal places allowed. */
export interface QuantitySpec {
  readonly unit: string;
  readonly scale: number;
}

/** Which values a parse accepts. */
export type Sign = 'any' | 'nonNegative' | 'positive';

/** Rounding direction: `up` is towards +∞ (ceiling), `down` towards −∞ (floor). */
export type Rounding = 'up' | 'down';

/**
 * An exact decimal quantity with a unit of measure. It is held as a safe integer count of minor
 * units (10^-scale), so arithmetic is exact and fast; decimal.js is the reference it is proven
 * equal to (see `QuantityReference`). Immutable.
 *
 * @example
 * const a = Quantity.parse('12.5', { unit: 'kg', scale: 3 });
 * if (a.ok) a.value.add(Quantity.of('0.25', 'kg')).toString(); // '12.75'
 */
export class Quantity {
  /** Count of minor units (value × 10^scale), a safe integer. */
  readonly minor: number;
  readonly unit: string;
  readonly scale: number;

  private constructor(minor: number, unit: string, scale: number) {
    this.minor = minor === 0 ? 0 : minor; // normalise -0
    this.unit = unit;
    this.scale = scale;
  }

  /**
   * Parses a decimal string for a unit (its default scale) or an explicit spec. Never throws.
   * @example
   * Quantity.parse('1.5', 'each'); // { ok: false, error: { code: 'QUANTITY_SCALE_EXCEEDED', ... } }
   */
  static parse(input: unknown, spec: QuantitySpec | string, sign: Sign = 'any'): Result<Quantity> {
    const s = resolveSpec(spec);
    if (!s.ok) return s;
    const minor = parseMinor(input, s.value.scale);
    if (!minor.ok) return minor;
    const v = minor.value;
    if (sign === 'nonNegative' && v < 0) {
      return fail('QUANTITY_NEGATIVE', `quantity must not be negative, got "${String(input)}"`);
    }
    if (sign === 'positive' && v <= 0) {
      return fail('QUANTITY_NOT_POSITIVE', `quantity must be positive, got "${String(input)}"`);
    }
    return ok(new Quantity(v, s.value.unit, s.value.scale));
  }

  /**
   * Parses or throws {@link OmnistockError}: for literals in code and tests.
   * @example
   * const five = Quantity.of('5', 'each');
   */
  static of(input: string, spec: QuantitySpec | string): Quantity {
    const r = Quantity.parse(input, spec);
    if (!r.ok) throw new OmnistockError(r.error);
    return r.value;
  }

  /**
   * A quantity from a count of minor units.
   * @example
   * Quantity.fromMinor(1250, { unit: 'kg', scale: 3 }).toString(); // '1.25'
   */
  static fromMinor(minor: number, spec: QuantitySpec): Quantity {
    if (!Number.isSafeInteger(minor)) {
      throw new OmnistockError({
        code: 'QUANTITY_OUT_OF_RANGE',
        message: `minor units ${minor} are not a safe integer`,
      });
    }
    return new Quantity(minor, spec.unit, spec.scale);
  }

  /**
   * Zero in a unit.
   * @example
   * Quantity.zero({ unit: 'each', scale: 0 }).isZero(); // true
   */
  static zero(spec: QuantitySpec): Quantity {
    return new Quantity(0, spec.unit, spec.scale);
  }

  /**
   * The sum of quantities of one spec (zero for an empty list).
   * @example
   * Quantity.sum([Quantity.of('1', 'each'), Quantity.of('2', 'each')], { unit: 'each', scale: 0 }); // 3
   */
  static sum(items: Iterable<Quantity>, spec: QuantitySpec): Quantity {
    let total = Quantity.zero(spec);
    for (const q of items) total = total.add(q);
    return total;
  }

  /** The unit and scale of this quantity. */
  get spec(): QuantitySpec {
    return { unit: this.unit, scale: this.scale };
  }

  /**
   * Exact sum. Throws `UNIT_MISMATCH` for another unit or scale, `QUANTITY_OUT_OF_RANGE` on overflow.
   * @example
   * Quantity.of('1.5', 'kg').add(Quantity.of('2', 'kg')).toString(); // '3.5'
   */
  add(other: Quantity): Quantity {
    this.assertSame(other);
    return this.withMinor(this.minor + other.minor);
  }

  /**
   * Exact difference (may be negative).
   * @example
   * Quantity.of('1', 'each').sub(Quantity.of('3', 'each')).toString(); // '-2'
   */
  sub(other: Quantity): Quantity {
    this.assertSame(other);
    return this.withMinor(this.minor - other.minor);
  }

  /**
   * The negation.
   * @example
   * Quantity.of('2', 'each').neg().toString(); // '-2'
   */
  neg(): Quantity {
    return new Quantity(-this.minor, this.unit, this.scale);
  }

  /**
   * −1, 0 or 1 as this is less than, equal to or greater than `other`.
   * @example
   * Quantity.of('1', 'each').compare(Quantity.of('2', 'each')); // -1
   */
  compare(other: Quantity): -1 | 0 | 1 {
    this.assertSame(other);
    return this.minor < other.minor ? -1 : this.minor > other.minor ? 1 : 0;
  }

  /** @example Quantity.of('1', 'each').eq(Quantity.of('1', 'each')); // true */
  eq(other: Quantity): boolean {
    return this.compare(other) === 0;
  }
  /** @example Quantity.of('1', 'each').lt(Quantity.of('2', 'each')); // true */
  lt(other: Quantity): boolean {
    return this.compare(other) < 0;
  }
  /** @example Quantity.of('2', 'each').lte(Quantity.of('2', 'each')); // true */
  lte(other: Quantity): boolean {
    return this.compare(other) <= 0;
  }
  /** @example Quantity.of('3', 'each').gt(Quantity.of('2', 'each')); // true */
  gt(other: Quantity): boolean {
    return this.compare(other) > 0;
  }
  /** @example Quantity.of('2', 'each').gte(Quantity.of('2', 'each')); // true */
  gte(other: Quantity): boolean {
    return this.compare(other) >= 0;
  }

  /**
   * The smaller of two quantities.
   * @example
   * Quantity.of('1', 'each').min(Quantity.of('2', 'each')).toString(); // '1'
   */
  min(other: Quantity): Quantity {
    return this.compare(other) <= 0 ? this : other;
  }

  /**
   * The larger of two quantities.
   * @example
   * Quantity.of('1', 'each').max(Quantity.of('2', 'each')).toString(); // '2'
   */
  max(other: Quantity): Quantity {
    return this.compare(other) >= 0 ? this : other;
  }

  /** @example Quantity.of('0', 'each').isZero(); // true */
  isZero(): boolean {
    return this.minor === 0;
  }
  /** @example Quantity.of('-1', 'each').isNegative(); // true */
  isNegative(): boolean {
    return this.minor < 0;
  }
  /** @example Quantity.of('1', 'each').isPositive(); // true */
  isPositive(): boolean {
    return this.minor > 0;
  }

  /**
   * `percent` % of this quantity, rounded to the scale in the given direction (`up` = ceiling).
   * `percent` is a decimal string (or a number of whole percent) from 0 to 100.
   * @example
   * Quantity.of('7', 'each').percentOf('10', 'up').toString(); // '1'
   */
  percentOf(percent: string | number | Percent, rounding: Rounding): Quantity {
    const p = percent instanceof Percent ? percent : Percent.of(percent);
    const a = this.minor * p.units;
    if (Math.abs(a) <= MAX_MINOR) return this.withMinor(divRound(a, p.denominator, rounding));
    const big = divRoundBig(BigInt(this.minor) * BigInt(p.units), BigInt(p.denominator), rounding);
    return this.withMinor(Number(big));
  }

  /**
   * Rounds down (towards −∞) to a whole number of `multiple` (a sell multiple or pack size).
   * @example
   * Quantity.of('11', 'each').roundDownTo(Quantity.of('4', 'each')).toString(); // '8'
   */
  roundDownTo(multiple: Quantity): Quantity {
    this.assertSame(multiple);
    if (multiple.minor <= 0) {
      throw new OmnistockError({
        code: 'SELL_MULTIPLE_INVALID',
        message: `sell multiple must be positive, got ${multiple.toString()}`,
      });
    }
    return this.withMinor(divRound(this.minor, multiple.minor, 'down') * multiple.minor);
  }

  /**
   * The canonical decimal string: no exponent, no trailing zeros, no `+`, `0` for zero.
   * @example
   * Quantity.of('12.500', 'kg').toString(); // '12.5'
   */
  toString(): string {
    return formatMinor(this.minor, this.scale);
  }

  /** Quantities serialise as decimal strings. */
  toJSON(): string {
    return this.toString();
  }

  private withMinor(minor: number): Quantity {
    if (!Number.isSafeInteger(minor)) {
      throw new OmnistockError({
        code: 'QUANTITY_OUT_OF_RANGE',
        message: `result is beyond the exact range for ${this.unit}`,
        details: { unit: this.unit },
      });
    }
    return new Quantity(minor, this.unit, this.scale);
  }

  private assertSame(other: Quantity): void {
    if (other.unit !== this.unit || other.scale !== this.scale) {
      throw new OmnistockError({
        code: 'UNIT_MISMATCH',
        message: `cannot combine ${this.unit}(scale ${this.scale}) with ${other.unit}(scale ${other.scale})`,
        details: { left: this.spec, right: other.spec },
      });
    }
  }
}

/**
 * A percentage between 0 and 100 with up to 6 decimals, held exactly.
 * @example
 * Percent.parse('12.5'); // { ok: true, value: Percent(12.5) }
 */
export class Percent {
  /** percent × 10^precision, an integer. */
  readonly units: number;
  /** 100 × 10^precision: the exact divisor. */
  readonly denominator: number;
  private readonly text: string;

  private constructor(units: number, precision: number, text: string) {
    this.units = units;
    this.denominator = 100 * (POW10[precision] ?? 1);
    this.text = text;
  }

  /**
   * Parses a percentage from 0 to 100 (a decimal string, or a number that is a whole percent).
   * @example
   * Percent.parse('150'); // { ok: false, error: { code: 'PERCENT_INVALID', ... } }
   */
  static parse(input: unknown): Result<Percent> {
    const text = typeof input === 'number' && Number.isInteger(input) ? String(input) : input;
    const m = parseMinor(text, 6);
    if (!m.ok || m.value < 0 || m.value > 100 * 1_000_000) {
      return fail('PERCENT_INVALID', `percent must be a decimal from 0 to 100, got ${JSON.stringify(input)}`);
    }
    return ok(new Percent(m.value, 6, formatMinor(m.value, 6)));
  }

  /**
   * Parses or throws.
   * @example
   * Percent.of('10').toString(); // '10'
   */
  static of(input: unknown): Percent {
    const r = Percent.parse(input);
    if (!r.ok) throw new OmnistockError(r.error);
    return r.value;
  }

  toString(): string {
    return this.text;
  }
  toJSON(): string {
    return this.text;
  }
}

function resolveSpec(spec: QuantitySpec | string): Result<QuantitySpec> {
  const unitCode = typeof spec === 'string' ? spec : spec.unit;
  const unit = lookupUnit(unitCode);
  if (!unit.ok) return unit;
  const scale = typeof spec === 'string' ? unit.value.defaultScale : spec.scale;
  if (!Number.isInteger(scale) || scale < 0 || scale > Math.min(unit.value.maxScale, MAX_SCALE)) {
    return fail('VALIDATION_FAILED', `scale ${scale} is not allowed for unit ${unitCode}`, {
      details: { unit: unitCode, scale, maxScale: unit.value.maxScale },
    });
  }
  return ok(typeof spec === 'string' ? { unit: unitCode, scale } : spec);
}

/**
 * Parses a decimal string into a safe integer count of 10^-scale units, exactly.
 * @example
 * parseMinor('12.5', 3); // { ok: true, value: 12500 }
 * Accepts an optional sign, an integer part, a fraction and an exponent (`1.5e2`); trailing zeros
 * do not count against the scale. Rejects JS numbers: quantities travel as strings.
 */
export function parseMinor(input: unknown, scale: number): Result<number> {
  if (typeof input !== 'string') {
    return fail(
      'QUANTITY_INVALID',
      `quantity must be a decimal string, got ${typeof input === 'number' ? `the number ${input}` : typeof input}`,
    );
  }
  const m = DECIMAL_PATTERN.exec(input);
  if (!m) return fail('QUANTITY_INVALID', `"${input.slice(0, 40)}" is not a decimal number`);
  const neg = m[1] === '-';
  const frac = m[3] ?? '';
  const exp = m[4] === undefined ? 0 : Number(m[4]);
  let digits = ((m[2] ?? '') + frac).replace(/^0+/, '');
  let places = frac.length - exp;
  if (digits === '') return ok(0);
  while (places > scale && digits.endsWith('0')) {
    digits = digits.slice(0, -1);
    places -= 1;
  }
  if (places > scale) {
    return fail('QUANTITY_SCALE_EXCEEDED', `"${input}" has more than ${scale} decimal places`, {
      details: { scale },
    });
  }
  const shift = scale - places;
  if (digits.length + shift > 22) return outOfRange(input);
  if (digits.length + shift > 16) {
    const big = BigInt(digits) * 10n ** BigInt(shift);
    if (big > BigInt(MAX_MINOR)) return outOfRange(input);
  }
  const value = Number(digits) * (POW10[shift] ?? 1);
  if (!Number.isSafeInteger(value)) return outOfRange(input);
  return ok(neg ? -value : value);
}

function outOfRange(input: string): Result<never> {
  return fail('QUANTITY_OUT_OF_RANGE', `"${input.slice(0, 40)}" is beyond the exact range`);
}
