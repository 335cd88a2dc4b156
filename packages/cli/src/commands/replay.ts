import { stat } from 'node:fs/promises';
import { resolve } from 'node:path';
import type { components } from '@omnistock/contracts';
import type { OmnistockClient } from '@omnistock/service/client';
import { type Command, type Io, UsageError } from '../command';
import { client, CONNECTION_OPTIONS, connectionFrom, connectionUsage, problemError } from '../internal/api';
import { intFlag, positionalsExactly } from '../internal/flags';
import { readLines } from '../internal/lines';
import { Progress } from '../internal/progress';

type IngestResult = components['schemas']['IngestResult'];

/** Flush a batch early when its JSON grows past this (the service's default body limit is 1 MiB). */
const MAX_BATCH_BYTES = 512 * 1024;
/** How many problems are listed in full. */
const SHOWN = 10;

interface Pending {
  readonly event: Record<string, unknown>;
  readonly line: number;
  readonly bytes: number;
}

/** Counts of a replay and the first few problems with their line numbers. */
export interface ReplayTally {
  accepted: number;
  duplicate: number;
  quarantined: number;
  /** Lines that are not a JSON object (reported, counted, not sent). */
  unreadable: number;
  /** Events the service refused one by one as too large. */
  tooLarge: number;
  readonly quarantineReasons: { line: number; id?: string; code: string; message: string }[];
}

/**
 * `omnistock replay <events.jsonl>`: streams a file of CloudEvents (one JSON object per line) to
 * `POST /v1/events` in batches, with progress, and prints what the service did with them.
 */
export const replayCommand: Command = {
  name: 'replay',
  summary: 'Stream a JSON-lines file of CloudEvents into the running service',
  usage: [
    'omnistock replay <events.jsonl> [--batch 500] [--strict] [--url <url>] [--key <key>]',
    '',
    'Reads the file line by line (never all at once), posts batches to POST /v1/events and prints how many',
    'events were accepted, duplicate and quarantined, the rate, and the first quarantine reasons with their',
    'line numbers. A line that is not a JSON object is reported with its number and counted, not sent.',
    'Blank lines are skipped. Progress is drawn on stderr (a bar on a terminal, a line every 2 s otherwise).',
    '',
    'Options:',
    '  --batch <n>    events per request, 1-1000 (default 500)',
    '  --strict       exit 1 when any line was unreadable or any event quarantined',
    connectionUsage(17),
  ].join('\n'),
  options: { batch: { type: 'string' }, strict: { type: 'boolean' }, ...CONNECTION_OPTIONS },
  async run({ values, positionals }, io) {
    positionalsExactly(positionals, 1, 'one events file (JSON lines)');
    const batchSize = intFlag(values, 'batch', 500, 1, 1000);
    const file = positionals[0] as string;
    const path = resolve(io.cwd, file);
    const size = await fileSize(path, file);
    const api = client(connectionFrom(values, io.env ?? {}));
    const tally: ReplayTally = {
      accepted: 0,
      duplicate: 0,
      quarantined: 0,
      unreadable: 0,
      tooLarge: 0,
      quarantineReasons: [],
    };
    const progress = new Progress(io);
    const started = performance.now();
    let batch: Pending[] = [];
    let batchBytes = 0;
    let lastBytes = 0;
    const flush = async () => {
      if (batch.length === 0) return;
      await post(api, batch, tally, io);
      batch = [];
      batchBytes = 0;
      const sent = tally.accepted + tally.duplicate + tally.quarantined;
      progress.update(size === 0 ? 1 : lastBytes / size, `${sent} events, ${rate(sent, started)} events/s`);
    };
    for await (const line of readLines(path)) {
      lastBytes = line.bytesRead;
      if (line.text.trim() === '') continue;
      const parsed = parseLine(line.text);
      if (typeof parsed === 'string') {
        tally.unreadable++;
        if (tally.unreadable <= SHOWN) io.err(`${file}:${line.number}: ${parsed}`);
        continue;
      }
      const bytes = Buffer.byteLength(line.text) + 1;
      if (batch.length > 0 && batchBytes + bytes > MAX_BATCH_BYTES) await flush();
      batch.push({ event: parsed, line: line.number, bytes });
      batchBytes += bytes;
      if (batch.length >= batchSize) await flush();
    }
    await flush();
    progress.done();
    summary(file, tally, started, io);
    const problems = tally.unreadable + tally.quarantined + tally.tooLarge;
    return values.strict && problems > 0 ? 1 : 0;
  },
};

async function fileSize(path: string, file: string): Promise<number> {
  try {
    const s = await stat(path);
    if (!s.isFile()) throw new UsageError(`not a file: ${file}`);
    return s.size;
  } catch (e) {
    if (e instanceof UsageError) throw e;
    throw new UsageError(`cannot read ${file}: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}`);
  }
}

function parseLine(text: string): Record<string, unknown> | string {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (e) {
    return `not JSON (${(e as Error).message})`;
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    return `not a JSON object (${Array.isArray(value) ? 'an array' : value === null ? 'null' : typeof value})`;
  }
  return value as Record<string, unknown>;
}

/** Posts one batch; a batch the service finds too large is split in halves until it fits. */
async function post(api: OmnistockClient, batch: Pending[], tally: ReplayTally, io: Io): Promise<void> {
  const r = await api.POST('/v1/events', { body: batch.map((p) => p.event) });
  if (r.response.status === 413) {
    if (batch.length === 1) {
      tally.tooLarge++;
      io.err(`line ${batch[0]?.line}: the service refused the event as too large (PAYLOAD_TOO_LARGE)`);
      return;
    }
    const half = Math.ceil(batch.length / 2);
    await post(api, batch.slice(0, half), tally, io);
    await post(api, batch.slice(half), tally, io);
    return;
  }
  if (r.error !== undefined || r.data === undefined) throw problemError(r.error, r.response);
  count(r.data, batch, tally);
}

function count(result: IngestResult, batch: readonly Pending[], tally: ReplayTally): void {
  tally.accepted += result.accepted;
  tally.duplicate += result.duplicate;
  tally.quarantined += result.quarantined;
  for (const e of result.results) {
    if (e.status !== 'quarantined' || tally.quarantineReasons.length >= SHOWN) continue;
    tally.quarantineReasons.push({
      line: batch[e.index]?.line ?? 0,
      ...(e.id !== undefined ? { id: e.id } : {}),
      code: e.reason?.code ?? 'EVENT_INVALID',
      message: e.reason?.message ?? '',
    });
  }
}

function rate(n: number, started: number): string {
  const seconds = (performance.now() - started) / 1000;
  return seconds <= 0 ? '0' : Math.round(n / seconds).toLocaleString('en-US');
}

function summary(file: string, t: ReplayTally, started: number, io: Io): void {
  const sent = t.accepted + t.duplicate + t.quarantined;
  const seconds = (performance.now() - started) / 1000;
  const n = (x: number) => x.toLocaleString('en-US').padStart(10);
  io.out(
    `replayed ${file}: ${sent.toLocaleString('en-US')} events in ${seconds.toFixed(1)} s (${rate(sent, started)} events/s)`,
  );
  io.out(`  accepted    ${n(t.accepted)}`);
  io.out(`  duplicate   ${n(t.duplicate)}`);
  io.out(`  quarantined ${n(t.quarantined)}`);
  if (t.unreadable > 0)
    io.out(`  unreadable  ${n(t.unreadable)}  (lines that are not a JSON object; not sent)`);
  if (t.tooLarge > 0) io.out(`  too large   ${n(t.tooLarge)}  (refused by the service; not stored)`);
  if (t.quarantineReasons.length > 0) {
    io.out(
      t.quarantined > t.quarantineReasons.length
        ? `first ${t.quarantineReasons.length} quarantine reasons:`
        : 'quarantine reasons:',
    );
    for (const q of t.quarantineReasons) {
      io.out(`  line ${q.line}${q.id !== undefined ? ` (${q.id})` : ''}: ${q.code}: ${q.message}`);
    }
  }
}
