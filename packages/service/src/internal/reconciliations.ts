import { createHash, randomUUID } from 'node:crypto';
import { canonicalJson } from '@omnistock/runtime';

/** How long reports are kept (OpenAPI v1: 30 days). */
export const REPORT_RETENTION_MS = 30 * 86_400_000;

interface Kept<R> {
  readonly report: R;
  readonly at: number;
}

/**
 * Reconciliation reports kept for `GET /v1/reconciliations/{id}` (in memory, 30 days) and the
 * optional `Idempotency-Key`s of their runs (same key and body → the same report, corrections once).
 */
export class ReconciliationLog<R extends { readonly reconciliationId: string }> {
  private readonly reports = new Map<string, Kept<R>>();
  private readonly keys = new Map<string, { readonly hash: string; readonly id: string }>();
  private latest: R | undefined;

  constructor(private readonly now: () => number) {}

  /** A new report id. */
  newId(): string {
    return `rec-${randomUUID()}`;
  }

  /** The hash an idempotent run is remembered by. */
  static hashOf(body: unknown): string {
    return createHash('sha256').update(canonicalJson(body)).digest('hex');
  }

  /** The report of an earlier run under `key`: `'conflict'` when the key came with another body. */
  replay(key: string, hash: string): R | 'conflict' | undefined {
    this.prune();
    const k = this.keys.get(key);
    if (!k) return undefined;
    if (k.hash !== hash) return 'conflict';
    return this.reports.get(k.id)?.report;
  }

  keep(report: R, key?: { readonly key: string; readonly hash: string }): void {
    this.prune();
    this.reports.set(report.reconciliationId, { report, at: this.now() });
    if (key) this.keys.set(key.key, { hash: key.hash, id: report.reconciliationId });
    this.latest = report;
  }

  get(id: string): R | undefined {
    this.prune();
    return this.reports.get(id)?.report;
  }

  last(): R | undefined {
    return this.latest;
  }

  private prune(): void {
    const cutoff = this.now() - REPORT_RETENTION_MS;
    for (const [id, k] of this.reports) {
      if (k.at >= cutoff) break; // insertion order = age order
      this.reports.delete(id);
    }
    for (const [key, k] of this.keys) if (!this.reports.has(k.id)) this.keys.delete(key);
  }
}
