import { existsSync, statSync } from 'node:fs';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { type Command, type Io, UsageError } from '../../command';
import { client, CONNECTION_OPTIONS, type Connection, connectionFrom } from '../../internal/api';
import { intFlag, positionalsExactly } from '../../internal/flags';
import { Progress } from '../../internal/progress';
import { table } from '../../internal/table';
import { runBaseline } from './baseline';
import { oversold } from './figures';
import { runOmnistock } from './omnistock';
import { type DemoResult, keyFigures, renderReport } from './report';
import { clock, key, scenario } from './scenario';
import { demoPositions, readPositions } from './service-io';
import { channelApis, openDay, opsOverview, releaseLeftovers } from './setup';
import { demoWorld } from './world';

const DEFAULT_OUT = 'omnistock-demo-report.html';

/**
 * `omnistock demo`: a seeded trading day against the running service over HTTP, the same demand
 * against a nightly-batch baseline, and a self-contained HTML report comparing the two.
 */
export const demoCommand: Command = {
  name: 'demo',
  summary: 'Play a seeded trading day against the service and compare it with a nightly batch sync',
  usage: [
    'omnistock demo [--url <url>] [--key <key>] [--out omnistock-demo-report.html] [--seed 42] [--hours 16] [--embedded]',
    '',
    'Plays one simulated trading day against the running service over HTTP (start it first with `npm start`,',
    'or pass --embedded to run one in-process on a free port with a temporary SQLite file): walk-in POS sales',
    'at the stores, ecommerce carts that hold, check out, run out or get emptied, marketplace orders, warehouse',
    'receipts (one malformed), a store whose POS goes offline for hours and whose batch arrives after a cycle',
    'count, and an ERP reconciliation at closing. The same customers are played against a nightly batch sync',
    'baseline (each channel sells against the 02:00 availability minus its own sales). Writes an HTML report',
    'with inline SVG plots (oversells, freshness of the figure sold against, positions out of sync, the',
    'reconciliation) and prints the key figures. The figures depend only on --seed and --hours.',
    '',
    'Every id the run sends starts with demo-<seed>-<start time in base 36>, and the day is dated after',
    'anything the service already holds for the demo positions, so runs never collide on a long-running service.',
    '',
    'Options:',
    '  --seed <n>       the seed of the day (default 42)',
    '  --hours <n>      simulated trading hours from 06:00, 1-24 (default 16)',
    `  --out <file>     where to write the report (default ${DEFAULT_OUT})`,
    '  --embedded       start a service in-process instead of using --url',
    '  --url <url>      the service (default $OMNISTOCK_URL or http://127.0.0.1:8080)',
    '  --key <key>      an admin key (default $OMNISTOCK_API_KEY or demo-admin); with demo-admin the web shop',
    '                   and the integrations use the demo keys demo-ecommerce and demo-ingest',
  ].join('\n'),
  options: {
    seed: { type: 'string' },
    hours: { type: 'string' },
    out: { type: 'string' },
    embedded: { type: 'boolean' },
    ...CONNECTION_OPTIONS,
  },
  async run({ values, positionals }, io) {
    positionalsExactly(positionals, 0, 'no arguments');
    const seed = intFlag(values, 'seed', 42, 0, 2 ** 31 - 1);
    const hours = intFlag(values, 'hours', 16, 1, 24);
    const out = resolve(io.cwd, (values.out as string | undefined) ?? DEFAULT_OUT);
    if (!existsSync(dirname(out)) || !statSync(dirname(out)).isDirectory()) {
      throw new UsageError(`--out: no such directory ${dirname(out)}`);
    }
    if (existsSync(out) && statSync(out).isDirectory()) throw new UsageError(`--out: ${out} is a directory`);
    const embedded = values.embedded === true;
    if (embedded && values.url !== undefined) throw new UsageError('give --url or --embedded, not both');
    const options = { seed, hours, out };
    if (!embedded) return play(connectionFrom(values, io.env ?? {}), false, options, io);

    const dir = await mkdtemp(join(tmpdir(), 'omnistock-demo-'));
    const { startService } = await import('@omnistock/service');
    const running = await startService({
      port: 0,
      host: '127.0.0.1',
      sqlitePath: join(dir, 'omnistock.db'),
      seed: true,
      logger: false,
      rateLimit: { limit: 1_000_000, windowMs: 60_000 },
      handleSignals: false,
    });
    try {
      const key = (values.key as string | undefined) ?? 'demo-admin';
      return await play({ url: running.url, key }, true, options, io);
    } finally {
      await running.close();
      await rm(dir, { recursive: true, force: true });
    }
  },
};

/** Plays the day against a reachable service, writes the report and prints the key figures. */
async function play(
  connection: Connection,
  embedded: boolean,
  options: { seed: number; hours: number; out: string },
  io: Io,
): Promise<number> {
  const started = Date.now();
  const ops = client(connection);
  const overview = await opsOverview(connection, embedded);
  const { demoCatalog } = await import('@omnistock/service');
  const catalog = demoCatalog();
  const missing = [
    ...catalog.items.map((i) => i.sku as string).filter((s) => !overview.catalog.skus.includes(s)),
    ...catalog.locations.map((l) => l.id as string).filter((l) => !overview.catalog.locations.includes(l)),
    ...catalog.channels.filter((c) => !overview.catalog.channels.includes(c)),
  ];
  if (missing.length > 0) {
    throw new Error(
      `the service at ${connection.url} does not serve the demo catalog (it lacks ${missing.slice(0, 5).join(', ')}): start it with \`npm start\` without --catalog, or use --embedded`,
    );
  }
  const before = await readPositions(
    ops,
    catalog.items.map((i) => i.sku as string),
  );
  const busy = new Set([...before.values()].filter((p) => p.incoming + p.inTransit > 0).map((p) => p.sku));
  const world = demoWorld(catalog, busy);
  if (typeof world === 'string') throw new Error(`the demo cannot run on this catalog: ${world}`);
  const day = scenario(options.seed, options.hours, world);
  const runId = `demo-${options.seed}-${started.toString(36)}`;
  const latest = Math.max(
    0,
    ...demoPositions(world).map((p) => Date.parse(before.get(key(p.sku, p.location))?.asOf ?? '') || 0),
  );
  const minute = 60_000;
  const t0 = Math.max(Math.ceil(started / minute) * minute, Math.ceil((latest + minute) / minute) * minute);
  const apis = channelApis(connection);
  await releaseLeftovers(connection, overview, world, io);

  io.err(
    `omnistock demo: run ${runId}, seed ${options.seed}, ${options.hours} simulated hours from ${new Date(t0).toISOString()}`,
  );
  const feed = await openDay(apis, world, day, runId, t0);
  const baseline = runBaseline(day, world, feed);
  const progress = new Progress(io);
  const omnistock = await runOmnistock({ apis, world, day, runId, t0 }, (t) =>
    progress.update(t / day.minutes, `${clock(t)} simulated`),
  );
  progress.done();
  const result: DemoResult = {
    seed: options.seed,
    hours: options.hours,
    runId,
    url: connection.url,
    embedded,
    opensAt: new Date(t0).toISOString(),
    world,
    day,
    baseline,
    omnistock,
  };
  await writeFile(options.out, renderReport(result));
  io.out(
    `omnistock demo: seed ${options.seed}, ${options.hours} simulated hours (${clock(0)}-${clock(day.minutes)}), run ${runId}`,
  );
  io.out(`against ${embedded ? 'an embedded service' : connection.url}; ids prefixed ${runId}-`);
  io.out('');
  for (const line of table(
    ['', 'nightly batch', 'omnistock'],
    keyFigures(result).map((f) => [f.label, f.baseline, f.omnistock]),
    new Set([1, 2]),
  )) {
    io.out(`  ${line}`);
  }
  io.out('');
  io.out(
    `omnistock sold against live availability and oversold ${oversold(omnistock.figures)} orders; the nightly batch sync oversold ${oversold(baseline)}.`,
  );
  io.out(`report: ${options.out}`);
  return 0;
}
