import type { components } from '@omnistock/contracts';
import { isErrorCode } from '@omnistock/core';
import type { IngestResult } from '@omnistock/runtime';
import type { AppContext } from './context';

/** The v1 `IngestEventResult` JSON. */
export type IngestEventResultJson = components['schemas']['IngestEventResult'];

/**
 * The v1 result of one ingested event.
 * @example
 * toEventResult(0, { status: 'duplicate', eventId: 'e-1' }); // { index: 0, id: 'e-1', status: 'duplicate' }
 */
export function toEventResult(index: number, r: IngestResult): IngestEventResultJson {
  if (r.status !== 'quarantined') return { index, id: r.eventId, status: r.status };
  return {
    index,
    ...(r.eventId !== undefined ? { id: r.eventId } : {}),
    status: 'quarantined',
    quarantineId: String(r.quarantineId),
    reason: {
      code: isErrorCode(r.code) ? r.code : 'EVENT_INVALID',
      message: r.message,
      ...(r.path ? { path: [...r.path] } : {}),
    },
  };
}

/**
 * Books ingest outcomes: metrics and totals by status, and source freshness of accepted events.
 * (Who submitted a quarantined input is kept by the store, with the entry.)
 * @example
 * recordIngest(ctx, events, results, receivedMs);
 */
export function recordIngest(
  ctx: AppContext,
  raws: readonly unknown[],
  results: readonly IngestResult[],
  receivedMs: number,
): void {
  for (const [i, r] of results.entries()) {
    ctx.metrics.ingested.inc({ status: r.status });
    ctx.ingestTotals[r.status] += 1;
    if (r.status === 'accepted') ctx.freshness.accept(raws[i], receivedMs);
  }
}
