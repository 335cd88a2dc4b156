import { createHash } from 'node:crypto';

/**
 * A JSON-like value that {@link canonicalJson} can serialise.
 * @example
 * const identity: Canonical = { receiptRef: 'R-1', line: 1 };
 */
export type Canonical =
  | string
  | number
  | boolean
  | null
  | undefined
  | readonly Canonical[]
  | { readonly [key: string]: Canonical };

/**
 * JSON with object keys sorted at every level and `undefined` members left out, so two equal values
 * always serialise to the same text.
 * @example
 * canonicalJson({ b: 1, a: [2, { d: 3, c: 4 }] }); // '{"a":[2,{"c":4,"d":3}],"b":1}'
 */
export function canonicalJson(value: Canonical): string {
  if (value === undefined) return 'null';
  if (value === null || typeof value !== 'object') return JSON.stringify(value);
  if (Array.isArray(value)) return `[${value.map((v) => canonicalJson(v)).join(',')}]`;
  const obj = value as { readonly [key: string]: Canonical };
  const keys = Object.keys(obj)
    .filter((k) => obj[k] !== undefined)
    .sort();
  return `{${keys.map((k) => `${JSON.stringify(k)}:${canonicalJson(obj[k])}`).join(',')}}`;
}

/**
 * A deterministic event id: `<prefix>-` and 32 hex digits of the SHA-256 of the source identity and
 * the payload identity. The same inputs always give the same id, so a payload delivered twice maps
 * to the same event and the ledger dedupes it.
 * @example
 * stableEventId('shopify', 'shopify/shop-1', { item: '42', location: '7', updatedAt: '2026-01-01T00:00:00Z' });
 */
export function stableEventId(prefix: string, source: string, identity: Canonical): string {
  const digest = createHash('sha256')
    .update(canonicalJson([source, identity]))
    .digest('hex');
  return `${prefix}-${digest.slice(0, 32)}`;
}
