import type Database from 'better-sqlite3';

/** A versioned schema migration. Append-only: never edit a released one. */
export interface SqliteMigration {
  readonly version: number;
  readonly name: string;
  readonly sql: string;
}

/** Every migration of the SQLite store schema, in order. */
export const SQLITE_MIGRATIONS: readonly SqliteMigration[] = [
  {
    version: 1,
    name: 'initial',
    sql: `
CREATE TABLE events (
  position   INTEGER PRIMARY KEY AUTOINCREMENT,
  id         TEXT NOT NULL UNIQUE,
  type       TEXT NOT NULL,
  source     TEXT NOT NULL,
  sequence   TEXT,
  time       TEXT NOT NULL,
  sku        TEXT,
  payload    TEXT NOT NULL,
  principal  TEXT
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
  incoming        TEXT NOT NULL,
  in_transit      TEXT NOT NULL,
  as_of           TEXT,
  version         INTEGER NOT NULL,
  PRIMARY KEY (sku, location)
) WITHOUT ROWID;
CREATE TABLE reservations (
  id          TEXT PRIMARY KEY,
  state       TEXT NOT NULL,
  version     INTEGER NOT NULL,
  lines       TEXT NOT NULL,
  expires_at  TEXT,
  data        TEXT
);
CREATE INDEX reservations_expiring ON reservations (expires_at) WHERE state = 'held';
CREATE TABLE idempotency (
  key           TEXT PRIMARY KEY,
  payload_hash  TEXT NOT NULL,
  result        TEXT,
  expires_at    TEXT NOT NULL
);
CREATE TABLE outbox (
  id            INTEGER PRIMARY KEY AUTOINCREMENT,
  event         TEXT NOT NULL,
  created_at    TEXT NOT NULL,
  published_at  TEXT
);
CREATE INDEX outbox_pending ON outbox (id) WHERE published_at IS NULL;
CREATE TABLE quarantine (
  id              INTEGER PRIMARY KEY AUTOINCREMENT,
  raw             TEXT,
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
ALTER TABLE quarantine ADD COLUMN reason_path TEXT;
ALTER TABLE quarantine ADD COLUMN resubmissions INTEGER NOT NULL DEFAULT 0;`,
  },
  {
    version: 3,
    name: 'reconciliation-reports',
    sql: `
CREATE TABLE reconciliations (
  seq           INTEGER PRIMARY KEY AUTOINCREMENT,
  id            TEXT NOT NULL UNIQUE,
  idem_key      TEXT UNIQUE,
  payload_hash  TEXT,
  report        TEXT NOT NULL,
  created_at    TEXT NOT NULL
);
CREATE INDEX reconciliations_created ON reconciliations (created_at, seq);`,
  },
];

/**
 * Applies pending migrations inside one `BEGIN IMMEDIATE` transaction (safe when several
 * processes open the file at once). Returns the versions applied.
 * @example
 * migrateSqlite(new Database('store.db')); // [1] on a new file
 */
export function migrateSqlite(db: Database.Database): number[] {
  db.exec('BEGIN IMMEDIATE');
  try {
    db.exec(
      'CREATE TABLE IF NOT EXISTS schema_migrations (version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at TEXT NOT NULL)',
    );
    const done = new Set(
      (db.prepare('SELECT version FROM schema_migrations').all() as { version: number }[]).map(
        (r) => r.version,
      ),
    );
    const applied: number[] = [];
    for (const m of SQLITE_MIGRATIONS) {
      if (done.has(m.version)) continue;
      db.exec(m.sql);
      db.prepare('INSERT INTO schema_migrations (version, name, applied_at) VALUES (?, ?, ?)').run(
        m.version,
        m.name,
        new Date().toISOString(),
      );
      applied.push(m.version);
    }
    db.exec('COMMIT');
    return applied;
  } catch (error) {
    if (db.inTransaction) db.exec('ROLLBACK');
    throw error;
  }
}
