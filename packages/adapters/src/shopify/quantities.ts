import { fail, failWithIssues, issuesFromZod, ok, type Result } from '@omnistock/core';
import { z } from 'zod';

/**
 * The inventory quantity names Shopify's `InventoryLevel.quantities(names: [...])` accepts.
 * @example
 * SHOPIFY_QUANTITY_NAMES.includes('on_hand'); // true
 */
export const SHOPIFY_QUANTITY_NAMES = [
  'available',
  'committed',
  'on_hand',
  'incoming',
  'reserved',
  'damaged',
  'safety_stock',
  'quality_control',
] as const;
/**
 * A Shopify inventory quantity name.
 * @example
 * const name: ShopifyQuantityName = 'quality_control';
 */
export type ShopifyQuantityName = (typeof SHOPIFY_QUANTITY_NAMES)[number];

/**
 * One entry of `InventoryLevel.quantities`: `{ name, quantity }` (Shopify `Int`).
 * @example
 * ShopifyQuantitySchema.parse({ name: 'on_hand', quantity: 7 });
 */
export const ShopifyQuantitySchema = z.object({
  name: z.enum(SHOPIFY_QUANTITY_NAMES),
  quantity: z.int(),
});
/**
 * One Shopify named quantity.
 * @example
 * const q: ShopifyQuantity = { name: 'on_hand', quantity: 7 };
 */
export type ShopifyQuantity = z.infer<typeof ShopifyQuantitySchema>;

/**
 * Shopify quantities in omnistock's vocabulary (decimal strings, `each`). Each is present only when
 * Shopify named it (or, for `onHand`, when it could be derived from `available`).
 * `safetyStock` is not a position bucket: in omnistock it is an ATP policy term (DESIGN §4).
 * @example
 * const q: CanonicalQuantities = { onHand: '12', damaged: '1', safetyStock: '2' };
 */
export interface CanonicalQuantities {
  readonly onHand?: string;
  readonly committed?: string;
  readonly reserved?: string;
  readonly damaged?: string;
  readonly qualityControl?: string;
  readonly incoming?: string;
  readonly safetyStock?: string;
}
type Bucket = keyof CanonicalQuantities;

/**
 * Shopify name → canonical bucket (`available` is derived, see {@link fromShopifyQuantities}).
 * @example
 * SHOPIFY_TO_CANONICAL.quality_control; // 'qualityControl'
 */
export const SHOPIFY_TO_CANONICAL: Readonly<Record<Exclude<ShopifyQuantityName, 'available'>, Bucket>> = {
  on_hand: 'onHand',
  committed: 'committed',
  reserved: 'reserved',
  damaged: 'damaged',
  quality_control: 'qualityControl',
  incoming: 'incoming',
  safety_stock: 'safetyStock',
};

/** The quantities Shopify subtracts from `on_hand` to get `available`. */
const AVAILABLE_TERMS = ['committed', 'reserved', 'damaged', 'quality_control', 'safety_stock'] as const;

/**
 * Maps Shopify quantities to canonical buckets. Every name but `available` maps one-to-one
 * ({@link SHOPIFY_TO_CANONICAL}); `available` is derived, following Shopify's definition
 * `available = on_hand − committed − reserved − damaged − quality_control − safety_stock`:
 * - with `on_hand` and all five terms named, `available` must equal that difference;
 * - with the five terms but no `on_hand`, `on_hand` is derived from `available`;
 * - otherwise `available` cannot be checked and the input is refused.
 *
 * Refused (never thrown): an unknown name or non-integer quantity (`VALIDATION_FAILED`), a name
 * given twice (`VALIDATION_FAILED`), a negative quantity other than `available`
 * (`QUANTITY_NEGATIVE`), an inconsistent or unverifiable `available` (`VALIDATION_FAILED`).
 * @example
 * fromShopifyQuantities([{ name: 'on_hand', quantity: 10 }, { name: 'damaged', quantity: 1 }]);
 * // { ok: true, value: { onHand: '10', damaged: '1' } }
 */
export function fromShopifyQuantities(input: unknown): Result<CanonicalQuantities> {
  const parsed = z.array(ShopifyQuantitySchema).safeParse(input);
  if (!parsed.success) return failWithIssues(issuesFromZod(parsed.error), 'quantities');
  const byName = new Map<ShopifyQuantityName, number>();
  for (const [i, q] of parsed.data.entries()) {
    if (byName.has(q.name)) {
      return fail('VALIDATION_FAILED', `quantities: "${q.name}" is given twice`, { path: [i, 'name'] });
    }
    if (q.name !== 'available' && q.quantity < 0) {
      return fail(
        'QUANTITY_NEGATIVE',
        `quantities: "${q.name}" is ${q.quantity}; only available may be negative`,
        {
          path: [i, 'quantity'],
        },
      );
    }
    byName.set(q.name, q.quantity);
  }
  const out: Partial<Record<Bucket, string>> = {};
  for (const [name, bucket] of Object.entries(SHOPIFY_TO_CANONICAL) as [ShopifyQuantityName, Bucket][]) {
    const v = byName.get(name);
    if (v !== undefined) out[bucket] = String(v);
  }
  const available = byName.get('available');
  if (available !== undefined) {
    const terms = AVAILABLE_TERMS.map((t) => byName.get(t));
    if (terms.some((t) => t === undefined)) {
      return fail(
        'VALIDATION_FAILED',
        'quantities: available can only be mapped together with committed, reserved, damaged, quality_control and safety_stock',
        { details: { missing: AVAILABLE_TERMS.filter((_, i) => terms[i] === undefined) } },
      );
    }
    const sum = terms.reduce<number>((a, t) => a + (t ?? 0), 0);
    const onHand = byName.get('on_hand');
    if (onHand === undefined) {
      if (available + sum < 0) {
        return fail('QUANTITY_NEGATIVE', `quantities: derived on_hand ${available + sum} is negative`);
      }
      out.onHand = String(available + sum);
    } else if (onHand - sum !== available) {
      return fail(
        'VALIDATION_FAILED',
        `quantities: available ${available} ≠ on_hand − committed − reserved − damaged − quality_control − safety_stock = ${onHand - sum}`,
        { details: { available, expected: onHand - sum } },
      );
    }
  }
  return ok(out);
}

function integer(value: string | undefined, name: string): Result<number> {
  if (value === undefined) return fail('VALIDATION_FAILED', `${name} is not known`);
  if (!/^-?\d+$/.test(value)) {
    return fail(
      'QUANTITY_SCALE_EXCEEDED',
      `${name} "${value}" is not a whole number (Shopify counts in units)`,
    );
  }
  const n = Number(value);
  if (!Number.isSafeInteger(n)) return fail('QUANTITY_OUT_OF_RANGE', `${name} "${value}" is out of range`);
  return ok(n);
}

/**
 * Maps canonical buckets back to Shopify quantities, one entry per requested name in the order
 * given (as `quantities(names: [...])` returns them). `available` is derived from `onHand` and the
 * five terms. On valid input, `toShopifyQuantities(fromShopifyQuantities(q), names(q))` returns `q`.
 * @example
 * toShopifyQuantities({ onHand: '10', committed: '2', reserved: '0', damaged: '1',
 *   qualityControl: '0', safetyStock: '2' }, ['available']); // [{ name: 'available', quantity: 5 }]
 */
export function toShopifyQuantities(
  canonical: CanonicalQuantities,
  names: readonly ShopifyQuantityName[],
): Result<ShopifyQuantity[]> {
  const out: ShopifyQuantity[] = [];
  for (const name of names) {
    if (name === 'available') {
      const onHand = integer(canonical.onHand, 'onHand');
      if (!onHand.ok) return onHand;
      let v = onHand.value;
      for (const t of AVAILABLE_TERMS) {
        const bucket = SHOPIFY_TO_CANONICAL[t];
        const q = integer(canonical[bucket], bucket);
        if (!q.ok) return q;
        // a negative unsellable subset (an exception of the ledger) is not stock to sell: it counts
        // as 0, as `@omnistock/core`'s sellable counts it (Shopify's own buckets are never negative)
        v -= t === 'damaged' || t === 'quality_control' ? Math.max(q.value, 0) : q.value;
      }
      out.push({ name, quantity: v });
    } else {
      const bucket = SHOPIFY_TO_CANONICAL[name];
      const q = integer(canonical[bucket], bucket);
      if (!q.ok) return q;
      out.push({ name, quantity: q.value });
    }
  }
  return ok(out);
}
