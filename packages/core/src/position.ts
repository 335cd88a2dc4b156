import { z } from 'zod';
import { itemSpec, type Item } from './catalog';
import { fail, ok, type Result } from './errors';
import { LocationIdSchema, SkuSchema, type LocationId, type Sku } from './ids';
import { Quantity } from './quantity';
import { DecimalSchema, NonNegativeDecimalSchema } from './quantity-schema';
import { safeParse } from './validation';

const Timestamp = z.iso.datetime({ offset: true });

/** Expected supply (a purchase-order lot) at a location. */
export const SupplyLotSchema = z.strictObject({
  id: z.string().min(1).max(128),
  qty: NonNegativeDecimalSchema,
  eta: Timestamp,
});
export type SupplyLotJson = z.infer<typeof SupplyLotSchema>;

/** A transfer under way to a location. */
export const TransitLotSchema = z.strictObject({
  id: z.string().min(1).max(128),
  qty: NonNegativeDecimalSchema,
  eta: Timestamp,
  from: LocationIdSchema,
});
export type TransitLotJson = z.infer<typeof TransitLotSchema>;

/**
 * The wire form of a stock position (per sku × location): every bucket of the design, quantities as
 * decimal strings. `sellable` and `free` are derived and never stored.
 *
 * `onHand`, `damaged` and `qualityControl` are signed: the ledger applies every movement (a sale
 * beyond stock, a status change out of an empty subset), so they can go below zero. `committed`,
 * `reserved` and lot quantities never do and stay non-negative. The same shape is the input of
 * {@link parsePosition} (stored rows, ATP inputs), which must accept every position the ledger
 * produces.
 */
export const StockPositionSchema = z
  .strictObject({
    sku: SkuSchema,
    location: LocationIdSchema,
    /** Signed: a negative value is an exception that is reported, not hidden (DESIGN §3). */
    onHand: DecimalSchema,
    /** Signed: a negative value is an exception that is reported, not hidden (DESIGN §3). */
    damaged: DecimalSchema,
    /** Signed: a negative value is an exception that is reported, not hidden (DESIGN §3). */
    qualityControl: DecimalSchema,
    committed: NonNegativeDecimalSchema,
    reserved: NonNegativeDecimalSchema,
    incoming: z.array(SupplyLotSchema),
    inTransit: z.array(TransitLotSchema),
    asOf: Timestamp.nullable(),
  })
  .meta({
    id: 'StockPosition',
    description:
      'Stock buckets of one sku at one location. onHand, damaged and qualityControl can be negative ' +
      '(stock sold or moved beyond what was counted): an exception that is reported, not hidden. ' +
      'committed, reserved and lot quantities are never negative.',
  });
export type StockPositionJson = z.infer<typeof StockPositionSchema>;

/** A supply lot with an exact quantity. */
export interface SupplyLot {
  readonly id: string;
  readonly qty: Quantity;
  readonly eta: string;
}
/** A transit lot with an exact quantity. */
export interface TransitLot extends SupplyLot {
  readonly from: LocationId;
}

/** A stock position with exact quantities (the domain form). */
export interface StockPosition {
  readonly sku: Sku;
  readonly location: LocationId;
  /** May be negative: an exception that is reported, not hidden (DESIGN §3). */
  readonly onHand: Quantity;
  /** May be negative: an exception that is reported, not hidden (DESIGN §3). */
  readonly damaged: Quantity;
  /** May be negative: an exception that is reported, not hidden (DESIGN §3). */
  readonly qualityControl: Quantity;
  readonly committed: Quantity;
  readonly reserved: Quantity;
  readonly incoming: readonly SupplyLot[];
  readonly inTransit: readonly TransitLot[];
  readonly asOf: string | null;
}

/**
 * An empty position for an item at a location.
 * @example
 * emptyPosition(item, asId('store-1')).onHand.toString(); // '0'
 */
export function emptyPosition(item: Item, location: LocationId): StockPosition {
  const zero = Quantity.zero(itemSpec(item));
  return {
    sku: item.sku,
    location,
    onHand: zero,
    damaged: zero,
    qualityControl: zero,
    committed: zero,
    reserved: zero,
    incoming: [],
    inTransit: [],
    asOf: null,
  };
}

/**
 * `sellable = onHand − max(damaged, 0) − max(qualityControl, 0)`. `damaged` and `qualityControl`
 * are unsellable subsets of onHand; a negative one (a status change out of an empty subset, e.g.
 * events out of order) is an exception that the position reports ({@link positionViolations}) and
 * that counts as 0 here, so sellable never exceeds onHand.
 * @example
 * sellable(position).toString(); // '10' for onHand 10, damaged −2
 */
export function sellable(p: StockPosition): Quantity {
  return p.onHand.sub(unsellablePart(p.damaged)).sub(unsellablePart(p.qualityControl));
}

/** What an unsellable subset takes from onHand: itself, or 0 when it is negative (an exception). */
function unsellablePart(q: Quantity): Quantity {
  return q.isNegative() ? Quantity.zero(q.spec) : q;
}

/**
 * `free = sellable − committed − reserved` (with {@link sellable}'s rule for a negative subset);
 * negative means oversold, and is reported, never hidden.
 * @example
 * free(position).isNegative(); // true when oversold
 */
export function free(p: StockPosition): Quantity {
  return sellable(p).sub(p.committed).sub(p.reserved);
}

/**
 * How far a position is oversold (zero when it is not).
 * @example
 * oversoldBy(position).toString(); // '2' when free is −2
 */
export function oversoldBy(p: StockPosition): Quantity {
  const f = free(p);
  return f.isNegative() ? f.neg() : Quantity.zero(f.spec);
}

/** A broken position invariant. */
export interface PositionViolation {
  readonly rule: 'bucketNegative' | 'unsellableExceedsOnHand';
  readonly bucket?: string;
  readonly message: string;
}

/**
 * The invariants of DESIGN §3 that a position breaks: every bucket ≥ 0 and
 * `damaged + qualityControl ≤ onHand`. An oversold position (free < 0) is not a violation.
 * @example
 * positionViolations(position); // []
 */
export function positionViolations(p: StockPosition): PositionViolation[] {
  const out: PositionViolation[] = [];
  for (const bucket of ['onHand', 'damaged', 'qualityControl', 'committed', 'reserved'] as const) {
    if (p[bucket].isNegative()) {
      out.push({ rule: 'bucketNegative', bucket, message: `${bucket} is ${p[bucket].toString()}` });
    }
  }
  for (const lot of [...p.incoming, ...p.inTransit]) {
    if (lot.qty.isNegative())
      out.push({ rule: 'bucketNegative', bucket: 'lot', message: `lot ${lot.id} < 0` });
  }
  if (p.damaged.add(p.qualityControl).gt(p.onHand)) {
    out.push({ rule: 'unsellableExceedsOnHand', message: 'damaged + qualityControl exceeds onHand' });
  }
  return out;
}

/** The buckets of a position that may be negative (an exception, DESIGN §3); the others may not. */
const SIGNED_BUCKETS: ReadonlySet<string> = new Set(['onHand', 'damaged', 'qualityControl']);

/**
 * Parses a wire position for an item: validates the shape and every quantity against the item's
 * scale. `onHand`, `damaged` and `qualityControl` may be negative (as the ledger reports them;
 * {@link positionViolations} names them); `committed`, `reserved` and lots may not. Never throws.
 * @example
 * parsePosition({ sku: 'A', location: 'S1', onHand: '5', damaged: '0', qualityControl: '0',
 *   committed: '0', reserved: '0', incoming: [], inTransit: [], asOf: null }, item);
 */
export function parsePosition(input: unknown, item: Item): Result<StockPosition> {
  const shape = safeParse(StockPositionSchema, input, 'position');
  if (!shape.ok) return shape;
  const j = shape.value;
  if (j.sku !== item.sku) {
    return fail('VALIDATION_FAILED', `position is for ${j.sku}, item is ${item.sku}`, { path: ['sku'] });
  }
  const spec = itemSpec(item);
  const q = (value: string, path: (string | number)[], signed = false): Quantity | Result<never> => {
    const r = Quantity.parse(value, spec, signed ? 'any' : 'nonNegative');
    return r.ok ? r.value : { ok: false, error: { ...r.error, path } };
  };
  const fields = ['onHand', 'damaged', 'qualityControl', 'committed', 'reserved'] as const;
  const values: Partial<Record<(typeof fields)[number], Quantity>> = {};
  for (const f of fields) {
    const v = q(j[f], [f], SIGNED_BUCKETS.has(f));
    if (!(v instanceof Quantity)) return v;
    values[f] = v;
  }
  const incoming: SupplyLot[] = [];
  for (const [i, lot] of j.incoming.entries()) {
    const v = q(lot.qty, ['incoming', i, 'qty']);
    if (!(v instanceof Quantity)) return v;
    incoming.push({ id: lot.id, qty: v, eta: lot.eta });
  }
  const inTransit: TransitLot[] = [];
  for (const [i, lot] of j.inTransit.entries()) {
    const v = q(lot.qty, ['inTransit', i, 'qty']);
    if (!(v instanceof Quantity)) return v;
    inTransit.push({ id: lot.id, qty: v, eta: lot.eta, from: lot.from });
  }
  return ok({
    sku: j.sku,
    location: j.location,
    onHand: values.onHand!,
    damaged: values.damaged!,
    qualityControl: values.qualityControl!,
    committed: values.committed!,
    reserved: values.reserved!,
    incoming,
    inTransit,
    asOf: j.asOf,
  });
}

/**
 * The wire form of a position.
 * @example
 * positionToJson(position).onHand; // '5'
 */
export function positionToJson(p: StockPosition): StockPositionJson {
  return {
    sku: p.sku,
    location: p.location,
    onHand: p.onHand.toString(),
    damaged: p.damaged.toString(),
    qualityControl: p.qualityControl.toString(),
    committed: p.committed.toString(),
    reserved: p.reserved.toString(),
    incoming: p.incoming.map((l) => ({ id: l.id, qty: l.qty.toString(), eta: l.eta })),
    inTransit: p.inTransit.map((l) => ({ id: l.id, qty: l.qty.toString(), eta: l.eta, from: l.from })),
    asOf: p.asOf,
  };
}

/** Short alias used in docs: the position identity. */
export type PositionKey = `${string}|${string}`;

/**
 * The key of a sku × location pair (`sku|location`; ids never contain `|`).
 * @example
 * positionKey(asId('A'), asId('S1')); // 'A|S1'
 */
export function positionKey(sku: Sku | string, location: LocationId | string): PositionKey {
  return `${sku}|${location}`;
}
