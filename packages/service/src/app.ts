import Fastify, { type FastifyInstance } from 'fastify';
import { registerDashboard } from './dashboard/index';
import { KeyRing } from './internal/auth';
import type { AppContext } from './internal/context';
import { FreshnessTracker } from './internal/freshness';
import { installGuard } from './internal/guard';
import { ServiceMetrics } from './internal/metrics';
import { conform, notFound, PROBLEM_JSON, problemOfThrown } from './internal/problems';
import { FixedWindowLimiter } from './internal/rate-limit';
import { defaultReadiness } from './internal/readiness';
import { ReconciliationLog } from './internal/reconciliations';
import { ReplayLog } from './internal/replays';
import { registerAvailability } from './routes/availability';
import { registerEvents } from './routes/events';
import { registerHealth } from './routes/health';
import { registerMetrics } from './routes/metrics';
import { registerOverview } from './routes/overview';
import { registerPositions } from './routes/positions';
import { registerQuarantine } from './routes/quarantine';
import { registerReconciliations } from './routes/reconciliations';
import { registerReservationCommands } from './routes/reservation-commands';
import { registerReservations } from './routes/reservations';
import type { AppOptions } from './types';
import { SERVICE_VERSION } from './version';

const MIB = 1_048_576;

function fastifyLogger(logger: AppOptions['logger']) {
  if (logger === false) return { logger: false };
  if (logger) return { loggerInstance: logger };
  return { logger: { level: 'info' } };
}

/**
 * Builds the reference HTTP service (OpenAPI v1) on Fastify over an `InventoryService`: every v1
 * operation, API keys with roles and channel scopes, per-key rate limits, RFC 9457 problem documents
 * for every error, `/healthz`, `/readyz`, `/metrics`, `/ops/overview` and the operator dashboard.
 * The app is not listening yet: call `app.listen()` (or use `startService`); `app.close()` drains
 * in-flight requests.
 * @example
 * const app = await createApp({ service, store, keys: demoKeys().map((k) => k.entry), logger: false });
 * await app.listen({ port: 8080 });
 */
export async function createApp(options: AppOptions): Promise<FastifyInstance> {
  const clock = options.clock;
  const now = clock ?? (() => new Date());
  // the per-request rate limiter reads the clock: no Date object for the system clock
  const ms = clock ? () => clock().getTime() : Date.now;
  const app = Fastify({
    ...fastifyLogger(options.logger),
    bodyLimit: options.bodyLimit ?? MIB,
    routerOptions: { maxParamLength: 512 },
    return503OnClosing: false,
    forceCloseConnections: 'idle',
  }) as unknown as FastifyInstance;

  const ctx: AppContext = {
    service: options.service,
    store: options.store,
    bus: options.bus,
    catalog: options.catalog,
    keys: new KeyRing(options.keys),
    entries: options.keys,
    rateLimit: options.rateLimit ?? { limit: 600, windowMs: 60_000 },
    limiter: new FixedWindowLimiter(ms),
    freshness: new FreshnessTracker(ms),
    reconciliations: new ReconciliationLog(ms, options.store),
    replays: new ReplayLog(ms),
    metrics: new ServiceMetrics(() => ctx),
    ingestTotals: { accepted: 0, duplicate: 0, quarantined: 0 },
    version: options.version ?? SERVICE_VERSION,
    now,
    readiness: options.readiness ?? (() => defaultReadiness(options)),
  };
  if (options.store) await ctx.freshness.seed(options.store);
  await ctx.reconciliations.seed();

  app.addContentTypeParser(
    'application/cloudevents-batch+json',
    { parseAs: 'string' },
    app.getDefaultJsonParser('error', 'error'),
  );

  let closing = false;
  app.addHook('preClose', async () => {
    closing = true;
  });
  installGuard(app, ctx, () => closing);
  // A response finished while closing ends its keep-alive connection, so close() need not wait for it.
  // (Callback hooks: neither does I/O, so neither needs a promise per request.)
  app.addHook('onSend', (_request, reply, payload, done) => {
    if (closing) reply.header('Connection', 'close');
    done(null, payload);
  });

  app.addHook('onResponse', (request, reply, done) => {
    ctx.metrics.requestDuration.observe(
      { method: request.method, route: request.routePattern, status: String(reply.statusCode) },
      reply.elapsedTime / 1000,
    );
    done();
  });

  app.setErrorHandler((error, request, reply) => {
    const { problem, headers, unexpected } = problemOfThrown(error, request.id);
    if (unexpected) request.log.error({ err: error }, 'request failed');
    const p = conform(problem, request.routeOptions.config.omnistock?.statuses);
    return reply.status(p.status).headers(headers).type(PROBLEM_JSON).send(p);
  });

  app.setNotFoundHandler(async (request) =>
    notFound(`no route ${request.method} ${request.url.split('?')[0]}`),
  );

  registerHealth(app, ctx);
  registerMetrics(app, ctx);
  registerAvailability(app, ctx);
  registerReservations(app, ctx);
  registerReservationCommands(app, ctx);
  registerEvents(app, ctx);
  registerPositions(app, ctx);
  registerQuarantine(app, ctx);
  registerReconciliations(app, ctx);
  registerOverview(app, ctx);
  if (options.dashboard !== false) registerDashboard(app);
  return app;
}
