import { hashApiKey } from '../internal/auth';
import type { ApiKeyEntry } from '../types';

/** A demo API key: the stored entry, plus its plaintext (for the docs and the demo) and what it is for. */
export interface DemoKey extends ApiKeyEntry {
  readonly plaintext: string;
  readonly purpose: string;
}

const key = (plaintext: string, entry: Omit<ApiKeyEntry, 'keyHash'>, purpose: string): DemoKey => ({
  ...entry,
  keyHash: hashApiKey(plaintext),
  plaintext,
  purpose,
});

/**
 * The demo's API keys. Their plaintexts are public: never serve them outside a demo.
 *
 * | key                | principal          | roles   | channels             |
 * |--------------------|--------------------|---------|----------------------|
 * | `demo-admin`       | `key:demo-admin`   | admin   | *                    |
 * | `demo-ecommerce`   | `key:ecommerce-web`| reserve | ecommerce            |
 * | `demo-pos`         | `key:pos-stores`   | reserve | pos                  |
 * | `demo-marketplace` | `key:marketplace`  | read    | marketplace-amazon   |
 * | `demo-ingest`      | `key:integrations` | ingest  | *                    |
 * | `demo-read`        | `key:reporting`    | read    | *                    |
 * @example
 * const app = await createApp({ service, keys: demoKeys() }); // entries carry their plaintext too
 * demoKeys().find((k) => k.id === 'key:demo-admin')?.plaintext; // 'demo-admin'
 */
export function demoKeys(): DemoKey[] {
  return [
    key('demo-admin', { id: 'key:demo-admin', roles: ['admin'], channels: '*' }, 'operators: everything'),
    key(
      'demo-ecommerce',
      { id: 'key:ecommerce-web', roles: ['reserve'], channels: ['ecommerce'] },
      'the web shop: availability and reservations for ecommerce',
    ),
    key(
      'demo-pos',
      { id: 'key:pos-stores', roles: ['reserve'], channels: ['pos'] },
      'store tills: availability and reservations for pos',
    ),
    key(
      'demo-marketplace',
      { id: 'key:marketplace', roles: ['read'], channels: ['marketplace-amazon'] },
      'the marketplace feed: availability for marketplace-amazon',
    ),
    key(
      'demo-ingest',
      { id: 'key:integrations', roles: ['ingest'], channels: '*' },
      'POS, WMS and ERP integrations: CloudEvents ingest',
    ),
    key('demo-read', { id: 'key:reporting', roles: ['read'], channels: '*' }, 'reporting: read everything'),
  ];
}
