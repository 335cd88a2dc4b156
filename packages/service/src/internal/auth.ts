import { createHash, timingSafeEqual } from 'node:crypto';
import type { ApiKeyEntry, Principal, Role } from '../types';

/**
 * The stored form of an API key: lower-case hex SHA-256 of its UTF-8 bytes.
 * @example
 * hashApiKey('demo-admin'); // '…64 hex digits…'
 */
export function hashApiKey(key: string): string {
  return createHash('sha256').update(key, 'utf8').digest('hex');
}

/** The configured keys, looked up by the hash of a presented key. */
export class KeyRing {
  private readonly byHash = new Map<string, ApiKeyEntry>();

  constructor(entries: readonly ApiKeyEntry[]) {
    for (const e of entries) {
      const hash = e.keyHash.toLowerCase();
      if (!/^[0-9a-f]{64}$/.test(hash)) throw new Error(`key ${e.id}: keyHash is not a hex SHA-256`);
      this.byHash.set(hash, e);
    }
  }

  /** The entry of a presented key, or undefined (constant-time compare of the hashes). */
  find(presented: string | undefined): ApiKeyEntry | undefined {
    if (presented === undefined || presented.length === 0) return undefined;
    const hash = hashApiKey(presented);
    const entry = this.byHash.get(hash);
    if (!entry) return undefined;
    return timingSafeEqual(Buffer.from(entry.keyHash.toLowerCase()), Buffer.from(hash)) ? entry : undefined;
  }
}

/**
 * A key's principal: its roles with their implications (`reserve` ⇒ `read`; `admin` ⇒ all).
 * @example
 * principalOf(entry).roles.has('read'); // true for a reserve key
 */
export function principalOf(entry: ApiKeyEntry): Principal {
  const roles = new Set<Role>(entry.roles);
  if (roles.has('admin')) for (const r of ['read', 'reserve', 'ingest'] as const) roles.add(r);
  if (roles.has('reserve')) roles.add('read');
  return { id: entry.id, roles, channels: entry.channels === '*' ? '*' : new Set(entry.channels) };
}

/**
 * Whether the principal may act for a channel.
 * @example
 * mayActFor(principal, 'ecommerce'); // false for a pos-only key
 */
export function mayActFor(principal: Principal, channel: string): boolean {
  return principal.channels === '*' || principal.channels.has(channel);
}
