import {
  buildEvent,
  fail,
  type Item,
  itemSpec,
  ok,
  type OmnistockEvent,
  parseMinor,
  Quantity,
  type Result,
} from '@omnistock/core';
import type { Ledger } from './ledger';

/** One row of an ERP snapshot: the ERP's onHand of a sku at a location. */
export interface ErpRow {
  readonly sku: string;
  readonly location: string;
  readonly onHand: string;
}

/** An ERP snapshot: onHand per sku × location as of one instant. */
export interface ErpSnapshot {
  readonly asOf: string;
  readonly rows: readonly ErpRow[];
}

/** Options for {@link reconcile}. */
export interface ReconcileOptions {
  /** Absolute tolerance as a decimal string (default `"0"`): differences within it are not exceptions. */
  readonly tolerance?: string;
  /** When given, a correcting `stock.counted` (at the snapshot's `asOf`) is built per exception. */
  readonly corrections?: { readonly source: string; readonly idPrefix: string };
}

/** A difference between the ERP and omnistock. */
export interface ReconciliationException {
  readonly sku: string;
  readonly location: string;
  readonly kind: 'mismatch' | 'unknownToOmnistock' | 'countNewerThanSnapshot';
  readonly erp: string;
  /** omnistock's onHand as of the snapshot (absent when it cannot know it). */
  readonly omnistock?: string;
  /** erp − omnistock. */
  readonly difference?: string;
}

/** The reconciliation report. */
export interface ReconciliationReport {
  readonly asOf: string;
  readonly checked: number;
  readonly withinTolerance: number;
  readonly exceptions: readonly ReconciliationException[];
  /** Correcting `stock.counted` events (only with `corrections`), one per `mismatch`/`unknownToOmnistock`. */
  readonly corrections: readonly OmnistockEvent[];
}

/**
 * Reconciles an ERP snapshot against the ledger: for each row, omnistock's onHand as of the
 * snapshot's instant (the count then in force plus later movements up to it) is compared with the
 * ERP's. Differences beyond the tolerance are exceptions; with `corrections`, each gets a
 * `stock.counted` at `asOf` which, ingested, makes the ledger agree with the ERP as of that instant
 * while keeping every movement dated after it. A row whose position has a count newer than the
 * snapshot is reported (`countNewerThanSnapshot`) and never corrected: newer information wins.
 * @example
 * const report = reconcile(ledger, { asOf: '2026-01-01T00:00:00Z', rows: [{ sku: 'A', location: 's1', onHand: '9' }] },
 *   { tolerance: '0', corrections: { source: 'erp/sap', idPrefix: 'recon-1' } }, items);
 */
export function reconcile(
  ledger: Ledger,
  snapshot: ErpSnapshot,
  options: ReconcileOptions,
  items: ReadonlyMap<string, Item> | ((sku: string) => Item | undefined),
): Result<ReconciliationReport> {
  const find = typeof items === 'function' ? items : (s: string) => items.get(s);
  if (Number.isNaN(Date.parse(snapshot.asOf))) {
    return fail('VALIDATION_FAILED', `asOf "${snapshot.asOf}" is not a timestamp`, { path: ['asOf'] });
  }
  const exceptions: ReconciliationException[] = [];
  const corrections: OmnistockEvent[] = [];
  let within = 0;
  const tol = parseMinor(options.tolerance ?? '0', 6);
  if (!tol.ok || tol.value < 0) {
    return fail(tol.ok ? 'QUANTITY_NEGATIVE' : tol.error.code, 'tolerance must be a non-negative decimal', {
      path: ['tolerance'],
    });
  }
  for (const [i, row] of snapshot.rows.entries()) {
    const item = find(row.sku);
    if (!item) {
      return fail('ITEM_UNKNOWN', `row ${i}: no item with sku "${row.sku}"`, { path: ['rows', i, 'sku'] });
    }
    const spec = itemSpec(item);
    const erp = Quantity.parse(row.onHand, spec, 'nonNegative');
    if (!erp.ok) return { ok: false, error: { ...erp.error, path: ['rows', i, 'onHand'] } };
    const known = ledger.position(row.sku, row.location) !== undefined;
    const ours = known ? ledger.onHandAsOf(row.sku, row.location, snapshot.asOf) : Quantity.zero(spec);
    if (ours === undefined) {
      exceptions.push({
        sku: row.sku,
        location: row.location,
        kind: 'countNewerThanSnapshot',
        erp: erp.value.toString(),
      });
      continue;
    }
    const diff = erp.value.sub(ours);
    const abs = diff.isNegative() ? diff.neg() : diff;
    if (known && abs.minor * 10 ** (6 - spec.scale) <= tol.value) {
      within++;
      continue;
    }
    if (!known && erp.value.isZero()) {
      within++;
      continue;
    }
    exceptions.push({
      sku: row.sku,
      location: row.location,
      kind: known ? 'mismatch' : 'unknownToOmnistock',
      erp: erp.value.toString(),
      omnistock: ours.toString(),
      difference: diff.toString(),
    });
    if (options.corrections) {
      const e = buildEvent(
        'omnistock.stock.counted.v1',
        {
          sku: row.sku,
          location: row.location,
          onHand: erp.value.toString(),
          countId: options.corrections.idPrefix,
        },
        {
          id: `${options.corrections.idPrefix}:${row.sku}:${row.location}`,
          source: options.corrections.source,
          time: snapshot.asOf,
        },
      );
      if (!e.ok) return e;
      corrections.push(e.value);
    }
  }
  return ok({
    asOf: snapshot.asOf,
    checked: snapshot.rows.length,
    withinTolerance: within,
    exceptions,
    corrections,
  });
}
