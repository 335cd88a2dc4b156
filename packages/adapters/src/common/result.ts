import type { ErrorCode, ErrorPath, Issue, OmnistockEvent } from '@omnistock/core';

/**
 * A payload an adapter could not map: kept whole with a stable reason code, never thrown and never
 * dropped. It can be fixed and re-submitted.
 * @example
 * for (const q of result.quarantined) console.warn(q.code, q.message, q.path);
 */
export interface AdapterQuarantine {
  /** The stable reason (core `ErrorCodes`). */
  readonly code: ErrorCode;
  /** What is wrong, for an operator. */
  readonly message: string;
  /** Where in the payload the first problem is, when known. */
  readonly path?: ErrorPath;
  /** Every problem found, when validation reported several. */
  readonly issues?: readonly Issue[];
  /** The channel system the payload came from (the events' `source`). */
  readonly source: string;
  /** The payload as received (the raw body, the row, the message). */
  readonly raw: unknown;
}

/**
 * What every adapter returns: the canonical events it built and the payloads it quarantined.
 * @example
 * const { events, quarantined }: AdapterResult = mapWmsMessage(message);
 */
export interface AdapterResult {
  readonly events: OmnistockEvent[];
  readonly quarantined: AdapterQuarantine[];
}

/**
 * An empty result.
 * @example
 * const r = emptyResult(); // { events: [], quarantined: [] }
 */
export function emptyResult(): AdapterResult {
  return { events: [], quarantined: [] };
}

/**
 * Concatenates adapter results in order.
 * @example
 * const all = mergeResults([mapA, mapB]);
 */
export function mergeResults(results: Iterable<AdapterResult>): AdapterResult {
  const out = emptyResult();
  for (const r of results) {
    out.events.push(...r.events);
    out.quarantined.push(...r.quarantined);
  }
  return out;
}

/**
 * Builds a quarantine entry.
 * @example
 * quarantine('ITEM_UNKNOWN', 'no sku for inventory item 42', 'shopify/shop-1', body, ['inventory_item_id']);
 */
export function quarantine(
  code: ErrorCode,
  message: string,
  source: string,
  raw: unknown,
  path?: ErrorPath,
  issues?: readonly Issue[],
): AdapterQuarantine {
  return {
    code,
    message,
    source,
    raw,
    ...(path !== undefined ? { path } : {}),
    ...(issues !== undefined && issues.length > 0 ? { issues } : {}),
  };
}
