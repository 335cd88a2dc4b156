import type { AddressInfo } from 'node:net';
import type { NatsEventBusOptions } from '@omnistock/bus-nats';
import { type EventBus, InventoryService, type InventoryStore } from '@omnistock/runtime';
import type { FastifyInstance } from 'fastify';
import { type Logger, pino } from 'pino';
import { createApp } from './app';
import { demoCatalog } from './demo/catalog';
import { demoKeys } from './demo/keys';
import { openBus, openStore, seedEvents } from './internal/backends';
import { Loop } from './internal/loop';
import { installSignals } from './internal/signals';
import type { AppOptions, ApiKeyEntry, ServiceCatalog } from './types';

/** Options of {@link startService}. */
export interface ServeOptions {
  /** TCP port; default 8080; 0 = an ephemeral port (see `RunningService.url`). */
  readonly port?: number;
  /** Interface to listen on; default `127.0.0.1`. */
  readonly host?: string;
  /** A `postgres://` URL: the PostgreSQL store (else the embedded SQLite file). */
  readonly databaseUrl?: string;
  /** The PostgreSQL schema (default `omnistock`). */
  readonly databaseSchema?: string;
  /** The SQLite file; default `omnistock.db` in the working directory; `:memory:` allowed. */
  readonly sqlitePath?: string;
  /** A `nats://` URL: the NATS JetStream bus (else the in-process bus). */
  readonly natsUrl?: string;
  /** Stream and subject names of the NATS bus. */
  readonly nats?: Omit<NatsEventBusOptions, 'servers'>;
  /** Items, locations, groups, channels and policies; default the demo catalog. */
  readonly catalog?: ServiceCatalog;
  /** API keys; default the demo keys (their plaintexts are public: replace them outside a demo). */
  readonly keys?: readonly ApiKeyEntry[];
  /**
   * Ingest seed events at start: `true` = the catalog's `seedEvents` (the demo seed by default), or
   * the events to ingest. Fixed ids: seeding again is a no-op.
   */
  readonly seed?: boolean | readonly unknown[];
  /** A pino logger, or `false` for none; default pino at `info`. */
  readonly logger?: Logger | false;
  readonly rateLimit?: AppOptions['rateLimit'];
  readonly bodyLimit?: number;
  readonly clock?: () => Date;
  readonly version?: string;
  readonly dashboard?: boolean;
  /** Pause between expiry passes (default 1 000 ms). */
  readonly expiryIntervalMs?: number;
  /** Pause between outbox relay passes that found nothing (default 200 ms). */
  readonly relayIntervalMs?: number;
  /** Install SIGTERM/SIGINT handlers that call `close()` (a second signal exits at once). */
  readonly handleSignals?: boolean;
}

/** A listening service. */
export interface RunningService {
  /** `http://host:port` it listens on. */
  readonly url: string;
  readonly app: FastifyInstance;
  readonly service: InventoryService;
  readonly store: InventoryStore;
  readonly bus: EventBus;
  /**
   * Graceful shutdown (idempotent): stop accepting, drain in-flight requests, stop the expiry and
   * relay loops, flush the outbox to the bus, close the bus and the store.
   */
  close(): Promise<void>;
}

function urlOf(app: FastifyInstance): string {
  const a = app.server.address() as AddressInfo;
  const host = a.family === 'IPv6' ? `[${a.address}]` : a.address;
  return `http://${host}:${a.port}`;
}

/**
 * Starts the reference service: opens the store (PostgreSQL with `databaseUrl`, else SQLite) and
 * the bus (NATS with `natsUrl`, else in-process), builds the facade over the catalog, optionally
 * seeds it, starts the expiry and outbox relay loops and listens.
 * @example
 * const running = await startService({ port: 0, sqlitePath: ':memory:', seed: true, logger: false });
 * console.log(running.url); // http://127.0.0.1:53124
 * await running.close();
 */
export async function startService(options: ServeOptions = {}): Promise<RunningService> {
  const clock = options.clock ?? (() => new Date());
  const log: Logger | undefined =
    options.logger === false ? undefined : (options.logger ?? pino({ level: 'info' }));
  const catalog = options.catalog ?? demoCatalog();
  const store = await openStore(options, () => clock().toISOString());
  let bus: EventBus | undefined;
  let app: FastifyInstance | undefined;
  try {
    bus = await openBus(options);
    const service = new InventoryService({
      store,
      bus,
      items: catalog.items,
      locations: catalog.locations,
      groups: catalog.groups,
      policies: catalog.policies,
      ...(options.clock ? { clock: options.clock } : {}),
    });
    const seed = seedEvents(options, catalog);
    if (seed.length > 0) {
      const r = await service.ingest(seed, 'omnistock/seed');
      if (!r.ok) throw new Error(`seeding failed: ${r.error.message}`);
      log?.info({ events: seed.length }, 'seeded');
    }
    app = await createApp({
      service,
      store,
      bus,
      catalog,
      keys: options.keys ?? demoKeys(),
      logger: log ?? false,
      ...(options.clock ? { clock: options.clock } : {}),
      ...(options.rateLimit ? { rateLimit: options.rateLimit } : {}),
      ...(options.bodyLimit !== undefined ? { bodyLimit: options.bodyLimit } : {}),
      ...(options.version !== undefined ? { version: options.version } : {}),
      ...(options.dashboard !== undefined ? { dashboard: options.dashboard } : {}),
    });
    const onError = (what: string) => (error: unknown) => log?.error({ err: error }, what);
    const expiry = new Loop(
      async () => {
        const r = await service.expireDue();
        return r.ok && r.value.expired.length > 0;
      },
      options.expiryIntervalMs ?? 1000,
      onError('expiry pass failed'),
    );
    const relay = new Loop(
      async () => (await service.relayOutbox()) > 0,
      options.relayIntervalMs ?? 200,
      onError('outbox relay pass failed'),
    );
    await app.listen({ port: options.port ?? 8080, host: options.host ?? '127.0.0.1' });
    expiry.start();
    relay.start();
    const running = { app, service, store, bus, url: urlOf(app) };
    const close = once(async () => {
      await app?.close();
      await expiry.stop();
      await relay.stop();
      try {
        while ((await service.relayOutbox()) > 0) {}
      } catch (error) {
        log?.error({ err: error }, 'outbox flush failed: the rows stay pending for the next start');
      }
      await bus?.close();
      await store.close();
      log?.info('closed');
    });
    if (options.handleSignals) installSignals(close, log);
    log?.info({ url: running.url }, 'listening');
    return { ...running, close };
  } catch (error) {
    await app?.close().catch(() => undefined);
    await bus?.close().catch(() => undefined);
    await store.close().catch(() => undefined);
    throw error;
  }
}

function once(task: () => Promise<void>): () => Promise<void> {
  let running: Promise<void> | undefined;
  return () => {
    running ??= task();
    return running;
  };
}
