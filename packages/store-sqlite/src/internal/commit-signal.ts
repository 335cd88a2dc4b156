import { closeSync, openSync, readSync, realpathSync } from 'node:fs';
import { endianness } from 'node:os';

/** Bytes of the two copies of the WAL-index header at the start of the `-shm` file (2 × 48). */
const HEADER_BYTES = 96;
/** `WalIndexHdr.iVersion` of every SQLite since 3.7.0 (`WALINDEX_MAX_VERSION`). */
const WALINDEX_VERSION = 3_007_000;
/** The wal-index is in the machine's byte order. */
const LITTLE_ENDIAN = endianness() === 'LE';
/** Offset of `WalIndexHdr.isInit`. */
const IS_INIT = 12;

/**
 * A counter that moves whenever any connection — of this process or another — may have committed
 * to a WAL database, read without a SQLite transaction.
 *
 * Every commit in WAL mode rewrites the WAL-index header in the `-shm` file (`walIndexWriteHdr`:
 * `mxFrame`, the frame checksum and the header checksum change; a WAL restart changes the salts)
 * before the writer's `COMMIT` returns. The header layout is shared by every SQLite since 3.7.0 —
 * processes linked against different versions share one `-shm` — so one `pread` of its 96 bytes
 * tells "unchanged since the last look" exactly, where `PRAGMA data_version` needs a read
 * transaction (two `fcntl` lock calls and a trip through the VDBE). A header that differs from the
 * last one seen, or that does not look like an initialised version-3007000 header, moves the
 * counter; only a byte-for-byte equal header keeps it, so a torn read errs towards "changed".
 *
 * {@link open} returns undefined (the caller keeps `PRAGMA data_version`) when the database is not
 * a WAL file on disk with a `-shm` file — in-memory, temporary, `locking_mode=EXCLUSIVE` (heap
 * wal-index) or rollback-journal databases.
 * @example
 * const signal = WalCommitSignal.open(db.name, db.pragma('journal_mode', { simple: true }));
 * const version = signal ? () => signal.version() : () => dataVersion.get() as number;
 */
export class WalCommitSignal {
  private readonly seen = Buffer.alloc(HEADER_BYTES);
  private readonly next = Buffer.alloc(HEADER_BYTES);
  private counter = 0;
  private fd: number | undefined;

  private constructor(fd: number) {
    this.fd = fd;
  }

  /** The signal of the database file `filename` in journal mode `journalMode`, if it can have one. */
  static open(filename: string, journalMode: unknown): WalCommitSignal | undefined {
    if (String(journalMode).toLowerCase() !== 'wal' || filename === '' || filename === ':memory:') {
      return undefined;
    }
    let fd: number;
    try {
      fd = openSync(`${realpathSync(filename)}-shm`, 'r');
    } catch {
      return undefined;
    }
    const signal = new WalCommitSignal(fd);
    signal.version();
    return signal;
  }

  /** A number that differs from the last one returned whenever a commit may have happened since. */
  version(): number {
    const fd = this.fd;
    if (fd === undefined) return ++this.counter;
    let read = 0;
    try {
      read = readSync(fd, this.next, 0, HEADER_BYTES, 0);
    } catch {
      read = 0;
    }
    const next = this.next;
    if (
      read === HEADER_BYTES &&
      (LITTLE_ENDIAN ? next.readUInt32LE(0) : next.readUInt32BE(0)) === WALINDEX_VERSION &&
      next[IS_INIT] === 1 &&
      next.equals(this.seen)
    ) {
      return this.counter;
    }
    next.copy(this.seen);
    if (read !== HEADER_BYTES) this.seen.fill(0);
    return ++this.counter;
  }

  /** Closes the `-shm` descriptor; every later {@link version} reports a change. */
  close(): void {
    if (this.fd === undefined) return;
    closeSync(this.fd);
    this.fd = undefined;
  }
}
