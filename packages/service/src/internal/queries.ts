import { AvailabilityQueryJsonSchema } from '@omnistock/atp';
import { CursorSchema, ErrorCodeSchema } from '@omnistock/contracts';
import { LocationIdSchema, SkuSchema, SourceIdSchema } from '@omnistock/core';
import { z } from 'zod';

/** The query-string forms of the v1 parameters (wire shapes come from atp's query union). */

const [locationQuery, networkQuery, batchQuery, timePhasedQuery] = AvailabilityQueryJsonSchema.options;
for (const [schema, type] of [
  [locationQuery, 'location'],
  [networkQuery, 'network'],
  [batchQuery, 'batch'],
  [timePhasedQuery, 'timePhased'],
] as const) {
  if (schema.shape.type.value !== type) throw new Error(`atp's query union changed order: expected ${type}`);
}

/** `explain=true|false`. */
const BooleanQuery = z.enum(['true', 'false']).transform((v) => v === 'true');

/** `limit=1..1000` (default 100). */
const LimitQuery = z
  .string()
  .regex(/^\d{1,4}$/, 'limit must be an integer')
  .transform(Number)
  .pipe(z.int().min(1).max(1000));

/** A parameter that may be repeated (`dates=…&dates=…`) arrives as a string or a list. */
const repeated = <T extends z.ZodType>(item: T) =>
  z.preprocess((v) => (typeof v === 'string' ? [v] : v), z.array(item).min(1).max(1000));

/** `GET /v1/availability`. */
export const AvailabilityQuery = locationQuery
  .omit({ type: true })
  .extend({ explain: BooleanQuery.optional() });

/** `GET /v1/availability/network`. */
export const NetworkAvailabilityQuery = networkQuery
  .omit({ type: true })
  .extend({ explain: BooleanQuery.optional() });

/** `POST /v1/availability/batch` body. */
export const AvailabilityBatchBody = batchQuery;

/** `GET /v1/availability/time-phased`. */
export const TimePhasedQuery = timePhasedQuery
  .omit({ type: true })
  .extend({ dates: repeated(timePhasedQuery.shape.dates.element) });

/** `GET /v1/positions`. */
export const PositionsQuery = z.strictObject({
  sku: SkuSchema.optional(),
  location: LocationIdSchema.optional(),
  cursor: CursorSchema.optional(),
  limit: LimitQuery.optional(),
});

/** `GET /v1/quarantine`. */
export const QuarantineQuery = z.strictObject({
  code: ErrorCodeSchema.optional(),
  source: SourceIdSchema.optional(),
  cursor: CursorSchema.optional(),
  limit: LimitQuery.optional(),
});

/**
 * An opaque page cursor: base64url JSON of the last item's key.
 * @example
 * decodeCursor(encodeCursor({ s: 'A', l: 'S1' })); // { s: 'A', l: 'S1' }
 */
export function encodeCursor(key: Record<string, string | number>): string {
  return Buffer.from(JSON.stringify(key), 'utf8').toString('base64url');
}

/**
 * The key of a cursor, or undefined when it is not one of ours.
 * @example
 * decodeCursor('not-ours'); // undefined
 */
export function decodeCursor(cursor: string): Record<string, unknown> | undefined {
  try {
    const v: unknown = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
    return typeof v === 'object' && v !== null && !Array.isArray(v)
      ? (v as Record<string, unknown>)
      : undefined;
  } catch {
    return undefined;
  }
}
