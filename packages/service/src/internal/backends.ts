import { NatsEventBus } from '@omnistock/bus-nats';
import { type EventBus, InMemoryEventBus, type InventoryStore } from '@omnistock/runtime';
import { PostgresInventoryStore } from '@omnistock/store-postgres';
import { SqliteInventoryStore } from '@omnistock/store-sqlite';
import { demoSeedEvents } from '../demo/seed';
import type { ServeOptions } from '../serve';
import type { ServiceCatalog } from '../types';

/**
 * The store `startService` runs on: PostgreSQL with `databaseUrl`, else the SQLite file.
 * @example
 * const store = await openStore({ sqlitePath: ':memory:' }, () => new Date().toISOString());
 */
export async function openStore(options: ServeOptions, now: () => string): Promise<InventoryStore> {
  if (options.databaseUrl) {
    return PostgresInventoryStore.open({
      connectionString: options.databaseUrl,
      ...(options.databaseSchema !== undefined ? { schema: options.databaseSchema } : {}),
      now,
    });
  }
  return SqliteInventoryStore.open({ filename: options.sqlitePath ?? 'omnistock.db', now });
}

/**
 * The bus: NATS JetStream with `natsUrl`, else the in-process bus.
 * @example
 * const bus = await openBus({ natsUrl: 'nats://127.0.0.1:4222' });
 */
export async function openBus(options: ServeOptions): Promise<EventBus> {
  if (options.natsUrl) return NatsEventBus.connect({ ...options.nats, servers: options.natsUrl });
  return new InMemoryEventBus();
}

/**
 * The events `seed` asks for: the given list, or the catalog's seed (the demo's by default).
 * @example
 * seedEvents({ seed: true }, demoCatalog()).length; // the demo seed
 */
export function seedEvents(options: ServeOptions, catalog: ServiceCatalog): readonly unknown[] {
  if (Array.isArray(options.seed)) return options.seed;
  if (options.seed !== true) return [];
  const own = (catalog as { seedEvents?: unknown }).seedEvents;
  return Array.isArray(own) ? own : demoSeedEvents();
}
