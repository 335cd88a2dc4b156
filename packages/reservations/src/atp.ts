import { type ChannelPolicySetInput, evaluatePosition } from '@omnistock/atp';
import {
  emptyPosition,
  type Item,
  type LocationId,
  Quantity,
  itemSpec,
  type StockPosition,
} from '@omnistock/core';
import type { AvailabilityFn } from './book';

/** Where {@link atpAvailability} reads from. */
export interface AtpAvailabilityOptions {
  readonly items: ReadonlyMap<string, Item> | ((sku: string) => Item | undefined);
  /** The current position of a sku at a location (e.g. `ledger.position`). */
  readonly position: (sku: string, location: string) => StockPosition | undefined;
  readonly policy: ChannelPolicySetInput;
  /** The time to evaluate at (RFC 3339): freshness and supply due dates depend on it. */
  readonly now: () => string;
}

/**
 * Wires a `ReservationBook` to the ATP engine: gross availability is the channel's ATP (safety stock,
 * protections, buffers, caps, freshness, sell multiples) computed on the position with its
 * `reserved` and `committed` buckets zeroed, because the book deducts its own live reservations.
 * An unknown item or a policy error gives zero: the book then refuses, never oversells.
 * @example
 * const book = new ReservationBook({ items, availability: atpAvailability({ items, policy,
 *   position: (s, l) => ledger.position(s, l), now: () => clock }) });
 */
export function atpAvailability(options: AtpAvailabilityOptions): AvailabilityFn {
  const find =
    typeof options.items === 'function'
      ? options.items
      : (s: string) => (options.items as ReadonlyMap<string, Item>).get(s);
  return (sku, location, channel) => {
    const item = find(sku);
    if (!item) return Quantity.zero({ unit: 'each', scale: 0 });
    const p = options.position(sku, location) ?? emptyPosition(item, location as LocationId);
    const zero = Quantity.zero(itemSpec(item));
    const r = evaluatePosition({ ...p, reserved: zero, committed: zero }, item, options.policy, {
      channel,
      now: options.now(),
    });
    return r.ok ? r.value.atp : zero;
  };
}
