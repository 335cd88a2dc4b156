import { z } from 'zod';
import { DECIMAL_PATTERN } from './internal/decimal-text';
import { parseMinor } from './quantity';
import { MAX_SCALE } from './units';
import { coded, typeError } from './validation';

type Sign = 'any' | 'nonNegative' | 'positive' | 'nonZero';

const descriptions: Record<Sign, string> = {
  any: 'An exact decimal quantity as a string (may be negative).',
  nonNegative: 'An exact non-negative decimal quantity as a string.',
  positive: 'An exact positive decimal quantity as a string.',
  nonZero: 'An exact non-zero decimal quantity as a string (a signed delta).',
};

function decimalString(sign: Sign) {
  return z
    .string({ error: typeError('QUANTITY_INVALID', 'quantity must be a decimal string') })
    .regex(DECIMAL_PATTERN, { error: coded('QUANTITY_INVALID', 'not a decimal number') })
    .check((ctx) => {
      const r = parseMinor(ctx.value, MAX_SCALE);
      if (!r.ok) {
        ctx.issues.push({ code: 'custom', input: ctx.value, message: coded(r.error.code, r.error.message) });
        return;
      }
      const v = r.value;
      const bad =
        sign === 'nonNegative' && v < 0
          ? coded('QUANTITY_NEGATIVE', 'must not be negative')
          : sign === 'positive' && v <= 0
            ? coded('QUANTITY_NOT_POSITIVE', 'must be positive')
            : sign === 'nonZero' && v === 0
              ? coded('QUANTITY_NOT_POSITIVE', 'a delta must not be zero')
              : undefined;
      if (bad) ctx.issues.push({ code: 'custom', input: ctx.value, message: bad });
    })
    .meta({
      description: descriptions[sign],
      examples: [sign === 'any' || sign === 'nonZero' ? '-2' : '12.5'],
    });
}

/** A decimal string quantity, any sign. Its scale is checked against the item where the item is known. */
export const DecimalSchema = decimalString('any');
/** A decimal string quantity ≥ 0. */
export const NonNegativeDecimalSchema = decimalString('nonNegative');
/** A decimal string quantity > 0. */
export const PositiveDecimalSchema = decimalString('positive');
/** A decimal string quantity ≠ 0 (a delta). */
export const NonZeroDecimalSchema = decimalString('nonZero');

/** A percentage 0–100 as a decimal string. */
export const PercentSchema = z
  .string({ error: coded('PERCENT_INVALID', 'percent must be a decimal string') })
  .regex(/^\d+(\.\d{1,6})?$/, { error: coded('PERCENT_INVALID', 'percent must be a decimal from 0 to 100') })
  .refine((s) => Number(s) <= 100, { error: coded('PERCENT_INVALID', 'percent must not exceed 100') })
  .meta({ description: 'A percentage from 0 to 100 as a decimal string.', examples: ['10'] });
