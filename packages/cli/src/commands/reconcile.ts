import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import { SnapshotLineSchema } from '@omnistock/contracts';
import { formatPath, issuesFromZod, NonNegativeDecimalSchema, SourceIdSchema } from '@omnistock/core';
import { type Command, UsageError } from '../command';
import { client, CONNECTION_OPTIONS, connectionFrom, connectionUsage, expectData } from '../internal/api';
import { CsvError, parseCsv } from '../internal/csv';
import { positionalsExactly, requiredFlag, timestampFlag } from '../internal/flags';
import { table } from '../internal/table';

/** The most rows one reconciliation takes (OpenAPI v1 `ReconciliationRequest.lines`). */
const MAX_ROWS = 100_000;
const SHOWN = 20;

/** One validated snapshot row. */
export interface SnapshotRow {
  readonly sku: string;
  readonly location: string;
  readonly onHand: string;
}

/**
 * Parses an ERP snapshot CSV with the header `sku,location,onHand` (any column order; other columns
 * are ignored). Throws a `UsageError` listing the bad rows with their line numbers.
 * @example
 * parseSnapshot('sku,location,onHand\nTEE-M,s1,4\n', 'snap.csv'); // [{ sku: 'TEE-M', location: 's1', onHand: '4' }]
 */
export function parseSnapshot(text: string, file: string): SnapshotRow[] {
  let records: ReturnType<typeof parseCsv>;
  try {
    records = parseCsv(text);
  } catch (e) {
    if (e instanceof CsvError) throw new UsageError(`${file}: ${e.message}`);
    throw e;
  }
  const [head, ...body] = records;
  if (!head) throw new UsageError(`${file}: empty; expected the header sku,location,onHand and rows`);
  const names = head.fields.map((f) => f.trim());
  const col = (name: string) => {
    const at = names.findIndex((n) => n.toLowerCase() === name.toLowerCase());
    if (at === -1) {
      throw new UsageError(
        `${file}: line ${head.line}: the header has no "${name}" column (expected sku,location,onHand, got ${names.join(',')})`,
      );
    }
    if (names.findIndex((n, i) => i > at && n.toLowerCase() === name.toLowerCase()) !== -1) {
      throw new UsageError(`${file}: line ${head.line}: the header names "${name}" twice`);
    }
    return at;
  };
  const [sku, location, onHand] = [col('sku'), col('location'), col('onHand')];
  const errors: string[] = [];
  const rows: SnapshotRow[] = [];
  const seen = new Map<string, number>();
  for (const r of body) {
    if (r.fields.length === 1 && (r.fields[0] ?? '').trim() === '') continue;
    if (r.fields.length !== names.length) {
      errors.push(`line ${r.line}: ${r.fields.length} fields, the header has ${names.length}`);
      continue;
    }
    const row = {
      sku: (r.fields[sku] ?? '').trim(),
      location: (r.fields[location] ?? '').trim(),
      onHand: (r.fields[onHand] ?? '').trim(),
    };
    const parsed = SnapshotLineSchema.safeParse(row);
    if (!parsed.success) {
      const issue = issuesFromZod(parsed.error)[0];
      const field = issue ? formatPath(issue.path) : '';
      errors.push(
        `line ${r.line}: ${field} ${JSON.stringify(row[field as keyof SnapshotRow] ?? '')}: ${issue?.message ?? 'invalid'}`,
      );
      continue;
    }
    const key = `${row.sku}\u0000${row.location}`;
    const first = seen.get(key);
    if (first !== undefined) {
      errors.push(`line ${r.line}: ${row.sku} @ ${row.location} is already on line ${first}`);
      continue;
    }
    seen.set(key, r.line);
    rows.push(row);
  }
  if (errors.length > 0) {
    const more = errors.length > SHOWN ? `\n  ... and ${errors.length - SHOWN} more` : '';
    throw new UsageError(
      `${file}: ${errors.length} bad row${errors.length === 1 ? '' : 's'}:\n  ${errors.slice(0, SHOWN).join('\n  ')}${more}`,
    );
  }
  if (rows.length === 0) throw new UsageError(`${file}: no rows after the header`);
  if (rows.length > MAX_ROWS) {
    throw new UsageError(`${file}: ${rows.length} rows; one reconciliation takes at most ${MAX_ROWS}`);
  }
  return rows;
}

/**
 * `omnistock reconcile <snapshot.csv>`: posts an ERP snapshot to `POST /v1/reconciliations` and
 * prints the exceptions and a summary.
 */
export const reconcileCommand: Command = {
  name: 'reconcile',
  summary: 'Reconcile an ERP snapshot (CSV) with the running service',
  usage: [
    'omnistock reconcile <snapshot.csv> --source <erp/x> --as-of <time> [--tolerance 0] [--emit-corrections]',
    '',
    "Compares the ERP's onHand per sku and location (CSV with the header sku,location,onHand; quoted fields",
    "allowed, other columns ignored) with the service's as of --as-of, prints every difference beyond the",
    'tolerance and a summary. With --emit-corrections the service emits a correcting stock.counted event per',
    "exception. The request carries an Idempotency-Key derived from the file's content hash and the options,",
    'so running the same reconciliation again (a retry) emits the corrections once.',
    '',
    'Options:',
    '  --source <id>         the system the snapshot comes from, e.g. erp/sap-prod (required)',
    '  --as-of <time>        RFC 3339 time the snapshot was taken (required)',
    '  --tolerance <qty>     differences up to this absolute quantity are not exceptions (default 0)',
    '  --emit-corrections    make the service agree with the ERP for every exception',
    "  --json                print the service's report as JSON",
    connectionUsage(24),
  ].join('\n'),
  options: {
    source: { type: 'string' },
    'as-of': { type: 'string' },
    tolerance: { type: 'string' },
    'emit-corrections': { type: 'boolean' },
    json: { type: 'boolean' },
    ...CONNECTION_OPTIONS,
  },
  async run({ values, positionals }, io) {
    positionalsExactly(positionals, 1, 'one snapshot file (CSV)');
    const source = requiredFlag(values, 'source');
    if (!SourceIdSchema.safeParse(source).success) {
      throw new UsageError(
        `--source: "${source}" must be 1-256 characters without spaces, e.g. erp/sap-prod`,
      );
    }
    const asOf = timestampFlag(requiredFlag(values, 'as-of'), 'as-of');
    const tolerance = (values.tolerance as string | undefined) ?? '0';
    if (!NonNegativeDecimalSchema.safeParse(tolerance).success) {
      throw new UsageError(`--tolerance: "${tolerance}" is not a non-negative decimal`);
    }
    const emitCorrections = values['emit-corrections'] === true;
    const file = positionals[0] as string;
    let bytes: Buffer;
    try {
      bytes = await readFile(resolve(io.cwd, file));
    } catch (e) {
      throw new UsageError(
        `cannot read ${file}: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}`,
      );
    }
    const lines = parseSnapshot(bytes.toString('utf8'), file);
    const connection = connectionFrom(values, io.env ?? {});
    const key = idempotencyKey(bytes, { source, asOf, tolerance, emitCorrections });
    const report = expectData(
      await client(connection).POST('/v1/reconciliations', {
        params: { header: { 'Idempotency-Key': key } },
        body: { source, asOf, lines, tolerance, emitCorrections },
      }),
    );
    if (values.json) {
      io.out(JSON.stringify(report, null, 2));
      return 0;
    }
    if (report.exceptions.length > 0) {
      const rows = report.exceptions.map((x) => [
        x.sku,
        x.location,
        x.erpOnHand,
        x.omnistockOnHand,
        x.difference,
        x.correctionEventId ?? '',
      ]);
      for (const l of table(
        ['sku', 'location', 'erp', 'omnistock', 'difference', 'correction'],
        rows,
        new Set([2, 3, 4]),
      )) {
        io.out(l);
      }
      io.out('');
    }
    const ex = report.exceptions.length;
    io.out(
      `reconciliation ${report.reconciliationId} of ${report.source} as of ${report.asOf}: checked ${report.checked}, matched ${report.matched}, ${ex} exception${ex === 1 ? '' : 's'}, ${report.correctionsEmitted} correction${report.correctionsEmitted === 1 ? '' : 's'} emitted`,
    );
    if (ex > 0 && !emitCorrections)
      io.out('(run again with --emit-corrections to make omnistock agree with the ERP)');
    return 0;
  },
};

/**
 * The Idempotency-Key of a reconciliation: a hash of the file's bytes and the options, so the same
 * reconciliation sent twice is one reconciliation.
 * @example
 * idempotencyKey(Buffer.from('sku,location,onHand\n'), { source: 'erp/x', asOf, tolerance: '0', emitCorrections: true });
 */
export function idempotencyKey(
  bytes: Uint8Array,
  options: { source: string; asOf: string; tolerance: string; emitCorrections: boolean },
): string {
  const content = createHash('sha256').update(bytes).digest('hex');
  const opts = createHash('sha256')
    .update(JSON.stringify([options.source, options.asOf, options.tolerance, options.emitCorrections]))
    .digest('hex');
  return `reconcile-${content.slice(0, 40)}-${opts.slice(0, 16)}`;
}
