import { z } from 'zod';
import { coded, typeError } from './validation';

const ID_PATTERN = /^[A-Za-z0-9][A-Za-z0-9._:@/-]*$/;
const idMessage =
  'must be 1–128 characters: letters, digits and . _ : @ / -, starting with a letter or digit';

function idSchema<B extends string>(_brand: B) {
  return z
    .string({ error: typeError('ID_INVALID', 'an id must be a string') })
    .max(128, { error: coded('ID_INVALID', 'at most 128 characters') })
    .regex(ID_PATTERN, { error: coded('ID_INVALID', idMessage) })
    .brand<B>();
}

/** A stock keeping unit. */
export const SkuSchema = idSchema('Sku');
export type Sku = z.infer<typeof SkuSchema>;
/** A location: store, warehouse, dc, 3pl or marketplace-virtual. */
export const LocationIdSchema = idSchema('LocationId');
export type LocationId = z.infer<typeof LocationIdSchema>;
/** A named group of locations (a network), for network ATP and group reservations. */
export const LocationGroupIdSchema = idSchema('LocationGroupId');
export type LocationGroupId = z.infer<typeof LocationGroupIdSchema>;
/** A sales channel: `pos`, `ecommerce`, `marketplace-amazon`, ... */
export const ChannelIdSchema = idSchema('ChannelId');
export type ChannelId = z.infer<typeof ChannelIdSchema>;
/** A reservation. */
export const ReservationIdSchema = idSchema('ReservationId');
export type ReservationId = z.infer<typeof ReservationIdSchema>;
/** The emitting system of an event (CloudEvents `source`), e.g. `pos/store-12`. */
export const SourceIdSchema = z
  .string({ error: typeError('ID_INVALID', 'must be a string') })
  .min(1, { error: coded('ID_INVALID', 'must not be empty') })
  .max(256, { error: coded('ID_INVALID', 'at most 256 characters') })
  .regex(/^[^\s]+$/, { error: coded('ID_INVALID', 'must be a non-empty URI reference without spaces') })
  .brand<'SourceId'>();
export type SourceId = z.infer<typeof SourceIdSchema>;
/** An event id (CloudEvents `id`): unique per source; omnistock dedupes on it. */
export const EventIdSchema = z
  .string({ error: typeError('ID_INVALID', 'must be a string') })
  .min(1, { error: coded('ID_INVALID', 'must not be empty') })
  .max(256, { error: coded('ID_INVALID', 'at most 256 characters') })
  .regex(/^[^\s]+$/, { error: coded('ID_INVALID', 'must be non-empty without spaces') })
  .brand<'EventId'>();
export type EventId = z.infer<typeof EventIdSchema>;

/**
 * Brands a trusted string as an id without validation: for literals in code and tests.
 * Untrusted input goes through the schemas.
 * @example
 * const sku = asId<Sku>('SKU-1');
 */
export function asId<T extends string>(value: string): T {
  return value as T;
}
