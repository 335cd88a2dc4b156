import * as nodeCrypto from 'node:crypto';
import type { ApiKeyEntry, Principal, Role } from '../types';

/**
 * Hex SHA-256 of the UTF-8 bytes: one-shot `crypto.hash` (Node ≥ 20.12; its hex output is the fast
 * one), else a `createHash` round.
 */
const sha256Hex: (text: string) => string =
  typeof nodeCrypto.hash === 'function'
    ? (text) => nodeCrypto.hash('sha256', text, 'hex')
    : (text) => nodeCrypto.createHash('sha256').update(text, 'utf8').digest('hex');

/**
 * The stored form of an API key: lower-case hex SHA-256 of its UTF-8 bytes.
 * @example
 * hashApiKey('demo-admin'); // '…64 hex digits…'
 */
export function hashApiKey(key: string): string {
  return sha256Hex(key);
}

/** A configured key with what the guard derives from it, built once per key. */
export interface KnownKey {
  readonly entry: ApiKeyEntry;
  /** The key's principal (principals are read-only, so one serves every request). */
  readonly principal: Principal;
  /** The key's rate-limit bucket. */
  readonly bucket: string;
}

/** The configured keys, looked up by the hash of a presented key. */
export class KeyRing {
  private readonly byHash = new Map<string, KnownKey>();

  constructor(entries: readonly ApiKeyEntry[]) {
    for (const e of entries) {
      const hash = e.keyHash.toLowerCase();
      if (!/^[0-9a-f]{64}$/.test(hash)) throw new Error(`key ${e.id}: keyHash is not a hex SHA-256`);
      this.byHash.set(hash, { entry: e, principal: principalOf(e), bucket: `key:${e.id}` });
    }
  }

  /**
   * The configured key of a presented key, or undefined: looked up by the SHA-256 of the presented
   * key. The lookup compares digests, not keys, so its timing says nothing a caller could use: a
   * caller cannot choose what a digest starts with (a lookup hit means the whole digest matched, so
   * a constant-time compare after it could only answer true).
   */
  find(presented: string | undefined): KnownKey | undefined {
    if (presented === undefined || presented.length === 0) return undefined;
    return this.byHash.get(hashApiKey(presented));
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
