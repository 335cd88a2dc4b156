import type { FastifyInstance } from 'fastify';
import { open } from '../internal/operation';
import { dashboardAssets, dashboardCsp } from './assets';

/**
 * Registers the operator dashboard's static routes (`/`, `/dashboard.js`, `/dashboard.css`) on the
 * app. No key is needed to load the page; the page itself calls `/ops/overview` and `/v1/*` with an
 * admin key taken from the URL fragment (`/#key=…`) or a form, kept in session storage.
 * @example
 * registerDashboard(app);
 */
export function registerDashboard(app: FastifyInstance): void {
  for (const asset of dashboardAssets) {
    app.get(asset.path, { config: open('getDashboard') }, async (req, reply) => {
      reply
        .header('cache-control', 'no-cache')
        .header('etag', asset.etag)
        .header('x-content-type-options', 'nosniff')
        .header('referrer-policy', 'no-referrer')
        .header('content-security-policy', dashboardCsp);
      if (req.headers['if-none-match'] === asset.etag) return reply.code(304).send();
      return reply.type(asset.contentType).send(asset.body);
    });
  }
}
