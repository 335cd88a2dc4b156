/** Keys kept at most; the oldest is dropped beyond this. */
const DEFAULT_MAX_ENTRIES = 10_000;

/**
 * Decoded reads of one SQLite connection, kept while the database is unchanged. The database has
 * changed when the version differs (another connection — in this process or another — committed:
 * the `-shm` header signal of a WAL file, else `PRAGMA data_version`) or when this connection wrote
 * (its own commits do not change `data_version`; the store calls {@link wrote} after each of its
 * writes). A change drops every entry, so the next read goes
 * to the file: a cached value is never older than the last commit of any writer.
 *
 * The version is read before the rows: a commit landing in between makes the cached rows newer
 * than the version they are kept under, never older, and the next read sees the new version.
 * @example
 * const cache = new ReadCache(() => dataVersion.get() as number);
 * const rows = cache.get(sku, () => readRows(sku));
 */
export class ReadCache<V> {
  private readonly entries = new Map<string, V>();
  private version = Number.NaN;
  private writes = 0;
  private seenWrites = 0;

  constructor(
    /** The commit signal's number, or `PRAGMA data_version` of the connection. */
    private readonly dataVersion: () => number,
    private readonly maxEntries = DEFAULT_MAX_ENTRIES,
  ) {}

  /** Records a write of this connection: every entry is stale from now on. */
  wrote(): void {
    this.writes++;
  }

  /** The value kept under `key` if the database has not changed since it was read, else `load()`'s. */
  get(key: string, load: () => V): V {
    const version = this.dataVersion();
    if (version !== this.version || this.writes !== this.seenWrites) {
      this.entries.clear();
      this.version = version;
      this.seenWrites = this.writes;
    }
    let value = this.entries.get(key);
    if (value === undefined) {
      value = load();
      if (this.entries.size >= this.maxEntries) {
        const oldest = this.entries.keys().next();
        if (!oldest.done) this.entries.delete(oldest.value);
      }
      this.entries.set(key, value);
    }
    return value;
  }

  /** How many keys are kept (for tests). */
  get size(): number {
    return this.entries.size;
  }
}
