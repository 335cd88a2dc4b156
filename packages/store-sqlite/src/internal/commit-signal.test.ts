import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { endianness, tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import fc from 'fast-check';
import { afterAll, describe, expect, it } from 'vitest';
import { WalCommitSignal } from './commit-signal';

const dir = mkdtempSync(join(tmpdir(), 'omnistock-commit-signal-'));
let files = 0;
const newFile = () => join(dir, `signal-${++files}.db`);

/** A WAL database with a table, and the signal of a second connection to it. */
function walDatabase() {
  const filename = newFile();
  const writer = new Database(filename);
  writer.pragma('journal_mode = WAL');
  writer.exec('CREATE TABLE t (x INTEGER)');
  const reader = new Database(filename);
  reader.prepare('SELECT count(*) FROM t').get(); // the reader has its wal-index mapped
  const signal = WalCommitSignal.open(filename, reader.pragma('journal_mode', { simple: true }));
  if (!signal) throw new Error('no signal for a WAL file');
  return { filename, writer, reader, signal };
}

/** A 96-byte wal-index header region (both copies) in this machine's byte order. */
function header(init: number, mxFrame: number): Buffer {
  const copy = Buffer.alloc(48);
  if (endianness() === 'LE') {
    copy.writeUInt32LE(3_007_000, 0);
    copy.writeUInt32LE(mxFrame, 16);
  } else {
    copy.writeUInt32BE(3_007_000, 0);
    copy.writeUInt32BE(mxFrame, 16);
  }
  copy[12] = init;
  return Buffer.concat([copy, copy]);
}

describe('WalCommitSignal', () => {
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('keeps its number while no one commits and moves it at every commit of another connection', () => {
    const { writer, reader, signal } = walDatabase();
    const v0 = signal.version();
    expect(signal.version()).toBe(v0);
    reader.prepare('SELECT * FROM t').all(); // reads change nothing
    expect(signal.version()).toBe(v0);
    writer.exec('INSERT INTO t VALUES (1)');
    const v1 = signal.version();
    expect(v1).not.toBe(v0);
    expect(signal.version()).toBe(v1);
    writer.exec('BEGIN; INSERT INTO t VALUES (2); INSERT INTO t VALUES (3); COMMIT');
    expect(signal.version()).not.toBe(v1);
    signal.close();
    writer.close();
    reader.close();
  });

  it('a rolled-back transaction may leave it; a commit after a checkpoint that restarts the WAL moves it', () => {
    const { writer, reader, signal } = walDatabase();
    writer.exec('INSERT INTO t VALUES (1)');
    const v1 = signal.version();
    writer.exec('BEGIN; INSERT INTO t VALUES (2); ROLLBACK');
    expect(signal.version()).toBe(v1);
    writer.pragma('wal_checkpoint(TRUNCATE)');
    const v2 = signal.version(); // a restart rewrites the header: "may have changed" is allowed
    writer.exec('INSERT INTO t VALUES (3)'); // the first frame of a fresh WAL: mxFrame back to 1
    expect(signal.version()).not.toBe(v2);
    signal.close();
    writer.close();
    reader.close();
  });

  it('property: between two looks, any commit by any connection moves the number', () => {
    const op = fc.constantFrom(
      'commitByWriter',
      'commitByReader',
      'rollback',
      'checkpointPassive',
      'checkpointTruncate',
      'look',
    );
    fc.assert(
      fc.property(fc.array(op, { minLength: 1, maxLength: 40 }), (ops) => {
        const { writer, reader, signal } = walDatabase();
        try {
          let last = signal.version();
          let committed = false;
          for (const o of ops) {
            if (o === 'commitByWriter') writer.exec('INSERT INTO t VALUES (1)');
            if (o === 'commitByReader') reader.exec('INSERT INTO t VALUES (2)');
            if (o === 'rollback') writer.exec('BEGIN; INSERT INTO t VALUES (3); ROLLBACK');
            if (o === 'checkpointPassive') writer.pragma('wal_checkpoint(PASSIVE)');
            if (o === 'checkpointTruncate') writer.pragma('wal_checkpoint(TRUNCATE)');
            if (o.startsWith('commit')) committed = true;
            if (o === 'look') {
              const v = signal.version();
              if (committed) expect(v).not.toBe(last);
              last = v;
              committed = false;
            }
          }
        } finally {
          signal.close();
          writer.close();
          reader.close();
        }
      }),
      { numRuns: 200 },
    );
  });

  it('is not offered where there is no -shm file to read', () => {
    expect(WalCommitSignal.open(':memory:', 'memory')).toBeUndefined();
    expect(WalCommitSignal.open('', 'wal')).toBeUndefined();
    const rollback = newFile();
    const db = new Database(rollback);
    db.exec('CREATE TABLE t (x INTEGER)');
    expect(WalCommitSignal.open(rollback, db.pragma('journal_mode', { simple: true }))).toBeUndefined();
    db.close();
    const exclusive = newFile();
    const ex = new Database(exclusive);
    ex.pragma('locking_mode = EXCLUSIVE');
    ex.pragma('journal_mode = WAL');
    ex.exec('CREATE TABLE t (x INTEGER)');
    // an exclusive connection keeps its wal-index in heap memory: no -shm file
    expect(WalCommitSignal.open(exclusive, ex.pragma('journal_mode', { simple: true }))).toBeUndefined();
    ex.close();
  });

  it('reports a change on every look at a header it does not recognise, and after close', () => {
    const filename = newFile();
    writeFileSync(filename, '');
    writeFileSync(`${filename}-shm`, header(1, 5));
    const signal = WalCommitSignal.open(filename, 'wal');
    if (!signal) throw new Error('no signal');
    const v = signal.version();
    expect(signal.version()).toBe(v);
    writeFileSync(`${filename}-shm`, header(1, 6));
    const v6 = signal.version();
    expect(v6).not.toBe(v);
    writeFileSync(`${filename}-shm`, header(0, 6)); // not initialised
    const u1 = signal.version();
    expect(signal.version()).not.toBe(u1);
    writeFileSync(`${filename}-shm`, header(1, 6).subarray(0, 40)); // short
    const s1 = signal.version();
    expect(signal.version()).not.toBe(s1);
    writeFileSync(`${filename}-shm`, header(1, 6));
    const back = signal.version();
    expect(signal.version()).toBe(back);
    signal.close();
    expect(signal.version()).not.toBe(signal.version());
  });
});
