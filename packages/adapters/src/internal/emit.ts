import { buildEvent, type EventMeta, type EventType } from '@omnistock/core';
import type { AdapterResult } from '../common/result';
import { quarantine } from '../common/result';

/**
 * Builds an event with core's `buildEvent` (so it validates) and appends it to `into.events`;
 * a payload that does not validate becomes a quarantine entry carrying `raw`. Returns whether an
 * event was added.
 * @example
 * const out = emptyResult();
 * emitEvent(out, 'omnistock.stock.received.v1', { sku: 'A', location: 'dc-1', qty: '3' },
 *   { id: 'wms-1', source: 'wms/dc-1', time: '2026-01-01T00:00:00Z' }, message);
 */
export function emitEvent(
  into: AdapterResult,
  type: EventType,
  data: unknown,
  meta: EventMeta,
  raw: unknown,
): boolean {
  const built = buildEvent(type, data, meta);
  if (built.ok) {
    into.events.push(built.value);
    return true;
  }
  const e = built.error;
  into.quarantined.push(quarantine(e.code, e.message, meta.source, raw, e.path, e.issues));
  return false;
}
