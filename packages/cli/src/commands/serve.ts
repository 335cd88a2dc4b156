import { resolve } from 'node:path';
import { type Command, type Io, UsageError } from '../command';
import { readCatalogFile } from '../internal/catalog-file';
import { intFlag } from '../internal/flags';

const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;

/** `omnistock serve`: the reference HTTP service until SIGINT/SIGTERM. */
export const serveCommand: Command = {
  name: 'serve',
  summary: 'Run the reference HTTP service (OpenAPI v1) and the operator dashboard',
  usage: [
    'omnistock serve [--port 8080] [--host 127.0.0.1] [--db omnistock.db] [--catalog <file.json>] [--no-seed]',
    '',
    'Serves OpenAPI v1 (availability, reservations, event ingest, positions, quarantine, reconciliation),',
    '/metrics, /healthz, /readyz and the operator dashboard at /. Prints the URL, the dashboard link and the',
    'API keys; stops gracefully (drains requests, flushes the outbox) on SIGINT or SIGTERM.',
    '',
    'Options:',
    '  --port <n>           TCP port (default $PORT or 8080; 0 = any free port)',
    '  --host <addr>        interface to listen on (default 127.0.0.1)',
    '  --db <file>          the SQLite file (default omnistock.db in the current directory)',
    '  --catalog <file>     a JSON catalog {items, locations, groups, channels, policies, seedEvents?}',
    '                       (default the demo catalog: 10 skus, a DC and three stores, three channels)',
    "  --no-seed            do not ingest the seed events (the demo stock, or the catalog's seedEvents)",
    '  --log-level <level>  request and service logs on stderr: fatal, error, warn (default), info, debug',
    '',
    'Environment:',
    '  DATABASE_URL         postgres://... : use PostgreSQL instead of the SQLite file',
    '  NATS_URL             nats://...     : publish to NATS JetStream instead of the in-process bus',
    '  PORT                 the default port',
  ].join('\n'),
  options: {
    port: { type: 'string' },
    host: { type: 'string' },
    db: { type: 'string' },
    catalog: { type: 'string' },
    'no-seed': { type: 'boolean' },
    'log-level': { type: 'string' },
  },
  async run({ values, positionals }, io) {
    if (positionals.length > 0) throw new UsageError(`unexpected argument "${positionals[0]}"`);
    const env = io.env ?? {};
    const port =
      values.port !== undefined || !env.PORT
        ? intFlag(values, 'port', 8080, 0, 65535)
        : portFromEnv(env.PORT);
    const host = (values.host as string | undefined) ?? '127.0.0.1';
    if (host.trim() === '') throw new UsageError('--host: empty');
    const level = (values['log-level'] as string | undefined) ?? 'warn';
    if (!(LOG_LEVELS as readonly string[]).includes(level)) {
      throw new UsageError(`--log-level: "${level}" is not one of ${LOG_LEVELS.join(', ')}`);
    }
    const databaseUrl = env.DATABASE_URL || undefined;
    if (databaseUrl !== undefined && !/^postgres(ql)?:\/\//.test(databaseUrl)) {
      throw new UsageError('DATABASE_URL: expected a postgres:// or postgresql:// URL');
    }
    const natsUrl = env.NATS_URL || undefined;
    if (natsUrl !== undefined && !URL.canParse(natsUrl)) throw new UsageError('NATS_URL: not a URL');
    if (databaseUrl !== undefined && values.db !== undefined) {
      throw new UsageError('--db and DATABASE_URL both given: the store is either SQLite or PostgreSQL');
    }
    const catalogPath = values.catalog as string | undefined;
    const file =
      catalogPath === undefined
        ? undefined
        : await readCatalogFile(resolve(io.cwd, catalogPath), catalogPath);
    const seed = values['no-seed'] ? false : file ? (file.seedEvents ?? false) : true;
    const sqlitePath = resolve(io.cwd, (values.db as string | undefined) ?? 'omnistock.db');

    const { demoCatalog, demoKeys, startService } = await import('@omnistock/service');
    const { pino } = await import('pino');
    const catalog = file
      ? {
          items: file.items,
          locations: file.locations,
          groups: file.groups,
          channels: file.channels,
          policies: file.policies,
        }
      : demoCatalog();
    const keys = demoKeys();
    let running: Awaited<ReturnType<typeof startService>>;
    try {
      running = await startService({
        port,
        host,
        sqlitePath,
        ...(databaseUrl !== undefined ? { databaseUrl } : {}),
        ...(natsUrl !== undefined ? { natsUrl } : {}),
        catalog,
        keys,
        seed,
        logger: level === 'silent' ? false : pino({ level }, pino.destination(2)),
        handleSignals: false,
      });
    } catch (e) {
      throw new Error(startFailure(e, host, port));
    }
    const url = running.url;
    const seeded =
      seed === false
        ? 'not seeded'
        : seed === true
          ? 'seeded with the demo stock'
          : `seeded with ${seed.length} events`;
    io.out(`omnistock service listening on ${url}`);
    io.out(
      `  store      ${databaseUrl !== undefined ? `PostgreSQL ${redact(databaseUrl)}` : `SQLite ${sqlitePath}`}`,
    );
    io.out(`  bus        ${natsUrl !== undefined ? `NATS ${redact(natsUrl)}` : 'in-process'}`);
    io.out(
      `  catalog    ${file ? catalogPath : 'demo catalog'}: ${catalog.items.length} skus, ${catalog.locations.length} locations, ${catalog.groups.length} groups, channels ${catalog.channels.join(', ')} (${seeded})`,
    );
    const admin = keys.find((k) => k.roles.includes('admin'));
    if (admin) io.out(`  dashboard  ${url}/#key=${encodeURIComponent(admin.plaintext)}`);
    io.out(`  API        ${url}/v1/...  (X-Api-Key header; errors are application/problem+json)`);
    io.out('');
    io.out('Demo API keys (public: replace them outside a demo):');
    const width = Math.max(...keys.map((k) => k.plaintext.length));
    const roleWidth = Math.max(...keys.map((k) => k.roles.join(',').length));
    for (const k of keys) {
      const channels = k.channels === '*' ? 'all channels' : k.channels.join(', ');
      io.out(
        `  ${k.plaintext.padEnd(width)}  ${k.roles.join(',').padEnd(roleWidth)}  ${channels} — ${k.purpose}`,
      );
    }
    io.out('');
    io.out('Press Ctrl+C to stop.');
    const reason = await stopRequested(io);
    io.out(
      `${reason === 'abort' ? 'stop requested' : `received ${reason}`}: shutting down (draining requests, flushing the outbox)...`,
    );
    const hardStop = () => {
      io.err('second signal: exiting now');
      process.exit(1);
    };
    if (reason !== 'abort') {
      process.once('SIGINT', hardStop);
      process.once('SIGTERM', hardStop);
    }
    try {
      await running.close();
    } finally {
      process.off('SIGINT', hardStop);
      process.off('SIGTERM', hardStop);
    }
    io.out('omnistock service stopped');
    return 0;
  },
};

function portFromEnv(text: string): number {
  if (!/^\d+$/.test(text) || Number(text) > 65535)
    throw new UsageError(`PORT: "${text}" is not a port number`);
  return Number(text);
}

/** Resolves with the signal name (or `abort`) that asks the service to stop. */
function stopRequested(io: Io): Promise<string> {
  return new Promise((done) => {
    const finish = (why: string) => {
      process.off('SIGINT', onInt);
      process.off('SIGTERM', onTerm);
      io.signal?.removeEventListener('abort', onAbort);
      done(why);
    };
    const onInt = () => finish('SIGINT');
    const onTerm = () => finish('SIGTERM');
    const onAbort = () => finish('abort');
    process.on('SIGINT', onInt);
    process.on('SIGTERM', onTerm);
    if (io.signal?.aborted) return finish('abort');
    io.signal?.addEventListener('abort', onAbort, { once: true });
  });
}

function redact(url: string): string {
  try {
    const u = new URL(url);
    if (u.password !== '') u.password = '***';
    return u.toString();
  } catch {
    return '(unparsable URL)';
  }
}

function startFailure(e: unknown, host: string, port: number): string {
  const code = (e as NodeJS.ErrnoException).code;
  if (code === 'EADDRINUSE')
    return `cannot listen on ${host}:${port}: the port is in use (pick another with --port)`;
  if (code === 'EACCES') return `cannot listen on ${host}:${port}: permission denied`;
  if (code === 'EADDRNOTAVAIL') return `cannot listen on ${host}: no such local address`;
  const message = e instanceof Error ? e.message : String(e);
  return `the service did not start: ${message.split('\n')[0]}`;
}
