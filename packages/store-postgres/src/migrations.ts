import type { PoolClient } from 'pg';

/** A versioned schema migration. Migrations are append-only: never edit a released one. */
export interface Migration {
  readonly version: number;
  readonly name: string;
  readonly sql: string;
}

/** Every migration of the store schema, in order. */
export const MIGRATIONS: readonly Migration[] = [
  {
    version: 1,
    name: 'initial',
    sql: `
CREATE TABLE events (
  position   BIGSERIAL PRIMARY KEY,
  id         TEXT NOT NULL UNIQUE,
  type       TEXT NOT NULL,
  source     TEXT NOT NULL,
  sequence   TEXT,
  time       TEXT NOT NULL,
  sku        TEXT,
  payload    JSONB NOT NULL,
  principal  TEXT,
  stored_at  TIMESTAMPTZ NOT NULL DEFAULT now()
);
CREATE INDEX events_sku ON events (sku);
CREATE TABLE positions (
  sku             TEXT NOT NULL,
  location        TEXT NOT NULL,
  on_hand         TEXT NOT NULL,
  damaged         TEXT NOT NULL,
  quality_control TEXT NOT NULL,
  committed       TEXT NOT NULL,
  reserved        TEXT NOT NULL,
  incoming        JSONB NOT NULL,
  in_transit      JSONB NOT NULL,
  as_of           TEXT,
  version         INTEGER NOT NULL,
  PRIMARY KEY (sku, location)
);
CREATE TABLE reservations (
  id          TEXT PRIMARY KEY,
  state       TEXT NOT NULL,
  version     INTEGER NOT NULL,
  lines       JSONB NOT NULL,
  expires_at  TEXT,
  data        JSONB
);
CREATE INDEX reservations_expiring ON reservations (expires_at) WHERE state = 'held';
CREATE TABLE idempotency (
  key           TEXT PRIMARY KEY,
  payload_hash  TEXT NOT NULL,
  result        JSONB,
  expires_at    TEXT NOT NULL
);
CREATE TABLE outbox (
  id            BIGSERIAL PRIMARY KEY,
  event         JSONB NOT NULL,
  created_at    TEXT NOT NULL,
  published_at  TEXT
);
CREATE INDEX outbox_pending ON outbox (id) WHERE published_at IS NULL;
CREATE TABLE quarantine (
  id              BIGSERIAL PRIMARY KEY,
  raw             JSONB,
  reason_code     TEXT NOT NULL,
  message         TEXT NOT NULL,
  received_at     TEXT NOT NULL,
  resubmitted_at  TEXT
);
CREATE TABLE checkpoints (
  name      TEXT PRIMARY KEY,
  position  TEXT NOT NULL
);`,
  },
  {
    version: 2,
    name: 'quarantine-audit',
    // who submitted a quarantined input, where its reason points, and failed re-submissions
    sql: `
ALTER TABLE quarantine ADD COLUMN principal TEXT;
ALTER TABLE quarantine ADD COLUMN reason_path JSONB;
ALTER TABLE quarantine ADD COLUMN resubmissions INTEGER NOT NULL DEFAULT 0;`,
  },
  {
    version: 3,
    name: 'reconciliation-reports',
    sql: `
CREATE TABLE reconciliations (
  seq           BIGSERIAL PRIMARY KEY,
  id            TEXT NOT NULL UNIQUE,
  idem_key      TEXT UNIQUE,
  payload_hash  TEXT,
  report        JSONB NOT NULL,
  created_at    TEXT NOT NULL
);
CREATE INDEX reconciliations_created ON reconciliations (created_at, seq);`,
  },
];

/**
 * Applies pending migrations in one transaction under an advisory lock (safe when several
 * instances start at once). Returns the versions applied.
 * @example
 * const applied = await migrate(await pool.connect()); // [1] on a new schema
 */
export async function migrate(client: PoolClient): Promise<number[]> {
  await client.query('BEGIN');
  try {
    await client.query('SELECT pg_advisory_xact_lock(7365261001)');
    await client.query(
      'CREATE TABLE IF NOT EXISTS schema_migrations (version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at TIMESTAMPTZ NOT NULL DEFAULT now())',
    );
    const done = new Set(
      (await client.query<{ version: number }>('SELECT version FROM schema_migrations')).rows.map(
        (r) => r.version,
      ),
    );
    const applied: number[] = [];
    for (const m of MIGRATIONS) {
      if (done.has(m.version)) continue;
      await client.query(m.sql);
      await client.query('INSERT INTO schema_migrations (version, name) VALUES ($1, $2)', [
        m.version,
        m.name,
      ]);
      applied.push(m.version);
    }
    await client.query('COMMIT');
    return applied;
  } catch (error) {
    await client.query('ROLLBACK').catch(() => {});
    throw error;
  }
}
