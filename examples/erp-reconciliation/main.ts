/**
 * ERP reconciliation: import the ERP's stock snapshot (CSV), reconcile it against omnistock's
 * positions as of the snapshot's instant with a tolerance, print the exceptions, then emit and
 * apply the correcting counts. Run: `npm run example -- erp-reconciliation`.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { importStockSnapshot, type SnapshotRow } from '@omnistock/adapters/erp';
import { asId, buildEvent, type Item, type Location, type Sku, unwrap } from '@omnistock/core';
import { InventoryService } from '@omnistock/runtime';
import { SqliteInventoryStore } from '@omnistock/store-sqlite';

const items: Item[] = [
  { sku: asId<Sku>('LAMP-1'), unit: 'each' },
  { sku: asId<Sku>('MUG-1'), unit: 'each' },
  { sku: asId<Sku>('RICE-KG'), unit: 'kg' },
  { sku: asId<Sku>('TEE-M'), unit: 'each' },
];
const locations: Location[] = [
  { id: asId('dc-1'), type: 'dc', eligibility: { ship: true, pickup: false } },
  { id: asId('dc-2'), type: 'dc', eligibility: { ship: true, pickup: false } },
];
const AS_OF = '2026-03-01T06:00:00Z';
const TOLERANCE = '1';

/** The ERP's end-of-day stock export, as it arrives (two rows are bad). */
export const ERP_SNAPSHOT_CSV = [
  'sku,location,onHand,asOf',
  `MUG-1,dc-1,40,${AS_OF}`, //  omnistock 39: within the tolerance of 1
  `MUG-1,dc-2,15,${AS_OF}`, //  the store counted 12 at 07:00, after the snapshot: newer wins
  `TEE-M,dc-1,16,${AS_OF}`, //  omnistock 20: mismatch −4
  `TEE-M,dc-2,5,${AS_OF}`, //   omnistock has never heard of it
  `LAMP-1,dc-2,10,${AS_OF}`, // omnistock wrote 2 off as damaged; the ERP did not
  `RICE-KG,dc-1,24.995,${AS_OF}`, // omnistock 25.000 kg: within tolerance
  `GHOST-1,dc-1,3,${AS_OF}`, //  not in the item master
  `LAMP-1,dc-1,-2,${AS_OF}`, //  negative
  '',
].join('\n');

/** omnistock's own history of these positions. */
function history() {
  const ev = (
    type: Parameters<typeof buildEvent>[0],
    id: string,
    time: string,
    data: Record<string, string>,
  ) => unwrap(buildEvent(type, data, { id, source: 'wms/main', time }));
  return [
    ev('omnistock.stock.received.v1', 'r1', '2026-02-28T20:00:00Z', {
      sku: 'MUG-1',
      location: 'dc-1',
      qty: '40',
    }),
    ev('omnistock.stock.received.v1', 'r2', '2026-02-28T20:00:00Z', {
      sku: 'MUG-1',
      location: 'dc-2',
      qty: '15',
    }),
    ev('omnistock.stock.received.v1', 'r3', '2026-02-28T20:00:00Z', {
      sku: 'TEE-M',
      location: 'dc-1',
      qty: '20',
    }),
    ev('omnistock.stock.received.v1', 'r4', '2026-02-28T20:00:00Z', {
      sku: 'LAMP-1',
      location: 'dc-2',
      qty: '10',
    }),
    ev('omnistock.stock.received.v1', 'r5', '2026-02-28T20:00:00Z', {
      sku: 'RICE-KG',
      location: 'dc-1',
      qty: '25',
    }),
    ev('omnistock.sale.recorded.v1', 's1', '2026-02-28T21:00:00Z', {
      sku: 'MUG-1',
      location: 'dc-1',
      qty: '1',
    }),
    ev('omnistock.stock.adjusted.v1', 'a1', '2026-02-28T22:00:00Z', {
      sku: 'LAMP-1',
      location: 'dc-2',
      delta: '-2',
      reasonCode: 'damage',
    }),
    // after the snapshot's instant
    ev('omnistock.stock.counted.v1', 'c1', '2026-03-01T07:00:00Z', {
      sku: 'MUG-1',
      location: 'dc-2',
      onHand: '12',
    }),
    ev('omnistock.sale.recorded.v1', 's2', '2026-03-01T08:00:00Z', {
      sku: 'TEE-M',
      location: 'dc-1',
      qty: '2',
    }),
  ];
}

/** What the reconciliation story ends with. */
export interface ErpReconciliationResult {
  /** Refused snapshot rows: `line code`. */
  readonly importErrors: readonly string[];
  readonly checked: number;
  readonly withinTolerance: number;
  /** `sku@location kind erp/omnistock (difference)`. */
  readonly exceptions: readonly string[];
  /** The correcting counts emitted: `sku@location onHand at time`, and what ingesting them did. */
  readonly corrections: readonly string[];
  readonly correctionOutcomes: readonly string[];
  /** onHand per `sku@location` after the corrections. */
  readonly after: Readonly<Record<string, string>>;
  /** Exceptions left when reconciling the same snapshot again. */
  readonly remaining: readonly string[];
}

const describeException = (e: {
  sku: string;
  location: string;
  kind: string;
  erp: string;
  omnistock?: string;
  difference?: string;
}) =>
  `${e.sku}@${e.location} ${e.kind} erp ${e.erp}` +
  (e.omnistock !== undefined ? ` / omnistock ${e.omnistock} (${e.difference})` : '');

/**
 * Runs the reconciliation story on a fresh SQLite file in a temp directory (removed afterwards).
 * @example
 * const r = await run({ log: console.log }); r.exceptions.length; // 4
 */
export async function run(
  options: { readonly log?: (line: string) => void } = {},
): Promise<ErpReconciliationResult> {
  const log = options.log ?? (() => {});
  const dir = mkdtempSync(join(tmpdir(), 'omnistock-erp-'));
  const store = SqliteInventoryStore.open({ filename: join(dir, 'omnistock.db') });
  try {
    const service = new InventoryService({ store, items, locations, policies: { rules: [] } });
    unwrap(await service.ingest(history(), 'wms/main'));

    // 1. Import the ERP snapshot against the item and location master: bad rows are reported, not dropped.
    const snapshot = importStockSnapshot(ERP_SNAPSHOT_CSV, {
      items: new Map(items.map((i) => [i.sku, i])),
      locations: new Set(locations.map((l) => l.id)),
    });
    log(`ERP snapshot: ${snapshot.rows.length} rows imported, ${snapshot.errors.length} refused:`);
    for (const e of snapshot.errors) log(`  line ${e.line}: ${e.code} ${e.message}`);

    // 2. Reconcile (one snapshot instant per call), tolerance 1 unit: a report, nothing changed.
    const byAsOf = new Map<string, SnapshotRow[]>();
    for (const row of snapshot.rows) byAsOf.set(row.asOf, [...(byAsOf.get(row.asOf) ?? []), row]);
    const [[asOf, rows]] = [...byAsOf] as [[string, SnapshotRow[]]];
    const report = unwrap(await service.reconcile({ asOf, rows }, { tolerance: TOLERANCE })).report;
    log(
      `\nReconciled as of ${asOf}, tolerance ${TOLERANCE}: ${report.checked} checked, ${report.withinTolerance} within tolerance, exceptions:`,
    );
    for (const e of report.exceptions) log(`  ${describeException(e)}`);

    // 3. Emit the correcting counts (at the snapshot's instant) and apply them.
    const fixed = unwrap(
      await service.reconcile({ asOf, rows }, { tolerance: TOLERANCE, emitCorrections: true }),
    );
    const corrections = fixed.report.corrections.map((c) => {
      const d = c.data as { sku: string; location: string; onHand: string };
      return `${d.sku}@${d.location} onHand ${d.onHand} at ${c.time}`;
    });
    const correctionOutcomes = fixed.corrections.map((r) => (r.status === 'accepted' ? r.outcome : r.status));
    log(`\nCorrecting counts emitted and applied:`);
    for (const [i, c] of corrections.entries()) log(`  ${c} → ${correctionOutcomes[i]}`);
    const after = Object.fromEntries(
      (await service.positions()).map((p) => [`${p.sku}@${p.location}`, p.onHand]),
    );
    log(
      `Positions now: ${Object.entries(after)
        .map(([k, v]) => `${k} ${v}`)
        .join(', ')}`,
    );
    log('  (TEE-M@dc-1 is 14: the ERP said 16 at 06:00, and the 08:00 sale of 2 is kept.)');

    const again = unwrap(await service.reconcile({ asOf, rows }, { tolerance: TOLERANCE })).report;
    const remaining = again.exceptions.map(describeException);
    log(
      `Reconciling the same snapshot again: ${remaining.join('; ') || 'no exceptions'} (newer information is never overwritten).`,
    );
    return {
      importErrors: snapshot.errors.map((e) => `${e.line} ${e.code}`),
      checked: report.checked,
      withinTolerance: report.withinTolerance,
      exceptions: report.exceptions.map(describeException),
      corrections,
      correctionOutcomes,
      after,
      remaining,
    };
  } finally {
    await store.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  await run({ log: console.log });
}
