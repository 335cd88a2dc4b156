import { asId, type LocationId, type Sku } from '@omnistock/core';
import {
  type BusEvent,
  type IdempotencyRecord,
  type PositionRecord,
  type PositionRef,
  type QuarantineRecord,
  refKey,
  type ReservationRecord,
  type StoredEvent,
  type StoreTx,
  POSITION_COLUMNS,
  positionRowValues,
  sqlJson,
} from '@omnistock/runtime';
import type pg from 'pg';

/** Thrown inside a transaction to make the store retry it (a concurrent insert won a race). */
export class RetryTransaction extends Error {}

const RETRYABLE = new Set(['40001', '40P01', '23505']);
export interface PositionRow {
  sku: string;
  location: string;
  on_hand: string;
  damaged: string;
  quality_control: string;
  committed: string;
  reserved: string;
  incoming: PositionRecord['position']['incoming'];
  in_transit: PositionRecord['position']['inTransit'];
  as_of: string | null;
  version: number;
}

export { POSITION_COLUMNS };

export function toPosition(r: PositionRow): PositionRecord {
  return {
    position: {
      sku: asId<Sku>(r.sku),
      location: asId<LocationId>(r.location),
      onHand: r.on_hand,
      damaged: r.damaged,
      qualityControl: r.quality_control,
      committed: r.committed,
      reserved: r.reserved,
      incoming: r.incoming,
      inTransit: r.in_transit,
      asOf: r.as_of,
    },
    version: r.version,
  };
}

export interface ReservationRow {
  id: string;
  state: string;
  version: number;
  lines: unknown[];
  expires_at: string | null;
  data: unknown;
}

export const toReservation = (r: ReservationRow): ReservationRecord => ({
  id: r.id,
  state: r.state,
  version: r.version,
  lines: r.lines,
  expiresAt: r.expires_at,
  data: r.data,
});

export const json = sqlJson;

export interface QuarantineRow {
  id: string;
  raw: unknown;
  reason_code: string;
  message: string;
  reason_path: (string | number)[] | null;
  principal: string | null;
  resubmissions: number;
  received_at: string;
  resubmitted_at: string | null;
}

export const toQuarantine = (r: QuarantineRow): QuarantineRecord => ({
  id: Number(r.id),
  raw: r.raw,
  reasonCode: r.reason_code,
  message: r.message,
  path: r.reason_path,
  principal: r.principal,
  resubmissions: r.resubmissions,
  receivedAt: r.received_at,
  resubmittedAt: r.resubmitted_at,
});

export class PgTx implements StoreTx {
  private eventsLocked = false;
  constructor(
    private readonly client: pg.PoolClient,
    private readonly clock: string,
  ) {}

  now(): string {
    return this.clock;
  }

  async lockPositions(refs: readonly PositionRef[]): Promise<Map<string, PositionRecord>> {
    const { rows } = await this.client.query<PositionRow>(
      `SELECT ${POSITION_COLUMNS} FROM positions WHERE (sku, location) IN (SELECT * FROM unnest($1::text[], $2::text[])) ORDER BY sku COLLATE "C", location COLLATE "C" FOR UPDATE`,
      [refs.map((r) => r.sku), refs.map((r) => r.location)],
    );
    return new Map(rows.map((r) => [refKey(r), toPosition(r)]));
  }

  async writePositions(rows: readonly PositionRecord[]): Promise<void> {
    for (const row of rows) {
      const { position: p, version } = row;
      const values = positionRowValues(row);
      const res =
        version === 1
          ? await this.client.query(
              `INSERT INTO positions (${POSITION_COLUMNS}) VALUES ($1,$2,$3,$4,$5,$6,$7,$8,$9,$10,$11) ON CONFLICT DO NOTHING`,
              values,
            )
          : await this.client.query(
              `UPDATE positions SET on_hand=$3, damaged=$4, quality_control=$5, committed=$6, reserved=$7, incoming=$8, in_transit=$9, as_of=$10, version=$11
               WHERE sku=$1 AND location=$2 AND version=$11 - 1`,
              values,
            );
      // A row that did not exist when locked was created by a concurrent transaction: start again.
      if (res.rowCount !== 1) throw new RetryTransaction(`position ${p.sku}|${p.location} changed`);
    }
  }

  async getIdempotency(key: string): Promise<IdempotencyRecord | undefined> {
    const { rows } = await this.client.query<{
      key: string;
      payload_hash: string;
      result: unknown;
      expires_at: string;
    }>('SELECT * FROM idempotency WHERE key = $1', [key]);
    const r = rows[0];
    return r && { key: r.key, payloadHash: r.payload_hash, result: r.result, expiresAt: r.expires_at };
  }

  async putIdempotency(rec: IdempotencyRecord): Promise<void> {
    const res = await this.client.query(
      `INSERT INTO idempotency (key, payload_hash, result, expires_at) VALUES ($1, $2, $3, $4)
       ON CONFLICT (key) DO UPDATE SET payload_hash = EXCLUDED.payload_hash, result = EXCLUDED.result, expires_at = EXCLUDED.expires_at
       WHERE idempotency.expires_at <= $5`,
      [rec.key, rec.payloadHash, json(rec.result), rec.expiresAt, this.clock],
    );
    // Another transaction stored this key first: retry, and replay (or refuse) its result.
    if (res.rowCount !== 1) throw new RetryTransaction(`idempotency key ${rec.key} taken`);
  }

  /** Reads many idempotency records in one statement. */
  async getIdempotencyMany(keys: readonly string[]): Promise<IdempotencyRecord[]> {
    const { rows } = await this.client.query<{
      key: string;
      payload_hash: string;
      result: unknown;
      expires_at: string;
    }>('SELECT * FROM idempotency WHERE key = ANY($1::text[])', [keys]);
    return rows.map((r) => ({
      key: r.key,
      payloadHash: r.payload_hash,
      result: r.result,
      expiresAt: r.expires_at,
    }));
  }

  /** Stores many idempotency records in one statement; a key taken concurrently retries the transaction. */
  async putIdempotencyMany(records: readonly IdempotencyRecord[]): Promise<void> {
    const res = await this.client.query(
      `INSERT INTO idempotency (key, payload_hash, result, expires_at)
       SELECT x.key, x.payload_hash, x.result, x.expires_at
       FROM jsonb_to_recordset($1::jsonb) AS x(key text, payload_hash text, result jsonb, expires_at text)
       ON CONFLICT (key) DO UPDATE SET payload_hash = EXCLUDED.payload_hash, result = EXCLUDED.result, expires_at = EXCLUDED.expires_at
       WHERE idempotency.expires_at <= $2`,
      [
        JSON.stringify(
          records.map((r) => ({
            key: r.key,
            payload_hash: r.payloadHash,
            result: r.result ?? null,
            expires_at: r.expiresAt,
          })),
        ),
        this.clock,
      ],
    );
    if (res.rowCount !== records.length)
      throw new RetryTransaction('an idempotency key in the batch was taken');
  }

  /** Inserts many reservation rows in one statement; returns the ids actually inserted. */
  async insertReservationsMany(records: readonly ReservationRecord[]): Promise<Set<string>> {
    const { rows } = await this.client.query<{ id: string }>(
      `INSERT INTO reservations (id, state, version, lines, expires_at, data)
       SELECT x.id, x.state, x.version, x.lines, x.expires_at, x.data
       FROM jsonb_to_recordset($1::jsonb) AS x(id text, state text, version int, lines jsonb, expires_at text, data jsonb)
       ON CONFLICT (id) DO NOTHING RETURNING id`,
      [
        JSON.stringify(
          records.map((r) => ({
            id: r.id,
            state: r.state,
            version: r.version,
            lines: r.lines,
            expires_at: r.expiresAt,
            data: r.data ?? null,
          })),
        ),
      ],
    );
    return new Set(rows.map((r) => r.id));
  }

  async getReservation(id: string): Promise<ReservationRecord | undefined> {
    const { rows } = await this.client.query<ReservationRow>(
      'SELECT * FROM reservations WHERE id = $1 FOR UPDATE',
      [id],
    );
    return rows[0] && toReservation(rows[0]);
  }

  async insertReservation(r: ReservationRecord): Promise<boolean> {
    const res = await this.client.query(
      'INSERT INTO reservations (id, state, version, lines, expires_at, data) VALUES ($1,$2,$3,$4,$5,$6) ON CONFLICT (id) DO NOTHING',
      [r.id, r.state, r.version, json(r.lines), r.expiresAt, json(r.data)],
    );
    return res.rowCount === 1;
  }

  async updateReservation(r: ReservationRecord, expectedVersion: number): Promise<boolean> {
    const res = await this.client.query(
      'UPDATE reservations SET state=$2, version=$3, lines=$4, expires_at=$5, data=$6 WHERE id=$1 AND version=$7',
      [r.id, r.state, r.version, json(r.lines), r.expiresAt, json(r.data), expectedVersion],
    );
    return res.rowCount === 1;
  }

  async insertOutbox(events: readonly BusEvent[], createdAt: string): Promise<void> {
    await this.client.query(
      'INSERT INTO outbox (event, created_at) SELECT e, $2 FROM unnest($1::jsonb[]) WITH ORDINALITY AS t(e, n) ORDER BY n',
      [events.map(json), createdAt],
    );
  }

  async findEvent(id: string): Promise<BusEvent | undefined> {
    await this.lockEvents();
    const { rows } = await this.client.query<{ payload: BusEvent }>(
      'SELECT payload FROM events WHERE id = $1',
      [id],
    );
    return rows[0]?.payload;
  }

  async insertEvent(e: StoredEvent): Promise<void> {
    await this.lockEvents();
    const res = await this.client.query(
      'INSERT INTO events (id, type, source, sequence, time, sku, payload, principal) VALUES ($1,$2,$3,$4,$5,$6,$7,$8) ON CONFLICT (id) DO NOTHING',
      [e.id, e.type, e.source, e.sequence, e.time, e.sku, json(e.payload), e.principal],
    );
    if (res.rowCount !== 1) throw new RetryTransaction(`event ${e.id} appended concurrently`);
  }

  /**
   * Appends are serialised (after the position locks, so no cycle) so event positions become
   * visible in order: a reader of `readEvents(after)` never skips a later-committing lower position.
   */
  private async lockEvents(): Promise<void> {
    if (this.eventsLocked) return;
    await this.client.query('SELECT pg_advisory_xact_lock(736526, hashtext(current_schema()))');
    this.eventsLocked = true;
  }
}

export function isRetryable(error: unknown): boolean {
  if (error instanceof RetryTransaction) return true;
  const code = (error as { code?: unknown } | null)?.code;
  return typeof code === 'string' && RETRYABLE.has(code);
}
