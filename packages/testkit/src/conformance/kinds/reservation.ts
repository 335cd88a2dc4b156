import {
  type Item,
  ItemSchema,
  issuesFromZod,
  LocationGroupSchema,
  LocationSchema,
  Quantity,
  itemSpec,
} from '@omnistock/core';
import { type BookCommand, ReservationBook, toView } from '@omnistock/reservations';
import { z } from 'zod';
import { subsetMismatches } from '../compare';
import type { KindHandler, KindOutcome } from '../types';

const Timestamp = z.iso.datetime({ offset: true });
const StockRow = z.strictObject({ sku: z.string(), location: z.string(), qty: z.string() });

/** One step: a book command at a time, or an expiry sweep. */
const StepSchema = z.union([
  z.strictObject({ at: Timestamp, command: z.record(z.string(), z.unknown()) }),
  z.strictObject({ at: Timestamp, sweep: z.literal(true) }),
]);

/** A `reservation` conformance vector: commands in → states, errors and emitted events out. */
export const ReservationVectorSchema = z.strictObject({
  $schema: z.string().optional(),
  kind: z.literal('reservation'),
  name: z.string().min(1),
  description: z.string().optional(),
  items: z.array(z.unknown()).min(1),
  locations: z.array(z.unknown()).optional(),
  groups: z.array(z.unknown()).optional(),
  /** Gross availability per sku × location before this book's reservations (absent → 0). */
  availability: z.array(StockRow),
  /** Backorder allowance per sku × location. */
  backorder: z.array(StockRow).optional(),
  idempotencyRetentionMs: z.int().positive().optional(),
  steps: z.array(StepSchema).min(1),
  expected: z.strictObject({
    /**
     * Per step: `{ reservation, events, shortfalls, replayed }` subsets for a success, `{ error: { code,
     * details } }` for a failure, `{ expired, events }` for a sweep.
     */
    steps: z.array(z.record(z.string(), z.unknown())).optional(),
    /** Final reservations (subset of the JSON view), sorted by id. */
    reservations: z.array(z.record(z.string(), z.unknown())).optional(),
    /** Final live totals per sku × location (held and committed), sorted. */
    totals: z
      .array(
        z.strictObject({ sku: z.string(), location: z.string(), held: z.string(), committed: z.string() }),
      )
      .optional(),
  }),
});
export type ReservationVector = z.infer<typeof ReservationVectorSchema>;

function malformed(error: z.ZodError, prefix: (string | number)[] = []): KindOutcome {
  const issue = issuesFromZod(error)[0];
  return {
    status: 'malformed',
    path: [...prefix, ...(issue?.path ?? [])],
    message: issue?.message ?? 'invalid reservation vector',
  };
}

function runReservation(vector: Readonly<Record<string, unknown>>): KindOutcome {
  const parsed = ReservationVectorSchema.safeParse(vector);
  if (!parsed.success) return malformed(parsed.error);
  const v = parsed.data;
  const items = new Map<string, Item>();
  for (const [i, raw] of v.items.entries()) {
    const item = ItemSchema.safeParse(raw);
    if (!item.success) return malformed(item.error, ['items', i]);
    items.set(item.data.sku, item.data);
  }
  const locations = z.array(LocationSchema).safeParse(v.locations ?? []);
  if (!locations.success) return malformed(locations.error, ['locations']);
  const groups = z.array(LocationGroupSchema).safeParse(v.groups ?? []);
  if (!groups.success) return malformed(groups.error, ['groups']);
  const table = (rows: readonly z.infer<typeof StockRow>[]) =>
    new Map(rows.map((r) => [`${r.sku}|${r.location}`, r.qty]));
  const stock = table(v.availability);
  const back = table(v.backorder ?? []);
  const qty = (m: Map<string, string>, sku: string, loc: string) => {
    const item = items.get(sku);
    const spec = item ? itemSpec(item) : { unit: 'each', scale: 0 };
    const r = Quantity.parse(m.get(`${sku}|${loc}`) ?? '0', spec);
    return r.ok ? r.value : Quantity.zero(spec);
  };
  const book = new ReservationBook({
    items,
    availability: (sku, loc) => qty(stock, sku, loc),
    ...(v.locations ? { locations: locations.data } : {}),
    groups: groups.data,
    ...(v.backorder ? { backorder: (sku, loc) => qty(back, sku, loc) } : {}),
    ...(v.idempotencyRetentionMs !== undefined ? { idempotencyRetentionMs: v.idempotencyRetentionMs } : {}),
  });
  const steps = v.steps.map((s) => {
    if ('sweep' in s) {
      const r = book.sweep(s.at);
      return { expired: r.expired.map((x) => x.id), events: r.events, purgedKeys: r.purgedKeys };
    }
    const r = book.execute(s.command as unknown as BookCommand, s.at);
    if (!r.ok) return { error: r.error };
    return {
      reservation: toView(r.value.reservation),
      events: r.value.events,
      shortfalls: r.value.shortfalls,
      replayed: r.value.replayed,
    };
  });
  const actual = {
    steps,
    reservations: [...book.all()].map(toView).sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0)),
    totals: [...book.allLiveTotals()]
      .map((t) => ({
        sku: t.sku,
        location: t.location,
        held: t.held.toString(),
        committed: t.committed.toString(),
      }))
      .sort((a, b) => (`${a.sku}|${a.location}` < `${b.sku}|${b.location}` ? -1 : 1)),
  };
  const ex = v.expected;
  const expected = {
    ...(ex.steps ? { steps: ex.steps } : {}),
    ...(ex.reservations ? { reservations: ex.reservations } : {}),
    ...(ex.totals ? { totals: ex.totals } : {}),
  };
  const mismatches = subsetMismatches(expected, JSON.parse(JSON.stringify(actual)));
  return mismatches.length === 0 ? { status: 'pass' } : { status: 'fail', mismatches, actual };
}

/** The `reservation` kind: book commands in → states, errors and emitted events out. */
export const reservationKind: KindHandler = {
  kind: 'reservation',
  summary: 'reservation commands in → states, errors, emitted events, live totals out',
  run: runReservation,
};
