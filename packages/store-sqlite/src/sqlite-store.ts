import { asId, fail, type LocationId, ok, OmnistockError, type Result, type Sku } from '@omnistock/core';
import {
  type AppendedEvent,
  type AppendOutcome,
  type AppendRequest,
  appendFlow,
  type BusEvent,
  type IdempotencyRecord,
  type InventoryStore,
  newQuarantineRecord,
  quarantinePath,
  type OutboxRecord,
  type PositionRecord,
  type PositionRef,
  type QuarantineInput,
  type QuarantineRecord,
  type QuarantineUpdate,
  type ReconciliationRecord,
  refKey,
  type ReservationQuery,
  type ReservationRecord,
  type ReserveOutcome,
  type ReserveRequest,
  reserveBatchFlow,
  reserveFlow,
  SerialQueue,
  type StoredEvent,
  type StoreTx,
  type TransitionOutcome,
  type TransitionRequest,
  transitionFlow,
  positionRowValues,
  sqlJson,
} from '@omnistock/runtime';
import Database from 'better-sqlite3';
import { WalCommitSignal } from './internal/commit-signal';
import { ReadCache } from './internal/read-cache';
import { Statements } from './internal/statements';
import { migrateSqlite } from './migrations';

/** Options of {@link SqliteInventoryStore.open}. */
export interface SqliteStoreOptions {
  /** The database file (`:memory:` for a private in-memory database). */
  readonly filename: string;
  /** How long a writer waits for another process's write lock, per attempt (default 5 000 ms). */
  readonly busyTimeoutMs?: number;
  /** Attempts when the database stays busy (default 10). */
  readonly maxAttempts?: number;
  /** `synchronous` pragma: `FULL` (default: durable on power loss) or `NORMAL` (WAL-safe, faster). */
  readonly synchronous?: 'FULL' | 'NORMAL';
  /** The clock (ISO strings); default the system clock. */
  readonly now?: () => string;
  /**
   * Coalescing of concurrent reserves: reservations queued while a transaction runs are done
   * together in the next one, at most `maxBatch` (default 128). `false` = one transaction per call.
   */
  readonly coalesce?: false | { readonly maxBatch?: number };
}

interface PendingReserve {
  readonly request: ReserveRequest;
  resolve(result: Result<ReserveOutcome>): void;
  reject(error: unknown): void;
}

interface PositionRow {
  sku: string;
  location: string;
  on_hand: string;
  damaged: string;
  quality_control: string;
  committed: string;
  reserved: string;
  incoming: string;
  in_transit: string;
  as_of: string | null;
  version: number;
}

interface ReservationRow {
  id: string;
  state: string;
  version: number;
  lines: string;
  expires_at: string | null;
  data: string | null;
}

interface ReconciliationRow {
  id: string;
  idem_key: string | null;
  payload_hash: string | null;
  report: string;
  created_at: string;
}

const toReconciliation = (r: ReconciliationRow | undefined): ReconciliationRecord | undefined =>
  r && {
    id: r.id,
    report: JSON.parse(r.report),
    key: r.idem_key,
    payloadHash: r.payload_hash,
    createdAt: r.created_at,
  };

interface QuarantineRow {
  id: number;
  raw: string | null;
  reason_code: string;
  message: string;
  reason_path: string | null;
  principal: string | null;
  resubmissions: number;
  received_at: string;
  resubmitted_at: string | null;
}

const toPosition = (r: PositionRow): PositionRecord => ({
  position: {
    sku: asId<Sku>(r.sku),
    location: asId<LocationId>(r.location),
    onHand: r.on_hand,
    damaged: r.damaged,
    qualityControl: r.quality_control,
    committed: r.committed,
    reserved: r.reserved,
    incoming: JSON.parse(r.incoming),
    inTransit: JSON.parse(r.in_transit),
    asOf: r.as_of,
  },
  version: r.version,
});

/** A position record that callers share through the read cache: frozen, lots included. */
function frozenPosition(r: PositionRow): PositionRecord {
  const rec = toPosition(r);
  const p = rec.position as { incoming: readonly object[]; inTransit: readonly object[] };
  for (const lot of p.incoming) Object.freeze(lot);
  for (const lot of p.inTransit) Object.freeze(lot);
  Object.freeze(p.incoming);
  Object.freeze(p.inTransit);
  Object.freeze(p);
  return Object.freeze(rec);
}

const toReservation = (r: ReservationRow): ReservationRecord => ({
  id: r.id,
  state: r.state,
  version: r.version,
  lines: JSON.parse(r.lines),
  expiresAt: r.expires_at,
  data: r.data === null ? null : JSON.parse(r.data),
});

const toQuarantine = (r: QuarantineRow): QuarantineRecord => ({
  id: r.id,
  raw: r.raw === null ? null : JSON.parse(r.raw),
  reasonCode: r.reason_code,
  message: r.message,
  path: r.reason_path === null ? null : JSON.parse(r.reason_path),
  principal: r.principal,
  resubmissions: r.resubmissions,
  receivedAt: r.received_at,
  resubmittedAt: r.resubmitted_at,
});

const json = sqlJson;
/** JSON text, or SQL NULL for null. */
const nullableJson = (v: unknown): string | null => (v === null ? null : json(v));

/**
 * The SQLite {@link InventoryStore} (better-sqlite3, WAL, one file): the embedded default.
 * Every command is one `BEGIN IMMEDIATE` transaction, which takes the database's write lock
 * before reading, so the decision always sees rows no one else can change until it commits:
 * no oversell across threads or processes sharing the file. Use one store instance per file per
 * process (several processes or worker threads may share the file).
 * @example
 * const store = SqliteInventoryStore.open({ filename: 'omnistock.db' });
 * const r = await store.reserve({ positions: lines, decide });
 * await store.close();
 */
export class SqliteInventoryStore implements InventoryStore {
  private readonly queue = new SerialQueue();
  private readonly pending: PendingReserve[] = [];
  private draining = false;
  private readonly statements: Statements;
  /** One sku's position rows, kept until any writer commits (see {@link ReadCache}). */
  private readonly positionsBySku: ReadCache<readonly PositionRecord[]>;
  /** Commits of any connection, seen in the `-shm` header (undefined: `PRAGMA data_version`). */
  private readonly commitSignal: WalCommitSignal | undefined;

  private constructor(
    private readonly db: Database.Database,
    private readonly maxAttempts: number,
    private readonly now: () => string,
    private readonly maxBatch: number,
  ) {
    this.statements = new Statements(db);
    const dataVersion = this.statements.get('dataVersion').pluck();
    const signal = WalCommitSignal.open(db.name, db.pragma('journal_mode', { simple: true }));
    this.commitSignal = signal;
    this.positionsBySku = new ReadCache(signal ? () => signal.version() : () => dataVersion.get() as number);
  }

  /**
   * Opens (creating if needed) the file, sets WAL mode and applies pending migrations.
   * @example
   * const store = SqliteInventoryStore.open({ filename: '/var/lib/omnistock/store.db' });
   */
  static open(options: SqliteStoreOptions): SqliteInventoryStore {
    let db: Database.Database;
    try {
      db = new Database(options.filename);
      db.pragma('journal_mode = WAL');
      db.pragma(`synchronous = ${options.synchronous ?? 'FULL'}`);
      db.pragma(`busy_timeout = ${options.busyTimeoutMs ?? 5000}`);
      db.pragma('foreign_keys = ON');
      migrateSqlite(db);
    } catch (error) {
      throw unavailable(`cannot open SQLite store ${options.filename}`, error);
    }
    return new SqliteInventoryStore(
      db,
      options.maxAttempts ?? 10,
      options.now ?? (() => new Date().toISOString()),
      options.coalesce === false ? 1 : (options.coalesce?.maxBatch ?? 128),
    );
  }

  private transaction<T>(flow: (tx: StoreTx) => Promise<Result<T>>): Promise<Result<T>> {
    return this.queue.run(() => this.inTransaction(flow, (r) => r.ok));
  }

  /** One `BEGIN IMMEDIATE` transaction (call inside the queue), retried while the file is busy. */
  private async inTransaction<T>(
    flow: (tx: StoreTx) => Promise<T>,
    commit: (value: T) => boolean,
  ): Promise<T> {
    for (let attempt = 1; ; attempt++) {
      try {
        this.db.exec('BEGIN IMMEDIATE');
      } catch (error) {
        if (isBusy(error) && attempt < this.maxAttempts) continue;
        throw unavailable('SQLite stayed busy', error);
      }
      try {
        const value = await flow(new SqliteTx(this.statements, this.now()));
        this.db.exec(commit(value) ? 'COMMIT' : 'ROLLBACK');
        return value;
      } catch (error) {
        if (this.db.inTransaction) this.db.exec('ROLLBACK');
        if (isBusy(error) && attempt < this.maxAttempts) continue;
        if (error instanceof OmnistockError) throw error;
        throw unavailable('SQLite transaction failed', error);
      } finally {
        this.positionsBySku.wrote();
      }
    }
  }

  /** Runs the queued reserves in batches, each batch one transaction. */
  private drain(): void {
    if (this.draining || this.pending.length === 0) return;
    this.draining = true;
    void this.queue
      .run(async () => {
        const batch = this.pending.splice(0, this.maxBatch);
        try {
          const results = await this.inTransaction(
            (tx) =>
              reserveBatchFlow(
                tx,
                batch.map((b) => b.request),
              ),
            () => true,
          );
          for (const [i, b] of batch.entries()) b.resolve(results[i]!);
        } catch (error) {
          for (const b of batch) b.reject(error);
        }
      })
      .finally(() => {
        this.draining = false;
        this.drain();
      });
  }

  /**
   * A read outside any transaction, queued so it never sees another command's uncommitted rows;
   * answered at once when nothing is queued (no transaction of this store is open then).
   */
  private read<T>(fn: () => T): Promise<T> {
    if (this.queue.idle) {
      try {
        return Promise.resolve(this.readSync(fn));
      } catch (error) {
        return Promise.reject(error);
      }
    }
    return this.queue.run(async () => this.readSync(fn));
  }

  private readSync<T>(fn: () => T): T {
    try {
      return fn();
    } catch (error) {
      throw unavailable('SQLite query failed', error);
    }
  }

  /** A write outside the transaction flows (queued like them); the read cache is dropped. */
  private write<T>(fn: () => T): Promise<T> {
    return this.queue.run(async () => {
      try {
        return this.readSync(fn);
      } finally {
        this.positionsBySku.wrote();
      }
    });
  }

  append(request: AppendRequest): Promise<Result<AppendOutcome>> {
    return this.transaction((tx) => appendFlow(tx, request));
  }

  /**
   * Reserves atomically. Calls made while a transaction runs are coalesced into the next one
   * (each reservation still all-or-nothing), so a burst costs one fsync instead of one per call.
   * @example
   * const r = await store.reserve({ positions: [{ sku: 'A', location: 'S1' }], decide });
   */
  reserve(request: ReserveRequest): Promise<Result<ReserveOutcome>> {
    if (this.maxBatch <= 1) return this.transaction((tx) => reserveFlow(tx, request));
    return new Promise((resolve, reject) => {
      this.pending.push({ request, resolve, reject });
      this.drain();
    });
  }

  transition(request: TransitionRequest): Promise<Result<TransitionOutcome>> {
    return this.transaction((tx) => transitionFlow(tx, request));
  }

  async readEvents(after: number, limit: number): Promise<AppendedEvent[]> {
    const rows = await this.read(
      () =>
        this.statements.get('readEvents').all(after, limit) as (Omit<AppendedEvent, 'payload'> & {
          payload: string;
        })[],
    );
    return rows.map((r) => ({ ...r, payload: JSON.parse(r.payload) as BusEvent }));
  }

  async getPositions(refs: readonly PositionRef[]): Promise<PositionRecord[]> {
    return this.read(() => {
      const stmt = this.statements.get('position');
      return refs.flatMap((r) => {
        const row = stmt.get(r.sku, r.location) as PositionRow | undefined;
        return row ? [toPosition(row)] : [];
      });
    });
  }

  /**
   * Every position row of a sku (all skus when omitted), sorted by sku then location. One sku's
   * rows are kept (frozen) until this store or any other connection to the file commits a write,
   * so repeated availability reads of a hot sku cost one look at the commit signal: a `pread` of
   * the `-shm` header for a WAL file (see {@link WalCommitSignal}), `PRAGMA data_version` in memory.
   */
  listPositions(sku?: string): Promise<PositionRecord[]> {
    if (sku === undefined) {
      return this.read(() => this.statements.get('allPositions').all() as PositionRow[]).then((rows) =>
        rows.map(toPosition),
      );
    }
    return this.read(() =>
      this.positionsBySku
        .get(sku, () => (this.statements.get('positionsOfSku').all(sku) as PositionRow[]).map(frozenPosition))
        .slice(),
    );
  }

  async getReservation(id: string): Promise<ReservationRecord | undefined> {
    const row = await this.read(
      () => this.statements.get('reservation').get(id) as ReservationRow | undefined,
    );
    return row && toReservation(row);
  }

  async listExpiring(before: string, limit: number): Promise<ReservationRecord[]> {
    const rows = await this.read(
      () => this.statements.get('expiring').all(before, limit) as ReservationRow[],
    );
    return rows.map(toReservation);
  }

  async listReservations(query: ReservationQuery): Promise<ReservationRecord[]> {
    const where: string[] = [];
    const params: (string | number)[] = [];
    if (query.states !== undefined) {
      where.push('state IN (SELECT value FROM json_each(?))');
      params.push(JSON.stringify(query.states));
    }
    if (query.after !== undefined) {
      where.push('id > ?');
      params.push(query.after);
    }
    const sql = `SELECT * FROM reservations ${where.length > 0 ? `WHERE ${where.join(' AND ')}` : ''} ORDER BY id LIMIT ?`;
    const rows = await this.read(
      () => this.statements.text(sql).all(...params, query.limit) as ReservationRow[],
    );
    return rows.map(toReservation);
  }

  async getIdempotency(key: string, now: string): Promise<IdempotencyRecord | undefined> {
    const r = await this.read(
      () =>
        this.statements.get('liveIdempotency').get(key, now) as
          | { key: string; payload_hash: string; result: string | null; expires_at: string }
          | undefined,
    );
    return (
      r && {
        key: r.key,
        payloadHash: r.payload_hash,
        result: r.result === null ? null : JSON.parse(r.result),
        expiresAt: r.expires_at,
      }
    );
  }

  async purgeIdempotency(now: string): Promise<number> {
    return this.write(() => this.statements.get('purgeIdempotency').run(now).changes);
  }

  async pendingOutbox(limit: number): Promise<OutboxRecord[]> {
    const rows = await this.read(
      () =>
        this.statements.get('pendingOutbox').all(limit) as {
          id: number;
          event: string;
          created_at: string;
          published_at: string | null;
        }[],
    );
    return rows.map((r) => ({
      id: r.id,
      event: JSON.parse(r.event),
      createdAt: r.created_at,
      publishedAt: r.published_at,
    }));
  }

  async markPublished(ids: readonly number[], at: string): Promise<void> {
    await this.write(() => {
      const stmt = this.statements.get('markPublished');
      this.db
        .transaction(() => {
          for (const id of ids) stmt.run(at, id);
        })
        .immediate();
    });
  }

  async quarantine(entry: QuarantineInput): Promise<QuarantineRecord> {
    const rec = newQuarantineRecord(0, entry);
    const info = await this.write(() =>
      this.statements
        .get('quarantine')
        .run(
          json(rec.raw),
          rec.reasonCode,
          rec.message,
          nullableJson(rec.path),
          rec.principal,
          rec.receivedAt,
        ),
    );
    return { ...rec, id: Number(info.lastInsertRowid) };
  }

  async listQuarantine(options: { readonly includeResubmitted?: boolean } = {}): Promise<QuarantineRecord[]> {
    const rows = await this.read(
      () => this.statements.get('listQuarantine').all(options.includeResubmitted ? 1 : 0) as QuarantineRow[],
    );
    return rows.map(toQuarantine);
  }

  async findQuarantined(eventIds: readonly string[]): Promise<QuarantineRecord[]> {
    if (eventIds.length === 0) return [];
    const rows = await this.read(
      () => this.statements.get('findQuarantined').all(json(eventIds)) as QuarantineRow[],
    );
    return rows.map(toQuarantine);
  }

  async markResubmitted(id: number, at: string): Promise<Result<QuarantineRecord>> {
    const row = await this.write(
      () => this.statements.get('markResubmitted').get(at, id) as QuarantineRow | undefined,
    );
    return row
      ? ok(toQuarantine(row))
      : fail('QUARANTINE_NOT_FOUND', `no quarantine entry ${id}`, { details: { id } });
  }

  async requarantine(id: number, update: QuarantineUpdate): Promise<Result<QuarantineRecord>> {
    const path = quarantinePath(update.path);
    const row = await this.write(
      () =>
        this.statements
          .get('requarantine')
          .get(json(update.raw), update.reasonCode, update.message, nullableJson(path), id) as
          | QuarantineRow
          | undefined,
    );
    return row
      ? ok(toQuarantine(row))
      : fail('QUARANTINE_NOT_FOUND', `no open quarantine entry ${id}`, { details: { id } });
  }

  async putReconciliation(record: ReconciliationRecord): Promise<void> {
    await this.write(() =>
      this.statements
        .get('putReconciliation')
        .run(record.id, record.key, record.payloadHash, json(record.report), record.createdAt),
    );
  }

  async getReconciliation(id: string): Promise<ReconciliationRecord | undefined> {
    return toReconciliation(
      await this.read(() => this.statements.get('reconciliation').get(id) as ReconciliationRow | undefined),
    );
  }

  async reconciliationByKey(key: string): Promise<ReconciliationRecord | undefined> {
    return toReconciliation(
      await this.read(
        () => this.statements.get('reconciliationByKey').get(key) as ReconciliationRow | undefined,
      ),
    );
  }

  async latestReconciliation(): Promise<ReconciliationRecord | undefined> {
    return toReconciliation(
      await this.read(
        () => this.statements.get('latestReconciliation').get() as ReconciliationRow | undefined,
      ),
    );
  }

  async purgeReconciliations(before: string): Promise<number> {
    const info = await this.write(() => this.statements.get('purgeReconciliations').run(before));
    return info.changes;
  }

  async getCheckpoint(name: string): Promise<string | undefined> {
    const row = await this.read(
      () => this.statements.get('checkpoint').get(name) as { position: string } | undefined,
    );
    return row?.position;
  }

  async setCheckpoint(name: string, position: string): Promise<void> {
    await this.write(() => this.statements.get('setCheckpoint').run(name, position));
  }

  async close(): Promise<void> {
    await this.queue.run(async () => {
      this.commitSignal?.close();
      if (this.db.open) this.db.close();
    });
  }
}

class SqliteTx implements StoreTx {
  constructor(
    private readonly statements: Statements,
    private readonly clock: string,
  ) {}

  now(): string {
    return this.clock;
  }

  async lockPositions(refs: readonly PositionRef[]): Promise<Map<string, PositionRecord>> {
    // BEGIN IMMEDIATE already holds the database write lock: these reads cannot be raced.
    const stmt = this.statements.get('position');
    const out = new Map<string, PositionRecord>();
    for (const r of refs) {
      const row = stmt.get(r.sku, r.location) as PositionRow | undefined;
      if (row) out.set(refKey(r), toPosition(row));
    }
    return out;
  }

  async writePositions(rows: readonly PositionRecord[]): Promise<void> {
    const stmt = this.statements.get('writePosition');
    for (const row of rows) stmt.run(...positionRowValues(row));
  }

  async getIdempotency(key: string): Promise<IdempotencyRecord | undefined> {
    const r = this.statements.get('idempotency').get(key) as
      | { key: string; payload_hash: string; result: string | null; expires_at: string }
      | undefined;
    return (
      r && {
        key: r.key,
        payloadHash: r.payload_hash,
        result: r.result === null ? null : JSON.parse(r.result),
        expiresAt: r.expires_at,
      }
    );
  }

  async putIdempotency(rec: IdempotencyRecord): Promise<void> {
    this.statements.get('putIdempotency').run(rec.key, rec.payloadHash, json(rec.result), rec.expiresAt);
  }

  async getReservation(id: string): Promise<ReservationRecord | undefined> {
    const row = this.statements.get('reservation').get(id) as ReservationRow | undefined;
    return row && toReservation(row);
  }

  async insertReservation(r: ReservationRecord): Promise<boolean> {
    const info = this.statements
      .get('insertReservation')
      .run(r.id, r.state, r.version, json(r.lines), r.expiresAt, json(r.data));
    return info.changes === 1;
  }

  async updateReservation(r: ReservationRecord, expectedVersion: number): Promise<boolean> {
    const info = this.statements
      .get('updateReservation')
      .run(r.state, r.version, json(r.lines), r.expiresAt, json(r.data), r.id, expectedVersion);
    return info.changes === 1;
  }

  async insertOutbox(events: readonly BusEvent[], createdAt: string): Promise<void> {
    const stmt = this.statements.get('insertOutbox');
    for (const e of events) stmt.run(json(e), createdAt);
  }

  async findEvent(id: string): Promise<BusEvent | undefined> {
    const row = this.statements.get('findEvent').get(id) as { payload: string } | undefined;
    return row && (JSON.parse(row.payload) as BusEvent);
  }

  async insertEvent(e: StoredEvent): Promise<void> {
    this.statements
      .get('insertEvent')
      .run(e.id, e.type, e.source, e.sequence, e.time, e.sku, json(e.payload), e.principal);
  }
}

function isBusy(error: unknown): boolean {
  const code = (error as { code?: unknown } | null)?.code;
  return code === 'SQLITE_BUSY' || code === 'SQLITE_BUSY_SNAPSHOT' || code === 'SQLITE_LOCKED';
}

function unavailable(message: string, cause: unknown): OmnistockError {
  const detail = cause instanceof Error ? `: ${cause.message}` : '';
  return new OmnistockError({ code: 'STORE_UNAVAILABLE', message: `${message}${detail}` }, { cause });
}
