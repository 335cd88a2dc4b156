import type Database from 'better-sqlite3';
import { POSITION_COLUMNS } from '@omnistock/runtime';

/** The store's fixed SQL texts (each prepared once per connection by {@link Statements}). */
export const SQL = {
  dataVersion: 'PRAGMA data_version',
  readEvents:
    'SELECT position, id, type, source, sequence, time, sku, payload, principal FROM events WHERE position > ? ORDER BY position LIMIT ?',
  /** A primary-key lookup of one row. */
  position: `SELECT ${POSITION_COLUMNS} FROM positions WHERE sku = ? AND location = ?`,
  /** A primary-key range: one sku's rows. */
  positionsOfSku: `SELECT ${POSITION_COLUMNS} FROM positions WHERE sku = ? ORDER BY location`,
  allPositions: `SELECT ${POSITION_COLUMNS} FROM positions ORDER BY sku, location`,
  writePosition: `INSERT INTO positions (${POSITION_COLUMNS}) VALUES (?,?,?,?,?,?,?,?,?,?,?)
       ON CONFLICT (sku, location) DO UPDATE SET on_hand=excluded.on_hand, damaged=excluded.damaged,
         quality_control=excluded.quality_control, committed=excluded.committed, reserved=excluded.reserved,
         incoming=excluded.incoming, in_transit=excluded.in_transit, as_of=excluded.as_of, version=excluded.version`,
  reservation: 'SELECT * FROM reservations WHERE id = ?',
  expiring: `SELECT * FROM reservations WHERE state = 'held' AND expires_at <= ? ORDER BY expires_at, id LIMIT ?`,
  insertReservation:
    'INSERT INTO reservations (id, state, version, lines, expires_at, data) VALUES (?,?,?,?,?,?) ON CONFLICT (id) DO NOTHING',
  updateReservation:
    'UPDATE reservations SET state=?, version=?, lines=?, expires_at=?, data=? WHERE id=? AND version=?',
  liveIdempotency: 'SELECT * FROM idempotency WHERE key = ? AND expires_at > ?',
  idempotency: 'SELECT * FROM idempotency WHERE key = ?',
  putIdempotency: `INSERT INTO idempotency (key, payload_hash, result, expires_at) VALUES (?, ?, ?, ?)
         ON CONFLICT (key) DO UPDATE SET payload_hash = excluded.payload_hash, result = excluded.result, expires_at = excluded.expires_at`,
  purgeIdempotency: 'DELETE FROM idempotency WHERE expires_at <= ?',
  pendingOutbox: 'SELECT * FROM outbox WHERE published_at IS NULL ORDER BY id LIMIT ?',
  markPublished: 'UPDATE outbox SET published_at = ? WHERE id = ? AND published_at IS NULL',
  insertOutbox: 'INSERT INTO outbox (event, created_at) VALUES (?, ?)',
  quarantine:
    'INSERT INTO quarantine (raw, reason_code, message, reason_path, principal, received_at) VALUES (?, ?, ?, ?, ?, ?)',
  listQuarantine: 'SELECT * FROM quarantine WHERE ? OR resubmitted_at IS NULL ORDER BY id',
  findQuarantined: `SELECT * FROM quarantine WHERE resubmitted_at IS NULL AND json_type(raw) = 'object'
         AND json_extract(raw, '$.id') IN (SELECT value FROM json_each(?)) ORDER BY id`,
  markResubmitted: 'UPDATE quarantine SET resubmitted_at = ? WHERE id = ? RETURNING *',
  requarantine: `UPDATE quarantine SET raw = ?, reason_code = ?, message = ?, reason_path = ?,
         resubmissions = resubmissions + 1 WHERE id = ? AND resubmitted_at IS NULL RETURNING *`,
  putReconciliation: `INSERT INTO reconciliations (id, idem_key, payload_hash, report, created_at)
         VALUES (?, ?, ?, ?, ?) ON CONFLICT DO NOTHING`,
  reconciliation: 'SELECT * FROM reconciliations WHERE id = ?',
  reconciliationByKey: 'SELECT * FROM reconciliations WHERE idem_key = ?',
  latestReconciliation: 'SELECT * FROM reconciliations ORDER BY created_at DESC, seq DESC LIMIT 1',
  purgeReconciliations: 'DELETE FROM reconciliations WHERE created_at < ?',
  checkpoint: 'SELECT position FROM checkpoints WHERE name = ?',
  setCheckpoint:
    'INSERT INTO checkpoints (name, position) VALUES (?, ?) ON CONFLICT (name) DO UPDATE SET position = excluded.position',
  findEvent: 'SELECT payload FROM events WHERE id = ?',
  insertEvent:
    'INSERT INTO events (id, type, source, sequence, time, sku, payload, principal) VALUES (?,?,?,?,?,?,?,?)',
} as const;

/** The name of one of the store's fixed statements. */
export type StatementName = keyof typeof SQL;

/**
 * The prepared statements of one connection: each of {@link SQL} is prepared on first use and kept
 * (preparing costs more than running a primary-key lookup); other texts (the few shapes of a
 * filtered reservation list) are kept by text.
 * @example
 * const statements = new Statements(db);
 * statements.get('position').get('A', 'S1');
 */
export class Statements {
  private readonly byName = new Map<StatementName, Database.Statement>();
  private readonly byText = new Map<string, Database.Statement>();

  constructor(private readonly db: Database.Database) {}

  /** The prepared statement of a fixed text. */
  get(name: StatementName): Database.Statement {
    let s = this.byName.get(name);
    if (s === undefined) {
      s = this.db.prepare(SQL[name]);
      this.byName.set(name, s);
    }
    return s;
  }

  /** The prepared statement of a dynamic text (callers build it from a small, fixed set of parts). */
  text(sql: string): Database.Statement {
    let s = this.byText.get(sql);
    if (s === undefined) {
      s = this.db.prepare(sql);
      this.byText.set(sql, s);
    }
    return s;
  }
}
