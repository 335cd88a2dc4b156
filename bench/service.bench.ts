// `npm run bench -- service`: the HTTP service on loopback under autocannon. `GET /v1/availability`
// (demo catalog, an API key, SQLite file, in-process bus) beside a bare Fastify endpoint on the same
// machine that returns the same JSON body (the limit for an HTTP JSON answer), then
// `POST /v1/reservations` (each request a new hold with its own Idempotency-Key). Each server runs in
// its own child process so the load generator does not share its event loop. The machine may be
// shared and noisy, so the availability comparison runs BENCH_ROUNDS (default 3) interleaved rounds
// (bare, service, bare, service, …) and reports each round's ratio and their median. Beside
// requests/s it prints each server's CPU time per request (user + system of its child process, read
// from /proc on Linux): a figure that depends much less on the load generator's speed than the
// throughput ratio does. Prints figures and ratios; asserts nothing. BENCH_SECONDS (default 3),
// BENCH_CONNECTIONS (default 8) and BENCH_ROUNDS (default 5) tune it.
import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';

const SECONDS = Number(process.env.BENCH_SECONDS ?? 3);
const CONNECTIONS = Number(process.env.BENCH_CONNECTIONS ?? 8);
const ROUNDS = Math.max(1, Number(process.env.BENCH_ROUNDS ?? 5));
const TARGET = 0.5;
const ROLE_ENV = 'OMNISTOCK_BENCH_SERVER';
const AVAILABILITY = '/v1/availability?sku=TSHIRT-M&location=store-12&channel=ecommerce';
const KEY = 'demo-ecommerce';

/** The part of autocannon's result this benchmark reads. */
interface CannonResult {
  readonly requests: { readonly average: number; readonly total: number };
  readonly latency: { readonly p50: number; readonly p99: number };
  readonly non2xx: number;
  readonly errors: number;
}

interface CannonRequest {
  method?: string;
  path?: string;
  headers?: Record<string, string>;
  body?: string;
}

interface CannonOptions {
  readonly url: string;
  readonly connections: number;
  readonly duration: number;
  readonly method?: string;
  readonly headers?: Record<string, string>;
  readonly body?: string;
  readonly requests?: readonly { setupRequest?: (req: CannonRequest) => CannonRequest }[];
}

const autocannon = createRequire(import.meta.url)('autocannon') as (
  o: CannonOptions,
) => Promise<CannonResult>;

// ── the servers (child processes) ─────────────────────────────────────────────────────────────

async function serveService(): Promise<void> {
  const { startService } = await import('@omnistock/service');
  const dir = mkdtempSync(join(tmpdir(), 'omnistock-bench-http-'));
  const running = await startService({
    port: 0,
    sqlitePath: join(dir, 'omnistock.db'),
    seed: true,
    logger: false,
    dashboard: false,
    rateLimit: { limit: 1_000_000_000, windowMs: 60_000 },
  });
  // a billion caps at the DC for the reservation run
  const r = await running.service.ingest([
    {
      specversion: '1.0',
      id: 'bench-caps',
      source: 'wms/dc-1',
      type: 'omnistock.stock.received.v1',
      time: new Date().toISOString(),
      subject: 'CAP-ONE',
      partitionkey: 'CAP-ONE',
      data: { sku: 'CAP-ONE', location: 'dc-1', qty: '1000000000' },
    },
  ]);
  if (!r.ok) throw new Error(r.error.message);
  await stayUp(running.url, async () => {
    await running.close();
    rmSync(dir, { recursive: true, force: true });
  });
}

async function serveBare(): Promise<void> {
  const { default: Fastify } = await import('fastify');
  const body = JSON.parse(process.env.OMNISTOCK_BENCH_BODY ?? '{}') as object;
  const app = Fastify({ logger: false });
  app.get('/bare', async () => body);
  await app.listen({ port: 0, host: '127.0.0.1' });
  const a = app.server.address();
  await stayUp(typeof a === 'object' && a ? `http://127.0.0.1:${a.port}` : '', () => app.close());
}

/** Prints the URL for the parent and closes the server when the parent closes stdin. */
async function stayUp(url: string, close: () => Promise<void>): Promise<void> {
  console.log(JSON.stringify({ url }));
  process.stdin.resume();
  await new Promise((resolve) => process.stdin.once('end', resolve));
  await close();
  process.exit(0);
}

if (process.env[ROLE_ENV] === 'service') await serveService();
if (process.env[ROLE_ENV] === 'bare') await serveBare();

// ── the parent ─────────────────────────────────────────────────────────────────────────────────

interface Server {
  readonly url: string;
  /** CPU time (user + system) the server's process has used so far, in µs; undefined off Linux. */
  cpuMicros(): number | undefined;
  stop(): Promise<void>;
}

/** User + system CPU time of a process in µs, from `/proc/<pid>/stat` (fields 14 and 15, in ticks). */
function cpuMicrosOf(pid: number | undefined): number | undefined {
  if (pid === undefined) return undefined;
  try {
    const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]?.split(' ') ?? [];
    const ticks = Number(fields[11]) + Number(fields[12]);
    return Number.isFinite(ticks) ? ticks * (1_000_000 / CLOCK_TICKS) : undefined;
  } catch {
    return undefined;
  }
}

/** `getconf CLK_TCK`: 100 on every Linux Node supports. */
const CLOCK_TICKS = 100;

async function startChild(role: 'service' | 'bare', env: Record<string, string> = {}): Promise<Server> {
  const child: ChildProcess = spawn(
    process.execPath,
    ['--conditions=source', '--import', 'tsx', fileURLToPath(import.meta.url)],
    { env: { ...process.env, ...env, [ROLE_ENV]: role }, stdio: ['pipe', 'pipe', 'inherit'] },
  );
  const lines = createInterface({ input: child.stdout! });
  const url = await new Promise<string>((resolve, reject) => {
    child.once('exit', (code) => reject(new Error(`${role} server exited with ${code}`)));
    lines.once('line', (line) => resolve((JSON.parse(line) as { url: string }).url));
  });
  return {
    url,
    cpuMicros: () => cpuMicrosOf(child.pid),
    stop: () =>
      new Promise((resolve) => {
        child.removeAllListeners('exit');
        child.once('exit', () => resolve());
        child.stdin!.end();
      }),
  };
}

interface Row {
  readonly name: string;
  readonly result: CannonResult;
  /** The server's CPU time per request during the measured run, µs (undefined off Linux). */
  readonly cpuPerRequest?: number | undefined;
}

/** A warm-up second, then the measured run: autocannon's result and the server's CPU per request. */
async function load(
  server: Server,
  options: Omit<CannonOptions, 'connections' | 'duration'>,
): Promise<Pick<Row, 'result' | 'cpuPerRequest'>> {
  await autocannon({ ...options, connections: CONNECTIONS, duration: 1 }); // warm-up
  const before = server.cpuMicros();
  const result = await autocannon({ ...options, connections: CONNECTIONS, duration: SECONDS });
  const after = server.cpuMicros();
  const cpuPerRequest =
    before === undefined || after === undefined || result.requests.total === 0
      ? undefined
      : (after - before) / result.requests.total;
  return { result, cpuPerRequest };
}

const ratioOf = (row: Row, reference: Row): number =>
  row.result.requests.average / reference.result.requests.average;

function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}

function printRows(title: string | undefined, rows: readonly Row[], reference?: Row): void {
  if (title !== undefined) console.log(`\n## ${title}`);
  const width = Math.max(...rows.map((r) => r.name.length));
  for (const { name, result, cpuPerRequest } of rows) {
    const rps = `${Math.round(result.requests.average).toLocaleString('en-US')} req/s`;
    const latency = `p50 ${result.latency.p50} ms, p99 ${result.latency.p99} ms`;
    const failures =
      result.non2xx + result.errors > 0 ? `  (${result.non2xx} non-2xx, ${result.errors} errors)` : '';
    const ratio =
      !reference || reference.name === name
        ? reference
          ? '  (the limit)'
          : ''
        : `  ${(100 * ratioOf({ name, result }, reference)).toFixed(0)}% of the limit`;
    const cpu = cpuPerRequest === undefined ? '' : `  server CPU ${cpuPerRequest.toFixed(1)} µs/req`;
    console.log(
      `  ${name.padEnd(width)}  ${rps.padStart(14)}  ${latency.padEnd(24)}${cpu}${ratio}${failures}`,
    );
  }
}

/** Runs the HTTP benchmarks. */
export async function run(): Promise<void> {
  console.log(
    `\n# service over HTTP (loopback, ${CONNECTIONS} connections, ${SECONDS} s per run, ${ROUNDS} interleaved rounds, servers in child processes)`,
  );
  const service = await startChild('service');
  let bare: Server | undefined;
  try {
    const sample = await fetch(`${service.url}${AVAILABILITY}`, { headers: { 'x-api-key': KEY } });
    const body = await sample.text();
    if (sample.status !== 200) throw new Error(`availability answered ${sample.status}: ${body}`);
    bare = await startChild('bare', { OMNISTOCK_BENCH_BODY: body });
    console.log(`\n## GET /v1/availability vs a bare Fastify endpoint (${body.length}-byte JSON body)`);
    const shares: number[] = [];
    const cpuShares: number[] = [];
    for (let round = 1; round <= ROUNDS; round++) {
      const limit: Row = {
        name: `round ${round}: bare Fastify GET, same JSON body`,
        ...(await load(bare, { url: `${bare.url}/bare` })),
      };
      const availability: Row = {
        name: `round ${round}: GET /v1/availability`,
        ...(await load(service, { url: `${service.url}${AVAILABILITY}`, headers: { 'x-api-key': KEY } })),
      };
      printRows(undefined, [limit, availability], limit);
      shares.push(ratioOf(availability, limit));
      if (limit.cpuPerRequest !== undefined && availability.cpuPerRequest !== undefined) {
        cpuShares.push(limit.cpuPerRequest / availability.cpuPerRequest);
      }
    }
    const share = median(shares);
    const percents = (xs: readonly number[]) => xs.map((x) => `${(x * 100).toFixed(0)}%`).join(', ');
    console.log(`  ratio per round: ${percents(shares)}; median ${(share * 100).toFixed(0)}%`);
    if (cpuShares.length > 0) {
      console.log(
        `  server CPU per request, bare ÷ availability, per round: ${percents(cpuShares)}; median ${(median(cpuShares) * 100).toFixed(0)}%`,
      );
    }
    console.log(
      `  target ≥ ${TARGET * 100}% of bare (median of ${ROUNDS}): ${(share * 100).toFixed(0)}% ${share >= TARGET ? '(met)' : '(NOT met)'}`,
    );

    let n = 0;
    const expiresAt = new Date(Date.now() + 3_600_000).toISOString();
    const reserve: Row = {
      name: 'POST /v1/reservations (1 line, new key each)',
      ...(await load(service, {
        url: `${service.url}/v1/reservations`,
        requests: [
          {
            setupRequest: (req) => ({
              ...req,
              method: 'POST',
              headers: {
                'content-type': 'application/json',
                'x-api-key': KEY,
                'idempotency-key': `bench-${process.pid}-${n++}`,
              },
              body: JSON.stringify({
                channel: 'ecommerce',
                lines: [{ sku: 'CAP-ONE', location: 'dc-1', qty: '1' }],
                expiresAt,
              }),
            }),
          },
        ],
      })),
    };
    printRows('POST /v1/reservations (SQLite file, in-process bus; no target)', [reserve]);
  } finally {
    await bare?.stop();
    await service.stop();
  }
}
