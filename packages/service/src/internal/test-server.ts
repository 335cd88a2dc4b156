import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createOmnistockClient, type OmnistockClient } from '../client/index';
import { type RunningService, type ServeOptions, startService } from '../serve';
import { type SpecViolation, specValidatingFetch } from '../testing/index';

/** A service for one test: SQLite in a temp dir, the in-process bus, the demo catalog and keys. */
export interface TestServer {
  readonly running: RunningService;
  readonly url: string;
  /** A typed client with this key whose every response is validated against the OpenAPI spec. */
  client(apiKey?: string): OmnistockClient;
  /** A plain `fetch` to the service (not validated): for requests the client cannot express. */
  fetch(path: string, init?: RequestInit): Promise<Response>;
  /** Spec violations seen by the clients so far (restarts included). */
  readonly violations: SpecViolation[];
  /** Stops this service gracefully and starts another on the same SQLite file (a process restart). */
  restart(): Promise<TestServer>;
  close(): Promise<void>;
}

/**
 * Starts a seeded service on an ephemeral port for a test (test support; not exported).
 * @example
 * const server = await startTestServer();
 * const { data } = await server.client('demo-read').GET('/v1/positions', {});
 * await server.close();
 */
export async function startTestServer(options: ServeOptions = {}): Promise<TestServer> {
  const dir = await mkdtemp(join(tmpdir(), 'omnistock-service-'));
  return serveIn(dir, options, specValidatingFetch());
}

async function serveIn(
  dir: string,
  options: ServeOptions,
  checked: ReturnType<typeof specValidatingFetch>,
): Promise<TestServer> {
  const running = await startService({
    port: 0,
    sqlitePath: join(dir, 'omnistock.db'),
    seed: true,
    logger: false,
    ...options,
  });
  return {
    running,
    url: running.url,
    client: (apiKey) =>
      createOmnistockClient({
        baseUrl: running.url,
        fetch: checked.fetch,
        ...(apiKey !== undefined ? { apiKey } : {}),
      }),
    fetch: (path, init) => fetch(`${running.url}${path}`, init),
    violations: checked.violations,
    restart: async () => {
      await running.close();
      return serveIn(dir, options, checked);
    },
    close: async () => {
      await running.close();
      await rm(dir, { recursive: true, force: true });
    },
  };
}
