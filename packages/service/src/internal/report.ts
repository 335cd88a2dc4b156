import type { components } from '@omnistock/contracts';
import type { IngestResult, ReconcileResult } from '@omnistock/runtime';
import { subtract } from './decimal';

/** The v1 `ReconciliationReport` JSON. */
export type ReportJson = components['schemas']['ReconciliationReport'];

/**
 * The v1 report of a facade reconciliation. A row whose position has a count newer than the snapshot
 * (never corrected: newer information wins) reports omnistock's current onHand as `omnistockOnHand`.
 * @example
 * const report = toReportJson('rec-1', 'erp/sap', result, (sku, location) => '0');
 */
export function toReportJson(
  id: string,
  source: string,
  result: ReconcileResult,
  currentOnHand: (sku: string, location: string) => string,
): ReportJson {
  const { report, corrections } = result;
  const correctionIds = new Map<string, IngestResult>();
  for (const [i, c] of corrections.entries()) {
    const event = report.corrections[i] as { data?: { sku?: string; location?: string } } | undefined;
    if (event?.data?.sku !== undefined) correctionIds.set(`${event.data.sku}|${event.data.location}`, c);
  }
  const exceptions = report.exceptions.map((e) => {
    const ours = e.omnistock ?? currentOnHand(e.sku, e.location);
    const correction = correctionIds.get(`${e.sku}|${e.location}`);
    return {
      sku: e.sku,
      location: e.location,
      erpOnHand: e.erp,
      omnistockOnHand: ours,
      difference: e.difference ?? subtract(e.erp, ours),
      ...(correction?.eventId !== undefined ? { correctionEventId: correction.eventId } : {}),
    };
  });
  return {
    reconciliationId: id,
    asOf: report.asOf,
    source,
    checked: report.checked,
    matched: report.withinTolerance,
    exceptions,
    correctionsEmitted: corrections.filter((c) => c.status === 'accepted').length,
  };
}
