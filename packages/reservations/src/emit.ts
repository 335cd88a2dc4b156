import { buildEvent, type OmnistockEvent, type Result } from '@omnistock/core';
import type { ReservationEmission } from './model';

/**
 * Wraps an emitted payload in a validated CloudEvent. A stable id such as
 * `${reservationId}@${version}` makes re-publishing after a retry harmless (the ledger dedupes by id).
 * @example
 * const e = emissionToEvent(outcome.events[0]!, { id: 'r1@1', source: 'web/checkout', time: now });
 */
export function emissionToEvent(
  emission: ReservationEmission,
  meta: { readonly id: string; readonly source: string; readonly time: string; readonly sequence?: number },
): Result<OmnistockEvent> {
  return buildEvent(emission.type, emission.data, meta);
}
