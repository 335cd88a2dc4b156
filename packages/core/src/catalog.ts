import { z } from 'zod';
import { fail, ok, type Result } from './errors';
import { LocationGroupIdSchema, LocationIdSchema, SkuSchema } from './ids';
import { parseMinor, Quantity, type QuantitySpec } from './quantity';
import { PositiveDecimalSchema } from './quantity-schema';
import { UNIT_CODES, Units } from './units';
import { coded, safeParse } from './validation';

/** An item: what it is counted in, to how many decimals, and the multiple it sells in. */
export const ItemSchema = z
  .strictObject({
    sku: SkuSchema,
    name: z.string().max(256).optional(),
    unit: z.string().refine((u) => UNIT_CODES.includes(u), {
      error: (iss) => coded('UNIT_UNKNOWN', `unknown unit of measure ${JSON.stringify(iss.input)}`),
    }),
    /** Decimal places; defaults to the unit's default scale (each = 0, kg = 3). */
    scale: z.int().min(0).max(6).optional(),
    /** Pack size: ATP is rounded down to a whole number of these. */
    sellMultiple: PositiveDecimalSchema.optional(),
  })
  .superRefine((item, ctx) => {
    const unit = Units[item.unit];
    if (!unit) return;
    const scale = item.scale ?? unit.defaultScale;
    if (scale > unit.maxScale) {
      ctx.addIssue({
        code: 'custom',
        path: ['scale'],
        message: coded('VALIDATION_FAILED', `unit ${item.unit} allows at most ${unit.maxScale} decimals`),
      });
    }
    if (item.sellMultiple !== undefined && !parseMinor(item.sellMultiple, scale).ok) {
      ctx.addIssue({
        code: 'custom',
        path: ['sellMultiple'],
        message: coded('SELL_MULTIPLE_INVALID', `sell multiple has more than ${scale} decimals`),
      });
    }
  })
  .meta({ id: 'Item', description: 'An item with its unit of measure, scale and sell multiple.' });
export type Item = z.infer<typeof ItemSchema>;

/**
 * The quantity spec (unit and scale) of an item.
 * @example
 * itemSpec({ sku: asId('RICE'), unit: 'kg' }); // { unit: 'kg', scale: 3 }
 */
export function itemSpec(item: Item): QuantitySpec {
  return { unit: item.unit, scale: item.scale ?? Units[item.unit]?.defaultScale ?? 0 };
}

/**
 * An item's sell multiple as a quantity (one minor unit when it has none).
 * @example
 * sellMultipleOf({ sku: asId('EGGS'), unit: 'each', sellMultiple: '6' }).toString(); // '6'
 */
export function sellMultipleOf(item: Item): Quantity {
  const spec = itemSpec(item);
  return item.sellMultiple === undefined ? Quantity.fromMinor(1, spec) : Quantity.of(item.sellMultiple, spec);
}

/**
 * Validates an item. Never throws.
 * @example
 * parseItem({ sku: 'RICE-5KG', unit: 'kg' }); // { ok: true, value: { sku, unit: 'kg' } }
 */
export function parseItem(input: unknown): Result<Item> {
  return safeParse(ItemSchema, input, 'item');
}

/**
 * Parses a quantity of an item from a decimal string (its scale, and sign rule).
 * @example
 * parseItemQuantity(item, '1.25', 'nonNegative');
 */
export function parseItemQuantity(
  item: Item,
  input: unknown,
  sign: 'any' | 'nonNegative' | 'positive' = 'any',
): Result<Quantity> {
  return Quantity.parse(input, itemSpec(item), sign);
}

/** Kinds of location. */
export const LocationTypeSchema = z.enum(['store', 'warehouse', 'dc', '3pl', 'marketplace-virtual']);
export type LocationType = z.infer<typeof LocationTypeSchema>;

/** Fulfilment modes a location may serve. */
export const FulfilmentModeSchema = z.enum(['ship', 'pickup']);
export type FulfilmentMode = z.infer<typeof FulfilmentModeSchema>;

/** A location that holds stock. */
export const LocationSchema = z
  .strictObject({
    id: LocationIdSchema,
    name: z.string().max(256).optional(),
    type: LocationTypeSchema,
    /** Which fulfilment modes it may serve; defaults to none when absent. */
    eligibility: z
      .strictObject({ ship: z.boolean().default(false), pickup: z.boolean().default(false) })
      .optional(),
    /** Lower is preferred when allocating a group reservation. */
    priority: z.int().min(0).max(1_000_000).optional(),
  })
  .meta({ id: 'Location', description: 'A location that holds stock.' });
export type Location = z.infer<typeof LocationSchema>;

/**
 * Whether a location may serve a fulfilment mode.
 * @example
 * isEligible({ id: asId('S1'), type: 'store', eligibility: { ship: false, pickup: true } }, 'pickup'); // true
 */
export function isEligible(location: Location, mode: FulfilmentMode): boolean {
  return location.eligibility?.[mode] === true;
}

/** A named, ordered set of locations (order = allocation priority unless locations set `priority`). */
export const LocationGroupSchema = z
  .strictObject({
    id: LocationGroupIdSchema,
    name: z.string().max(256).optional(),
    locations: z.array(LocationIdSchema).min(1),
  })
  .superRefine((g, ctx) => {
    const seen = new Set<string>();
    g.locations.forEach((l, i) => {
      if (seen.has(l))
        ctx.addIssue({ code: 'custom', path: ['locations', i], message: `duplicate location ${l}` });
      seen.add(l);
    });
  })
  .meta({ id: 'LocationGroup', description: 'A named, ordered group of locations.' });
export type LocationGroup = z.infer<typeof LocationGroupSchema>;

/**
 * Validates a location. Never throws.
 * @example
 * parseLocation({ id: 'store-12', type: 'store', eligibility: { pickup: true } });
 */
export function parseLocation(input: unknown): Result<Location> {
  return safeParse(LocationSchema, input, 'location');
}

/**
 * Validates a location group. Never throws.
 * @example
 * parseLocationGroup({ id: 'uk', locations: ['dc-1', 'store-12'] });
 */
export function parseLocationGroup(input: unknown): Result<LocationGroup> {
  return safeParse(LocationGroupSchema, input, 'location group');
}

/**
 * Looks up an item by sku in a catalog map, as a result.
 * @example
 * findItem(new Map(), 'X'); // { ok: false, error: { code: 'ITEM_UNKNOWN', ... } }
 */
export function findItem(items: ReadonlyMap<string, Item>, sku: string): Result<Item> {
  const item = items.get(sku);
  return item ? ok(item) : fail('ITEM_UNKNOWN', `no item with sku "${sku}"`, { details: { sku } });
}
