import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createOmnistockClient, type OmnistockClient } from '../../client/index';
import { type RunningService, type ServeOptions, startService } from '../../serve';
import { type StoreState, type StoreStateOptions, storeState } from '../state-digest';
import { type SpecValidatingFetch, specValidatingFetch } from '../validating-fetch';

/** A started service for the HTTP suites: every response they see is validated against the spec. */
export interface HttpHarness {
  readonly running: RunningService;
  readonly url: string;
  /** The validating fetch every client and `raw` call goes through. */
  readonly checked: SpecValidatingFetch;
  /** A typed client sending this key (none when omitted). */
  client(apiKey?: string): OmnistockClient;
  /** A request the typed client cannot express (malformed JSON, odd headers), still validated. */
  raw(path: string, init?: RequestInit): Promise<Response>;
  /** Relays the outbox until nothing is pending, so the background relay changes nothing after. */
  quiesce(): Promise<void>;
  /** Everything the store and the bus hold (after {@link quiesce}). */
  state(options?: Omit<StoreStateOptions, 'bus'>): Promise<StoreState>;
  close(): Promise<void>;
}

/**
 * Starts the service on an ephemeral loopback port, by default on a SQLite file in a temp dir with
 * the in-process bus, the demo catalog, the demo keys and the demo seed, without logs.
 * @example
 * const h = await startHarness();
 * const { data } = await h.client('demo-read').GET('/v1/positions', {});
 * await h.close();
 */
export async function startHarness(options: ServeOptions = {}): Promise<HttpHarness> {
  const dir = await mkdtemp(join(tmpdir(), 'omnistock-http-'));
  const running = await startService({
    port: 0,
    sqlitePath: join(dir, 'omnistock.db'),
    seed: true,
    logger: false,
    dashboard: false,
    ...options,
  });
  const checked = specValidatingFetch();
  const quiesce = async () => {
    for (;;) {
      await running.service.relayOutbox();
      if ((await running.store.pendingOutbox(1)).length === 0) return;
    }
  };
  return {
    running,
    url: running.url,
    checked,
    client: (apiKey) =>
      createOmnistockClient({
        baseUrl: running.url,
        fetch: checked.fetch,
        ...(apiKey !== undefined ? { apiKey } : {}),
      }),
    raw: (path, init) => checked.fetch(`${running.url}${path}`, init),
    quiesce,
    state: async (stateOptions = {}) => {
      await quiesce();
      return storeState(running.store, { ...stateOptions, bus: running.bus });
    },
    close: async () => {
      await running.close();
      await rm(dir, { recursive: true, force: true });
    },
  };
}

/**
 * An RFC 3339 instant `minutes` from now, without milliseconds.
 * @example
 * inMinutes(60); // '2026-12-04T10:00:00Z' an hour from now
 */
export function inMinutes(minutes: number): string {
  return new Date(Date.now() + minutes * 60_000).toISOString().replace(/\.\d{3}Z$/, 'Z');
}
