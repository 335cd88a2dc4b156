import type { FastifyInstance } from 'fastify';
import type { AppContext } from '../internal/context';
import { open } from '../internal/operation';

/**
 * `GET /metrics`: Prometheus text exposition 0.0.4 of the app's own registry. No key.
 * @example
 * registerMetrics(app, ctx);
 */
export function registerMetrics(app: FastifyInstance, ctx: AppContext): void {
  app.get('/metrics', { config: open('getMetrics') }, async (_request, reply) => {
    const text = await ctx.metrics.registry.metrics();
    return reply.type(ctx.metrics.registry.contentType).send(text);
  });
}
