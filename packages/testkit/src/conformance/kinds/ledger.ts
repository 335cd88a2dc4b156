import { type Item, ItemSchema, issuesFromZod, positionToJson } from '@omnistock/core';
import { Ledger, reconcile } from '@omnistock/ledger';
import { z } from 'zod';
import { subsetMismatches } from '../compare';
import type { KindHandler, KindOutcome } from '../types';

const Timestamp = z.iso.datetime({ offset: true });

/** The `expected` block of a ledger vector; every part is optional and compared as a subset. */
export const LedgerExpectedSchema = z.strictObject({
  /** Per ingested event, in order: its status, or a subset of its outcome. */
  outcomes: z.array(z.union([z.string(), z.record(z.string(), z.unknown())])).optional(),
  /** Every position (sorted by sku, location), each a subset of the position JSON. */
  positions: z.array(z.record(z.string(), z.unknown())).optional(),
  /** Every quarantine entry, oldest first (subset: code, eventId, id, path, attempts). */
  quarantine: z.array(z.record(z.string(), z.unknown())).optional(),
  /** Event ids absorbed by counts, sorted. */
  absorbed: z.array(z.string()).optional(),
  /** Open sequence gaps. */
  gaps: z.array(z.strictObject({ source: z.string(), from: z.int(), to: z.int() })).optional(),
  /** Every reservation the ledger saw (subset of its view), sorted by id. */
  reservations: z.array(z.record(z.string(), z.unknown())).optional(),
  /** Id conflicts. */
  conflicts: z.array(z.record(z.string(), z.unknown())).optional(),
  /** Outcomes of the `resubmit` steps, in order. */
  resubmitted: z.array(z.union([z.string(), z.record(z.string(), z.unknown())])).optional(),
  /** The reconciliation report (subset). */
  reconciliation: z.record(z.string(), z.unknown()).optional(),
});

/** A `ledger` conformance vector: events in → positions, quarantine and absorbed events out. */
export const LedgerVectorSchema = z.strictObject({
  $schema: z.string().optional(),
  kind: z.literal('ledger'),
  name: z.string().min(1),
  description: z.string().optional(),
  items: z.array(z.unknown()).min(1),
  /** CloudEvents (JSON), ingested in order; invalid ones are allowed on purpose. */
  events: z.array(z.unknown()),
  /** Also ingest the events reversed and rotated, expecting the same positions and absorbed set. */
  orderInsensitive: z.boolean().optional(),
  /** After the events: re-submit quarantined entries (by quarantine id), optionally fixed. */
  resubmit: z.array(z.strictObject({ quarantineId: z.string(), event: z.unknown().optional() })).optional(),
  /** After the events: reconcile an ERP snapshot, optionally ingesting the corrections. */
  reconcile: z
    .strictObject({
      asOf: Timestamp,
      rows: z.array(z.strictObject({ sku: z.string(), location: z.string(), onHand: z.string() })),
      tolerance: z.string().optional(),
      corrections: z.strictObject({ source: z.string(), idPrefix: z.string() }).optional(),
      applyCorrections: z.boolean().optional(),
    })
    .optional(),
  expected: LedgerExpectedSchema,
});
export type LedgerVector = z.infer<typeof LedgerVectorSchema>;

function malformed(error: z.ZodError): KindOutcome {
  const issue = issuesFromZod(error)[0];
  return { status: 'malformed', path: issue?.path ?? [], message: issue?.message ?? 'invalid ledger vector' };
}

function project(ledger: Ledger) {
  return {
    positions: ledger.positions().map(positionToJson),
    absorbed: ledger.absorbed().map((a) => a.eventId),
    reservations: ledger.reservations(),
  };
}

const outcomeView = (o: object) => o as Record<string, unknown>;
const expectOutcome = (e: string | Record<string, unknown>) => (typeof e === 'string' ? { status: e } : e);

function runLedger(vector: Readonly<Record<string, unknown>>): KindOutcome {
  const parsed = LedgerVectorSchema.safeParse(vector);
  if (!parsed.success) return malformed(parsed.error);
  const v = parsed.data;
  const items = new Map<string, Item>();
  for (const [i, raw] of v.items.entries()) {
    const item = ItemSchema.safeParse(raw);
    if (!item.success) return { status: 'malformed', path: ['items', i], message: 'invalid item' };
    items.set(item.data.sku, item.data);
  }
  const ledger = new Ledger({ items });
  const outcomes = v.events.map((e) => outcomeView(ledger.ingest(e)));
  const resubmitted = (v.resubmit ?? []).map((r) => outcomeView(ledger.resubmit(r.quarantineId, r.event)));
  let reconciliation: unknown;
  if (v.reconcile) {
    const rc = v.reconcile;
    const report = reconcile(
      ledger,
      { asOf: rc.asOf, rows: rc.rows },
      {
        ...(rc.tolerance !== undefined ? { tolerance: rc.tolerance } : {}),
        ...(rc.corrections ? { corrections: rc.corrections } : {}),
      },
      items,
    );
    reconciliation = report.ok
      ? {
          ...report.value,
          corrections: report.value.corrections.map((c) => ({
            id: c.id,
            type: c.type,
            time: c.time,
            data: c.data,
          })),
        }
      : { error: report.error };
    if (report.ok && rc.applyCorrections) for (const c of report.value.corrections) ledger.ingest(c);
  }
  const actual = {
    outcomes,
    ...project(ledger),
    quarantine: ledger.quarantine().map((q) => ({ ...q })),
    gaps: ledger.gaps(),
    conflicts: ledger.conflicts(),
    resubmitted,
    ...(reconciliation !== undefined ? { reconciliation } : {}),
  };
  const ex = v.expected;
  const expected = {
    ...(ex.outcomes ? { outcomes: ex.outcomes.map(expectOutcome) } : {}),
    ...(ex.positions ? { positions: ex.positions } : {}),
    ...(ex.quarantine ? { quarantine: ex.quarantine } : {}),
    ...(ex.absorbed ? { absorbed: ex.absorbed } : {}),
    ...(ex.gaps ? { gaps: ex.gaps } : {}),
    ...(ex.reservations ? { reservations: ex.reservations } : {}),
    ...(ex.conflicts ? { conflicts: ex.conflicts } : {}),
    ...(ex.resubmitted ? { resubmitted: ex.resubmitted.map(expectOutcome) } : {}),
    ...(ex.reconciliation ? { reconciliation: ex.reconciliation } : {}),
  };
  const mismatches = subsetMismatches(expected, actual);
  if (v.orderInsensitive && !v.resubmit && !v.reconcile) {
    const reference = project(ledger);
    const orders = [
      [...v.events].reverse(),
      ...v.events.map((_, k) => [...v.events.slice(k), ...v.events.slice(0, k)]).slice(1),
      [...v.events, ...v.events],
    ];
    for (const [i, order] of orders.entries()) {
      const other = new Ledger({ items });
      for (const e of order) other.ingest(e);
      const got = project(other);
      if (JSON.stringify(got) !== JSON.stringify(reference)) {
        mismatches.push({ path: ['orderInsensitive', i], expected: reference, actual: got });
        break;
      }
    }
  }
  return mismatches.length === 0 ? { status: 'pass' } : { status: 'fail', mismatches, actual };
}

/** The `ledger` kind: CloudEvents in → positions, quarantine, absorbed events (and more) out. */
export const ledgerKind: KindHandler = {
  kind: 'ledger',
  summary: 'events in → positions, quarantine, absorbed events, gaps, reservations out',
  run: runLedger,
};
