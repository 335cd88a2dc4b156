import { connect } from 'node:net';

/** The outcome of {@link requireService}: run the suite when `available`. */
export interface ServiceGate {
  readonly available: boolean;
  /** The URL the suite should use. */
  readonly url: string;
  /** Why the service is unavailable (undefined when available). */
  readonly reason?: string;
}

/** Options of {@link requireService}. */
export interface RequireServiceOptions {
  /** A human name for the one warning line, e.g. `PostgreSQL`. */
  readonly name: string;
  /** The service URL (host and port are probed). */
  readonly url: string;
  /** The suite that would be skipped, for the warning line. */
  readonly suite: string;
  /** A deeper probe (e.g. `SELECT 1`) run after the TCP probe succeeds; throwing means unavailable. */
  readonly probe?: () => Promise<void>;
  /** Connection attempts (default 3, 300 ms apart); each TCP attempt times out after 1 s. */
  readonly attempts?: number;
}

/** The PostgreSQL URL real-service tests use: `OMNISTOCK_TEST_DATABASE_URL`, else the local `test` db. */
export const TEST_DATABASE_URL =
  process.env.OMNISTOCK_TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test';
/** The NATS URL real-service tests use: `OMNISTOCK_TEST_NATS_URL`, else the local server. */
export const TEST_NATS_URL = process.env.OMNISTOCK_TEST_NATS_URL ?? 'nats://127.0.0.1:4222';

/**
 * Gates a suite on a real service. When the service is reachable, returns `available: true`.
 * When it is not: with `CI=true` it throws (so the suite fails loudly); otherwise it prints ONE
 * `console.warn` line naming the suite, the service, the URL and the reason, and returns
 * `available: false` so the caller can `describe.skipIf(!gate.available)`.
 * @example
 * const gate = await requireService({ name: 'NATS', url: TEST_NATS_URL, suite: 'bus-nats contract' });
 * describe.skipIf(!gate.available)('NatsEventBus', () => { ... });
 */
export async function requireService(options: RequireServiceOptions): Promise<ServiceGate> {
  const reason = await probeWithRetries(options);
  if (reason === undefined) return { available: true, url: options.url };
  const line = `${options.name} unreachable at ${redact(options.url)} (${reason})`;
  if (process.env.CI === 'true') {
    throw new Error(`CI=true: ${options.suite} needs ${line}`);
  }
  console.warn(`⚠ SKIPPING ${options.suite}: ${line}. Start it or set CI=true to make this a failure.`);
  return { available: false, url: options.url, reason };
}

async function probeWithRetries(options: RequireServiceOptions): Promise<string | undefined> {
  const attempts = options.attempts ?? 3;
  let reason = 'not probed';
  for (let i = 0; i < attempts; i++) {
    if (i > 0) await new Promise((r) => setTimeout(r, 300));
    try {
      const { hostname, port } = new URL(options.url);
      await tcpProbe(hostname, Number(port) || defaultPort(options.url));
      if (options.probe) await options.probe();
      return undefined;
    } catch (error) {
      reason = error instanceof Error ? error.message : String(error);
    }
  }
  return reason;
}

function tcpProbe(host: string, port: number): Promise<void> {
  return new Promise((resolve, reject) => {
    const socket = connect({ host, port, timeout: 1000 });
    socket.once('connect', () => {
      socket.end();
      resolve();
    });
    socket.once('timeout', () => {
      socket.destroy();
      reject(new Error(`connect to ${host}:${port} timed out`));
    });
    socket.once('error', (e) => reject(e));
  });
}

function defaultPort(url: string): number {
  if (url.startsWith('nats')) return 4222;
  if (url.startsWith('postgres')) return 5432;
  return 80;
}

function redact(url: string): string {
  try {
    const u = new URL(url);
    if (u.password) u.password = '***';
    return u.toString();
  } catch {
    return url;
  }
}
