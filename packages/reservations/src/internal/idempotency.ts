/** A JSON-like command payload, as fingerprinted for idempotency. */
export type Payload =
  | string
  | number
  | boolean
  | null
  | undefined
  | readonly Payload[]
  | { readonly [k: string]: Payload };

interface Entry<R> {
  readonly payload: Payload;
  readonly result: R;
  readonly at: number;
}

/** What a key lookup found. */
export type KeyLookup<R> =
  | { readonly kind: 'new' }
  | { readonly kind: 'replay'; readonly result: R }
  | { readonly kind: 'conflict'; readonly field: string; readonly first: unknown; readonly now: unknown };

/**
 * Idempotency records: the first result per key, kept at least `retentionMs` after it was recorded.
 * Keys live in insertion order, so purging is from the front.
 */
export class IdempotencyStore<R> {
  private readonly entries = new Map<string, Entry<R>>();
  constructor(readonly retentionMs: number) {}

  get size(): number {
    return this.entries.size;
  }

  lookup(key: string, payload: Payload, nowMs: number): KeyLookup<R> {
    const e = this.entries.get(key);
    if (!e || nowMs - e.at >= this.retentionMs) return { kind: 'new' };
    const d = firstDifference(e.payload, payload, '');
    return d ? { kind: 'conflict', ...d } : { kind: 'replay', result: e.result };
  }

  record(key: string, payload: Payload, result: R, nowMs: number): void {
    this.entries.delete(key);
    this.entries.set(key, { payload, result, at: nowMs });
  }

  /** Forgets keys older than the retention; returns how many. */
  purge(nowMs: number): number {
    let n = 0;
    for (const [k, e] of this.entries) {
      if (nowMs - e.at < this.retentionMs) break;
      this.entries.delete(k);
      n++;
    }
    return n;
  }
}

function join(path: string, key: string | number): string {
  return typeof key === 'number' ? `${path}[${key}]` : path === '' ? key : `${path}.${key}`;
}

/** The first field (as a path like `lines[0].qty`) where two payloads differ: `type`, then sorted keys. */
export function firstDifference(
  a: Payload,
  b: Payload,
  path: string,
): { field: string; first: unknown; now: unknown } | undefined {
  if (a === b) return undefined;
  if (Array.isArray(a) && Array.isArray(b)) {
    const n = Math.max(a.length, b.length);
    for (let i = 0; i < n; i++) {
      const d = firstDifference(a[i], b[i], join(path, i));
      if (d) return d;
    }
    return a.length === b.length
      ? undefined
      : { field: join(path, 'length'), first: a.length, now: b.length };
  }
  if (isObject(a) && isObject(b)) {
    // `type` first (a key reused for another command), then the other fields in sorted order
    const keys = [...new Set([...Object.keys(a), ...Object.keys(b)])].sort((x, y) =>
      x === 'type' ? -1 : y === 'type' ? 1 : x < y ? -1 : x > y ? 1 : 0,
    );
    for (const k of keys) {
      const d = firstDifference(a[k], b[k], join(path, k));
      if (d) return d;
    }
    return undefined;
  }
  return { field: path === '' ? '(root)' : path, first: a, now: b };
}

function isObject(v: Payload): v is { readonly [k: string]: Payload } {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}
