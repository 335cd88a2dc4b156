import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { Principal, Role } from '../types';
import { mayActFor } from './auth';
import type { AppContext } from './context';
import { refuse } from './problems';

/** The route label of a request no route matched. */
export const UNMATCHED = 'unmatched';

/** Whether a request is rate limited: every `/v1` request and every keyed route. */
function limited(request: FastifyRequest, role: Role | undefined): boolean {
  return request.url.startsWith('/v1/') || request.url === '/v1' || role !== undefined;
}

function header(request: FastifyRequest, name: string): string | undefined {
  const v = request.headers[name];
  return Array.isArray(v) ? v[0] : v;
}

/**
 * Installs the per-request guard: rate limit (per key, or per client IP without a valid key) with
 * `RateLimit-*` headers, then authentication (`X-Api-Key`) and the route's role.
 * @example
 * installGuard(app, ctx, () => closing);
 */
export function installGuard(app: FastifyInstance, ctx: AppContext, isClosing: () => boolean): void {
  app.decorateRequest('principal', null);
  app.decorateRequest('routePattern', UNMATCHED);
  // A callback hook: the guard does no I/O, so it answers without a promise per request.
  app.addHook('onRequest', (request, reply, done) => {
    try {
      guard(ctx, request, reply, isClosing);
    } catch (error) {
      done(error as Error);
      return;
    }
    done();
  });
}

/** The guard of one request: throws the refusal, else sets the principal on keyed routes. */
function guard(
  ctx: AppContext,
  request: FastifyRequest,
  reply: FastifyReply,
  isClosing: () => boolean,
): void {
  // `routeOptions` builds a new object on every access: read it once (the route pattern is kept
  // for the request-duration histogram)
  const options = request.routeOptions;
  request.routePattern = options.url ?? UNMATCHED;
  if (isClosing()) {
    reply.header('Connection', 'close');
    refuse('STORE_UNAVAILABLE', 'the service is shutting down; retry on another instance');
  }
  const role = options.config.omnistock?.role;
  if (!limited(request, role)) return;
  const known = ctx.keys.find(header(request, 'x-api-key'));
  const entry = known?.entry;
  const bucket = known ? known.bucket : `ip:${request.ip}`;
  const decision = ctx.limiter.take(bucket, entry?.rateLimit ?? ctx.rateLimit);
  reply.header('RateLimit-Limit', String(decision.limit));
  reply.header('RateLimit-Remaining', String(decision.remaining));
  reply.header('RateLimit-Reset', String(decision.resetSeconds));
  if (!decision.allowed) {
    reply.header('Retry-After', String(decision.resetSeconds));
    const windowS = Math.round((entry?.rateLimit ?? ctx.rateLimit).windowMs / 1000);
    refuse('RATE_LIMITED', `${decision.limit} requests per ${windowS} s exceeded`);
  }
  if (role === undefined) return;
  if (!known) {
    refuse(
      'UNAUTHENTICATED',
      header(request, 'x-api-key') === undefined
        ? 'an X-Api-Key header is required'
        : 'the API key is not known',
    );
  }
  request.principal = known.principal;
  authorize(request.principal, role);
}

/**
 * Refuses a principal without the role.
 * @example
 * authorize(principal, 'admin'); // throws 403 FORBIDDEN without it
 */
export function authorize(principal: Principal, role: Role): void {
  if (!principal.roles.has(role)) refuse('FORBIDDEN', `key ${principal.id} lacks the ${role} role`, { role });
}

/**
 * The request's principal (set by the guard on keyed routes).
 * @example
 * const who = principal(request);
 */
export function principal(request: FastifyRequest): Principal {
  if (!request.principal) throw new Error('principal() on a route without a role');
  return request.principal;
}

/**
 * Refuses a channel outside the principal's scope (`403`, naming the channel and the role the
 * operation needs) or unknown to the catalog (`404 CHANNEL_UNKNOWN`).
 * @example
 * requireChannel(ctx, who, body.channel, 'reserve');
 */
export function requireChannel(ctx: AppContext, who: Principal, channel: string, role: Role): void {
  if (!mayActFor(who, channel)) {
    refuse('FORBIDDEN', `key ${who.id} may not act for channel ${channel}`, { channel, role });
  }
  if (ctx.catalog && !ctx.catalog.channels.includes(channel)) {
    refuse('CHANNEL_UNKNOWN', `no channel "${channel}"`, { channel });
  }
}
