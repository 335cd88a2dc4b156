import { randomUUID } from 'node:crypto';
import { InMemoryInventoryStore, type InventoryStore } from '@omnistock/runtime';

/** How long reports are kept (OpenAPI v1: 30 days). */
export const REPORT_RETENTION_MS = 30 * 86_400_000;

/** The part of a store that keeps reconciliation reports. */
export type ReportStore = Pick<
  InventoryStore,
  | 'putReconciliation'
  | 'getReconciliation'
  | 'reconciliationByKey'
  | 'latestReconciliation'
  | 'purgeReconciliations'
>;

/**
 * Reconciliation reports kept for `GET /v1/reconciliations/{id}` (30 days) and the optional
 * `Idempotency-Key`s of their runs (same key and body → the same report, corrections once). They are
 * kept in the store, so a restart loses neither a report nor a key; without a store (an app built on
 * a facade alone) they are kept in this process. The newest report is also held here, read by the
 * `/metrics` gauge without I/O ({@link seed} loads it at start).
 */
export class ReconciliationLog<R extends { readonly reconciliationId: string }> {
  private latest: R | undefined;

  constructor(
    private readonly now: () => number,
    private readonly store: ReportStore = new InMemoryInventoryStore(),
  ) {}

  /** Loads the newest kept report (for {@link last}). */
  async seed(): Promise<void> {
    const r = await this.store.latestReconciliation();
    if (r && this.fresh(r.createdAt)) this.latest = r.report as R;
  }

  /** A new report id. */
  newId(): string {
    return `rec-${randomUUID()}`;
  }

  /** The report of an earlier run under `key`: `'conflict'` when the key came with another body. */
  async replay(key: string, hash: string): Promise<R | 'conflict' | undefined> {
    const k = await this.store.reconciliationByKey(key);
    if (!k || !this.fresh(k.createdAt)) return undefined;
    return k.payloadHash === hash ? (k.report as R) : 'conflict';
  }

  /** Keeps a report (and the key of its run), dropping the reports past retention. */
  async keep(report: R, key?: { readonly key: string; readonly hash: string }): Promise<void> {
    const at = this.now();
    await this.store.purgeReconciliations(new Date(at - REPORT_RETENTION_MS).toISOString());
    await this.store.putReconciliation({
      id: report.reconciliationId,
      report,
      key: key?.key ?? null,
      payloadHash: key?.hash ?? null,
      createdAt: new Date(at).toISOString(),
    });
    this.latest = report;
  }

  async get(id: string): Promise<R | undefined> {
    const r = await this.store.getReconciliation(id);
    return r && this.fresh(r.createdAt) ? (r.report as R) : undefined;
  }

  /** The newest report this service kept or found at start. */
  last(): R | undefined {
    return this.latest;
  }

  private fresh(createdAt: string): boolean {
    return Date.parse(createdAt) >= this.now() - REPORT_RETENTION_MS;
  }
}
