import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { demoKeys } from '../demo/keys';
import type { ApiKeyEntry } from '../types';
import { hashApiKey, KeyRing, principalOf } from './auth';

describe('API keys', () => {
  it('hashes a key to the hex SHA-256 of its UTF-8 bytes', () => {
    for (const key of ['demo-admin', 'ключ-🔑', ' ', 'x'.repeat(300)]) {
      expect(hashApiKey(key)).toBe(createHash('sha256').update(key, 'utf8').digest('hex'));
    }
  });

  it('finds a configured key, with one principal and one rate-limit bucket per key', () => {
    const entries: ApiKeyEntry[] = [
      ...demoKeys(),
      { id: 'upper', keyHash: hashApiKey('upper-key').toUpperCase(), roles: ['read'], channels: ['pos'] },
    ];
    const ring = new KeyRing(entries);
    const a = ring.find('demo-ecommerce');
    const b = ring.find('demo-ecommerce');
    expect(a?.entry.id).toBe('key:ecommerce-web');
    expect(b).toBe(a);
    expect(a?.principal).toEqual(principalOf(a!.entry));
    expect(a?.bucket).toBe('key:key:ecommerce-web'); // as before: `key:` + the entry id
    expect(ring.find('upper-key')?.entry.id).toBe('upper');
    expect(ring.find('demo-ecommerce ')).toBeUndefined();
    expect(ring.find('')).toBeUndefined();
    expect(ring.find(undefined)).toBeUndefined();
  });

  it('refuses a key hash that is not hex SHA-256', () => {
    expect(() => new KeyRing([{ id: 'bad', keyHash: 'abc', roles: ['read'], channels: '*' }])).toThrow(
      /keyHash is not a hex SHA-256/,
    );
  });
});
