import { EVENT_QUANTITY_KEYS, parseMinor } from '@omnistock/core';
import { parseInstant } from './instant';

/** Canonical quantity texts, remembered: streams repeat the same few ('1', '2.5'). */
const canonCache = new Map<string, string>();

function canonQty(s: string): string {
  let c = canonCache.get(s);
  if (c === undefined) {
    const m = parseMinor(s, 6);
    c = m.ok ? String(m.value) : s;
    if (canonCache.size >= 4096) canonCache.clear();
    canonCache.set(s, c);
  }
  return c;
}

/**
 * The comparable form of an event for dedupe: type, source, time (as an instant), subject and data
 * with quantities canonical (`"2.0"` equals `"2"`). Extensions such as `sequence` do not count.
 */
export function canonicalForm(e: {
  readonly type: string;
  readonly source: string;
  readonly time: string;
  readonly data: unknown;
}): Record<string, unknown> {
  // `parseInstant` is `Date.parse` (see instant.test.ts) with a fast path for the usual UTC form
  return { type: e.type, source: e.source, time: parseInstant(e.time), data: canon(e.data, '') };
}

function canon(v: unknown, key: string): unknown {
  if (typeof v === 'string' && EVENT_QUANTITY_KEYS.has(key)) return canonQty(v);
  if (Array.isArray(v)) return v.map((x) => canon(x, ''));
  if (typeof v === 'object' && v !== null) {
    const out: Record<string, unknown> = {};
    for (const k of Object.keys(v).sort()) out[k] = canon((v as Record<string, unknown>)[k], k);
    return out;
  }
  return v;
}

/** The first differing field path between two canonical forms, or undefined when equal. */
export function firstDifference(a: unknown, b: unknown, path = ''): string | undefined {
  if (a === b) return undefined;
  const join = (k: string | number) => (typeof k === 'number' ? `${path}[${k}]` : path ? `${path}.${k}` : k);
  if (Array.isArray(a) && Array.isArray(b)) {
    for (let i = 0; i < Math.max(a.length, b.length); i++) {
      const d = firstDifference(a[i], b[i], join(i));
      if (d) return d;
    }
    return undefined;
  }
  if (typeof a === 'object' && a !== null && typeof b === 'object' && b !== null) {
    const ra = a as Record<string, unknown>;
    const rb = b as Record<string, unknown>;
    for (const k of [...new Set([...Object.keys(ra), ...Object.keys(rb)])].sort()) {
      const d = firstDifference(ra[k], rb[k], join(k));
      if (d) return d;
    }
    return undefined;
  }
  return path || '(root)';
}

/** A 53-bit hash (cyrb53) of an event's canonical form: the compact dedupe fingerprint. */
export function contentHash(e: Parameters<typeof canonicalForm>[0]): number {
  const str = JSON.stringify(canonicalForm(e));
  let h1 = 0xdeadbeef;
  let h2 = 0x41c6ce57;
  for (let i = 0; i < str.length; i++) {
    const ch = str.charCodeAt(i);
    h1 = Math.imul(h1 ^ ch, 2654435761);
    h2 = Math.imul(h2 ^ ch, 1597334677);
  }
  h1 = Math.imul(h1 ^ (h1 >>> 16), 2246822507) ^ Math.imul(h2 ^ (h2 >>> 13), 3266489909);
  h2 = Math.imul(h2 ^ (h2 >>> 16), 2246822507) ^ Math.imul(h1 ^ (h1 >>> 13), 3266489909);
  return 4294967296 * (2097151 & h2) + (h1 >>> 0);
}
