import { ReservationIdSchema } from '@omnistock/core';
import { CreateReservationRequestSchema, type ReservationView } from '@omnistock/reservations';
import type { FastifyInstance } from 'fastify';
import { mayActFor } from '../internal/auth';
import type { AppContext } from '../internal/context';
import { principal, requireChannel } from '../internal/guard';
import { keyed, parse } from '../internal/operation';
import { refuse } from '../internal/problems';
import { commandValue, idempotencyKey, sendReservation } from '../internal/reservation-http';
import type { Principal, Role } from '../types';

/**
 * The reservation a caller names, refused as `404` when there is none (or the id cannot be one) and
 * `403` when its channel is outside the caller's scope.
 * @example
 * const view = await reservationInScope(ctx, who, 'res-1', 'read');
 */
export async function reservationInScope(
  ctx: AppContext,
  who: Principal,
  id: string,
  role: Role,
): Promise<ReservationView> {
  const view = ReservationIdSchema.safeParse(id).success ? await ctx.service.reservation(id) : undefined;
  if (!view) refuse('RESERVATION_NOT_FOUND', `no reservation ${id}`, { reservationId: id });
  if (!mayActFor(who, view.channel)) {
    refuse('FORBIDDEN', `key ${who.id} may not act for channel ${view.channel}`, {
      channel: view.channel,
      role,
    });
  }
  return view;
}

/**
 * `POST /v1/reservations` and `GET /v1/reservations/{reservationId}`.
 * @example
 * registerReservations(app, ctx);
 */
export function registerReservations(app: FastifyInstance, ctx: AppContext): void {
  app.post(
    '/v1/reservations',
    { config: keyed('createReservation', 'reserve', [201, 400, 404, 409, 422]) },
    async (request, reply) => {
      const who = principal(request);
      const body = parse(CreateReservationRequestSchema, request.body, 'body');
      const key = idempotencyKey(request, who);
      requireChannel(ctx, who, body.channel, 'reserve');
      const result = commandValue(await ctx.service.reserve({ ...body, idempotencyKey: key }, who.id));
      return sendReservation(reply, result, 201);
    },
  );

  app.get<{ Params: { reservationId: string } }>(
    '/v1/reservations/:reservationId',
    { config: keyed('getReservation', 'read', [200, 404]) },
    async (request, reply) => {
      const view = await reservationInScope(ctx, principal(request), request.params.reservationId, 'read');
      reply.header('ETag', `"${view.version}"`);
      return view;
    },
  );
}
