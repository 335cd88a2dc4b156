import type { FastifyInstance } from 'fastify';
import type { AppContext } from '../internal/context';
import { open } from '../internal/operation';
import { refuse } from '../internal/problems';

/**
 * `GET /healthz` (liveness) and `GET /readyz` (store and bus answer). No key, not rate limited.
 * @example
 * registerHealth(app, ctx);
 */
export function registerHealth(app: FastifyInstance, ctx: AppContext): void {
  app.get('/healthz', { config: open('getHealth') }, async () => ({ status: 'ok', version: ctx.version }));

  app.get('/readyz', { config: open('getReadiness') }, async () => {
    const checks = await ctx.readiness();
    const failing = Object.entries(checks).filter(([, v]) => v !== 'ok');
    if (failing.length > 0) {
      refuse('STORE_UNAVAILABLE', `not ready: ${failing.map(([k, v]) => `${k} ${v}`).join('; ')}`, {
        checks,
      });
    }
    return { status: 'ok', checks };
  });
}
