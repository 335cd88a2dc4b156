import type { FastifyInstance } from 'fastify';
import type { AppContext } from '../internal/context';
import { principal, requireChannel } from '../internal/guard';
import { keyed, must, parse, parseQuery } from '../internal/operation';
import { refuse } from '../internal/problems';
import {
  AvailabilityBatchBody,
  AvailabilityQuery,
  NetworkAvailabilityQuery,
  TimePhasedQuery,
} from '../internal/queries';

/** Results one batch may ask for (skus × locations); more is `413`. */
export const MAX_BATCH_RESULTS = 100_000;

/**
 * The availability operations: one location, a group, a batch, time-phased.
 * @example
 * registerAvailability(app, ctx);
 */
export function registerAvailability(app: FastifyInstance, ctx: AppContext): void {
  app.get(
    '/v1/availability',
    { config: keyed('getAvailability', 'read', [200, 400, 404]) },
    async (request) => {
      const q = parseQuery(AvailabilityQuery, request);
      requireChannel(ctx, principal(request), q.channel, 'read');
      return must(await ctx.service.availability(q));
    },
  );

  app.get(
    '/v1/availability/network',
    { config: keyed('getNetworkAvailability', 'read', [200, 400, 404]) },
    async (request) => {
      const q = parseQuery(NetworkAvailabilityQuery, request);
      requireChannel(ctx, principal(request), q.channel, 'read');
      return must(await ctx.service.availability(q));
    },
  );

  app.post(
    '/v1/availability/batch',
    { config: keyed('queryAvailabilityBatch', 'read', [200, 400, 404, 413]) },
    async (request) => {
      const raw = request.body as { skus?: unknown; locations?: unknown } | null;
      const skus = Array.isArray(raw?.skus) ? raw.skus.length : 0;
      const locations = Array.isArray(raw?.locations) ? raw.locations.length : 0;
      if (skus > 100_000 || locations > 1000 || skus * locations > MAX_BATCH_RESULTS) {
        refuse(
          'PAYLOAD_TOO_LARGE',
          `at most 100000 skus, 1000 locations and ${MAX_BATCH_RESULTS} sku × location results per batch`,
        );
      }
      const body = parse(AvailabilityBatchBody, request.body, 'body');
      requireChannel(ctx, principal(request), body.channel, 'read');
      const { type: _type, ...query } = body;
      return { results: must(await ctx.service.batchAvailability(query)) };
    },
  );

  app.get(
    '/v1/availability/time-phased',
    { config: keyed('getTimePhasedAvailability', 'read', [200, 400, 404]) },
    async (request) => {
      const q = parseQuery(TimePhasedQuery, request);
      requireChannel(ctx, principal(request), q.channel, 'read');
      return must(await ctx.service.timePhased(q));
    },
  );
}
