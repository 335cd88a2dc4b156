import { fail, ok, OmnistockError, type Result } from '@omnistock/core';
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
  reserveFlow,
  lockOrder,
  type StoreTx,
  type TransitionOutcome,
  type TransitionRequest,
  transitionFlow,
} from '@omnistock/runtime';
import pg from 'pg';
import { migrate } from './migrations';
import { reserveBatch } from './reserve-batch';
import {
  isRetryable,
  json,
  PgTx,
  POSITION_COLUMNS,
  type PositionRow,
  type QuarantineRow,
  type ReservationRow,
  toPosition,
  toQuarantine,
  toReservation,
} from './pg-tx';

/** Options of {@link PostgresInventoryStore.open}. */
export interface PostgresStoreOptions {
  /** A `postgres://` URL. */
  readonly connectionString: string;
  /** The schema holding the tables (created if missing; default `omnistock`). */
  readonly schema?: string;
  /** Pool size (default 10). */
  readonly maxConnections?: number;
  /** Attempts of a transaction that hits a deadlock or serialization failure (default 30). */
  readonly maxAttempts?: number;
  /** The clock (ISO strings); default the system clock. */
  readonly now?: () => string;
  /**
   * Coalescing of concurrent reserves into one transaction: at most `maxBatch` per transaction
   * (default 128) and `runners` lanes (default 4), each running one batch transaction at a time.
   * A reservation goes to the lane of its smallest `sku|location` key, so a hot sku's reservations
   * batch together while other skus run in parallel. `false` = one transaction per call.
   */
  readonly coalesce?: false | { readonly maxBatch?: number; readonly runners?: number };
}

interface PendingReserve {
  readonly request: ReserveRequest;
  resolve(result: Result<ReserveOutcome>): void;
  reject(error: unknown): void;
}

const SCHEMA = /^[a-z_][a-z0-9_]{0,62}$/;

/**
 * The PostgreSQL {@link InventoryStore}. Transactions run at READ COMMITTED and take row locks
 * (`SELECT … FOR UPDATE`) on the positions they touch in one statement ordered by (sku, location)
 * — the fixed key order — so overlapping orders never deadlock each other; a deadlock or
 * serialization failure that happens anyway (or a lost insert race) rolls back and the pure
 * decision is run again, up to `maxAttempts`. Schema changes are versioned migrations.
 * @example
 * const store = await PostgresInventoryStore.open({ connectionString: process.env.DATABASE_URL! });
 * const r = await store.reserve({ positions: lines, decide });
 * await store.close();
 */
export class PostgresInventoryStore implements InventoryStore {
  private readonly lanes: { queue: PendingReserve[]; busy: boolean }[] = [];

  private constructor(
    private readonly pool: pg.Pool,
    private readonly maxAttempts: number,
    private readonly now: () => string,
    private readonly coalesce: { readonly maxBatch: number; readonly runners: number },
  ) {}

  /**
   * Connects, creates the schema if needed and applies pending migrations.
   * @example
   * const store = await PostgresInventoryStore.open({ connectionString: 'postgres://postgres@127.0.0.1/test', schema: 'shop1' });
   */
  static async open(options: PostgresStoreOptions): Promise<PostgresInventoryStore> {
    const schema = options.schema ?? 'omnistock';
    if (!SCHEMA.test(schema)) {
      throw new OmnistockError({
        code: 'VALIDATION_FAILED',
        message: `schema "${schema}" is not a plain identifier`,
      });
    }
    const pool = new pg.Pool({
      connectionString: options.connectionString,
      max: options.maxConnections ?? 10,
      options: `-c search_path=${schema}`,
    });
    // An idle client error (e.g. the server restarted) must not crash the process.
    pool.on('error', () => {});
    try {
      const client = await pool.connect();
      try {
        await client.query(`CREATE SCHEMA IF NOT EXISTS ${schema}`);
        await migrate(client);
      } finally {
        client.release();
      }
    } catch (error) {
      await pool.end().catch(() => {});
      throw unavailable('cannot open the PostgreSQL store', error);
    }
    return new PostgresInventoryStore(
      pool,
      options.maxAttempts ?? 30,
      options.now ?? (() => new Date().toISOString()),
      {
        maxBatch: options.coalesce === false ? 1 : (options.coalesce?.maxBatch ?? 128),
        runners: options.coalesce === false ? 1 : (options.coalesce?.runners ?? 4),
      },
    );
  }

  private transaction<T>(flow: (tx: StoreTx) => Promise<Result<T>>): Promise<Result<T>> {
    return this.withTransaction(
      (tx) => flow(tx),
      (r) => r.ok,
    );
  }

  /** Runs `fn` in a transaction, retrying deadlocks, serialization failures and lost insert races. */
  private async withTransaction<T>(fn: (tx: PgTx) => Promise<T>, commit: (value: T) => boolean): Promise<T> {
    for (let attempt = 1; ; attempt++) {
      let client: pg.PoolClient;
      try {
        client = await this.pool.connect();
      } catch (error) {
        throw unavailable('cannot connect to PostgreSQL', error);
      }
      try {
        await client.query('BEGIN');
        const value = await fn(new PgTx(client, this.now()));
        await client.query(commit(value) ? 'COMMIT' : 'ROLLBACK');
        return value;
      } catch (error) {
        await client.query('ROLLBACK').catch(() => {});
        if (isRetryable(error) && attempt < this.maxAttempts) {
          await new Promise((r) => setTimeout(r, Math.random() * Math.min(50, 2 * attempt)));
          continue;
        }
        if (error instanceof OmnistockError) throw error;
        throw unavailable(`PostgreSQL transaction failed after ${attempt} attempt(s)`, error);
      } finally {
        client.release();
      }
    }
  }

  private lane(request: ReserveRequest): { queue: PendingReserve[]; busy: boolean } {
    while (this.lanes.length < this.coalesce.runners) this.lanes.push({ queue: [], busy: false });
    const first = lockOrder(request.positions)[0];
    let h = 0;
    for (const ch of first ? refKey(first) : '') h = (h * 31 + ch.charCodeAt(0)) | 0;
    return this.lanes[Math.abs(h) % this.lanes.length]!;
  }

  private pump(lane: { queue: PendingReserve[]; busy: boolean }): void {
    if (lane.busy || lane.queue.length === 0) return;
    const batch = lane.queue.splice(0, this.coalesce.maxBatch);
    lane.busy = true;
    const known = new Set<string>();
    this.withTransaction(
      (tx) =>
        reserveBatch(
          tx,
          batch.map((b) => b.request),
          known,
        ),
      () => true,
    )
      .then(
        (results) => {
          for (const [i, b] of batch.entries()) b.resolve(results[i]!);
        },
        (error: unknown) => {
          for (const b of batch) b.reject(error);
        },
      )
      .finally(() => {
        lane.busy = false;
        this.pump(lane);
      });
  }

  private async query<R extends pg.QueryResultRow>(text: string, values: unknown[] = []): Promise<R[]> {
    try {
      return (await this.pool.query<R>(text, values)).rows;
    } catch (error) {
      throw unavailable('PostgreSQL query failed', error);
    }
  }

  append(request: AppendRequest): Promise<Result<AppendOutcome>> {
    return this.transaction((tx) => appendFlow(tx, request));
  }

  /**
   * Reserves atomically. Concurrent calls are coalesced: up to `maxBatch` queued reservations run
   * in one transaction (see `reserveBatch`), each still all-or-nothing, so a hot sku costs one row
   * lock per batch instead of one per reservation.
   * @example
   * const r = await store.reserve({ positions: [{ sku: 'A', location: 'S1' }], decide });
   */
  reserve(request: ReserveRequest): Promise<Result<ReserveOutcome>> {
    if (this.coalesce.maxBatch <= 1) return this.transaction((tx) => reserveFlow(tx, request));
    return new Promise((resolve, reject) => {
      const lane = this.lane(request);
      lane.queue.push({ request, resolve, reject });
      this.pump(lane);
    });
  }

  transition(request: TransitionRequest): Promise<Result<TransitionOutcome>> {
    return this.transaction((tx) => transitionFlow(tx, request));
  }

  async readEvents(after: number, limit: number): Promise<AppendedEvent[]> {
    const rows = await this.query<{
      position: string;
      id: string;
      type: string;
      source: string;
      sequence: string | null;
      time: string;
      sku: string | null;
      payload: BusEvent;
      principal: string | null;
    }>(
      'SELECT position, id, type, source, sequence, time, sku, payload, principal FROM events WHERE position > $1 ORDER BY position LIMIT $2',
      [after, limit],
    );
    return rows.map((r) => ({ ...r, position: Number(r.position) }));
  }

  async getPositions(refs: readonly PositionRef[]): Promise<PositionRecord[]> {
    if (refs.length === 0) return [];
    const rows = await this.query<PositionRow>(
      `SELECT ${POSITION_COLUMNS} FROM positions WHERE (sku, location) IN (SELECT * FROM unnest($1::text[], $2::text[])) ORDER BY sku COLLATE "C", location COLLATE "C"`,
      [refs.map((r) => r.sku), refs.map((r) => r.location)],
    );
    const byKey = new Map(rows.map((r) => [refKey(r), toPosition(r)]));
    return refs.flatMap((r) => byKey.get(refKey(r)) ?? []);
  }

  async listPositions(sku?: string): Promise<PositionRecord[]> {
    const rows = await this.query<PositionRow>(
      `SELECT ${POSITION_COLUMNS} FROM positions WHERE $1::text IS NULL OR sku = $1 ORDER BY sku COLLATE "C", location COLLATE "C"`,
      [sku ?? null],
    );
    return rows.map(toPosition);
  }

  async getReservation(id: string): Promise<ReservationRecord | undefined> {
    const rows = await this.query<ReservationRow>('SELECT * FROM reservations WHERE id = $1', [id]);
    return rows[0] && toReservation(rows[0]);
  }

  async listExpiring(before: string, limit: number): Promise<ReservationRecord[]> {
    const rows = await this.query<ReservationRow>(
      `SELECT * FROM reservations WHERE state = 'held' AND expires_at <= $1 ORDER BY expires_at, id LIMIT $2`,
      [before, limit],
    );
    return rows.map(toReservation);
  }

  async listReservations(query: ReservationQuery): Promise<ReservationRecord[]> {
    const rows = await this.query<ReservationRow>(
      `SELECT * FROM reservations
       WHERE ($1::text[] IS NULL OR state = ANY($1)) AND ($2::text IS NULL OR id COLLATE "C" > $2)
       ORDER BY id COLLATE "C" LIMIT $3`,
      [query.states ? [...query.states] : null, query.after ?? null, query.limit],
    );
    return rows.map(toReservation);
  }

  async getIdempotency(key: string, now: string): Promise<IdempotencyRecord | undefined> {
    const rows = await this.query<{ key: string; payload_hash: string; result: unknown; expires_at: string }>(
      'SELECT * FROM idempotency WHERE key = $1 AND expires_at > $2',
      [key, now],
    );
    const r = rows[0];
    return r && { key: r.key, payloadHash: r.payload_hash, result: r.result, expiresAt: r.expires_at };
  }

  async purgeIdempotency(now: string): Promise<number> {
    try {
      return (await this.pool.query('DELETE FROM idempotency WHERE expires_at <= $1', [now])).rowCount ?? 0;
    } catch (error) {
      throw unavailable('PostgreSQL query failed', error);
    }
  }

  async pendingOutbox(limit: number): Promise<OutboxRecord[]> {
    const rows = await this.query<{
      id: string;
      event: BusEvent;
      created_at: string;
      published_at: string | null;
    }>('SELECT * FROM outbox WHERE published_at IS NULL ORDER BY id LIMIT $1', [limit]);
    return rows.map((r) => ({
      id: Number(r.id),
      event: r.event,
      createdAt: r.created_at,
      publishedAt: r.published_at,
    }));
  }

  async markPublished(ids: readonly number[], at: string): Promise<void> {
    await this.query(
      'UPDATE outbox SET published_at = $2 WHERE id = ANY($1::bigint[]) AND published_at IS NULL',
      [ids, at],
    );
  }

  async quarantine(entry: QuarantineInput): Promise<QuarantineRecord> {
    const rec = newQuarantineRecord(0, entry);
    const rows = await this.query<{ id: string }>(
      `INSERT INTO quarantine (raw, reason_code, message, reason_path, principal, received_at)
       VALUES ($1, $2, $3, $4, $5, $6) RETURNING id`,
      [
        json(rec.raw),
        rec.reasonCode,
        rec.message,
        rec.path === null ? null : json(rec.path),
        rec.principal,
        rec.receivedAt,
      ],
    );
    return { ...rec, id: Number(rows[0]!.id) };
  }

  async listQuarantine(options: { readonly includeResubmitted?: boolean } = {}): Promise<QuarantineRecord[]> {
    const rows = await this.query<QuarantineRow>(
      'SELECT * FROM quarantine WHERE $1 OR resubmitted_at IS NULL ORDER BY id',
      [options.includeResubmitted === true],
    );
    return rows.map(toQuarantine);
  }

  async findQuarantined(eventIds: readonly string[]): Promise<QuarantineRecord[]> {
    if (eventIds.length === 0) return [];
    const rows = await this.query<QuarantineRow>(
      `SELECT * FROM quarantine WHERE resubmitted_at IS NULL AND jsonb_typeof(raw) = 'object'
         AND raw->>'id' = ANY($1::text[]) ORDER BY id`,
      [[...eventIds]],
    );
    return rows.map(toQuarantine);
  }

  async markResubmitted(id: number, at: string): Promise<Result<QuarantineRecord>> {
    const rows = await this.query<QuarantineRow>(
      'UPDATE quarantine SET resubmitted_at = $2 WHERE id = $1 RETURNING *',
      [id, at],
    );
    return rows[0]
      ? ok(toQuarantine(rows[0]))
      : fail('QUARANTINE_NOT_FOUND', `no quarantine entry ${id}`, { details: { id } });
  }

  async requarantine(id: number, update: QuarantineUpdate): Promise<Result<QuarantineRecord>> {
    const path = quarantinePath(update.path);
    const rows = await this.query<QuarantineRow>(
      `UPDATE quarantine SET raw = $2, reason_code = $3, message = $4, reason_path = $5,
         resubmissions = resubmissions + 1 WHERE id = $1 AND resubmitted_at IS NULL RETURNING *`,
      [id, json(update.raw), update.reasonCode, update.message, path === null ? null : json(path)],
    );
    return rows[0]
      ? ok(toQuarantine(rows[0]))
      : fail('QUARANTINE_NOT_FOUND', `no open quarantine entry ${id}`, { details: { id } });
  }

  async putReconciliation(record: ReconciliationRecord): Promise<void> {
    await this.query(
      `INSERT INTO reconciliations (id, idem_key, payload_hash, report, created_at)
       VALUES ($1, $2, $3, $4, $5) ON CONFLICT DO NOTHING`,
      [record.id, record.key, record.payloadHash, json(record.report), record.createdAt],
    );
  }

  async getReconciliation(id: string): Promise<ReconciliationRecord | undefined> {
    return this.oneReconciliation('SELECT * FROM reconciliations WHERE id = $1', [id]);
  }

  async reconciliationByKey(key: string): Promise<ReconciliationRecord | undefined> {
    return this.oneReconciliation('SELECT * FROM reconciliations WHERE idem_key = $1', [key]);
  }

  async latestReconciliation(): Promise<ReconciliationRecord | undefined> {
    return this.oneReconciliation(
      'SELECT * FROM reconciliations ORDER BY created_at DESC, seq DESC LIMIT 1',
      [],
    );
  }

  async purgeReconciliations(before: string): Promise<number> {
    const rows = await this.query<{ id: string }>(
      'DELETE FROM reconciliations WHERE created_at < $1 RETURNING id',
      [before],
    );
    return rows.length;
  }

  private async oneReconciliation(sql: string, params: unknown[]): Promise<ReconciliationRecord | undefined> {
    const [r] = await this.query<{
      id: string;
      idem_key: string | null;
      payload_hash: string | null;
      report: unknown;
      created_at: string;
    }>(sql, params);
    return (
      r && {
        id: r.id,
        report: r.report,
        key: r.idem_key,
        payloadHash: r.payload_hash,
        createdAt: r.created_at,
      }
    );
  }

  async getCheckpoint(name: string): Promise<string | undefined> {
    const rows = await this.query<{ position: string }>('SELECT position FROM checkpoints WHERE name = $1', [
      name,
    ]);
    return rows[0]?.position;
  }

  async setCheckpoint(name: string, position: string): Promise<void> {
    await this.query(
      'INSERT INTO checkpoints (name, position) VALUES ($1, $2) ON CONFLICT (name) DO UPDATE SET position = EXCLUDED.position',
      [name, position],
    );
  }

  async close(): Promise<void> {
    await this.pool.end();
  }
}

function unavailable(message: string, cause: unknown): OmnistockError {
  const detail = cause instanceof Error ? `: ${cause.message}` : '';
  return new OmnistockError({ code: 'STORE_UNAVAILABLE', message: `${message}${detail}` }, { cause });
}
