import type { OmnistockErrorData, Result } from '@omnistock/core';
import type { ReservationResult } from '@omnistock/runtime';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { Principal } from '../types';
import { must } from './operation';
import { HttpRefusal } from './problems';

function single(request: FastifyRequest, name: string): string | undefined {
  const v = request.headers[name];
  return Array.isArray(v) ? v.join(', ') : v;
}

function badHeader(name: string, message: string): never {
  throw new HttpRefusal({
    code: 'VALIDATION_FAILED',
    message: `${name}: ${message}`,
    issues: [{ code: 'VALIDATION_FAILED', path: [name], message }],
  });
}

/**
 * The `Idempotency-Key` header (1–256 characters), scoped to the caller: two keys' principals never
 * share idempotency records. Missing → `400` (the commands require it).
 * @example
 * idempotencyKey(request, who); // 'key:ecommerce-web:cart-77'
 */
export function idempotencyKey(request: FastifyRequest, who: Principal): string {
  const key = single(request, 'idempotency-key');
  if (key === undefined || key.length === 0) badHeader('Idempotency-Key', 'the header is required');
  if (key.length > 256) badHeader('Idempotency-Key', 'at most 256 characters');
  return `${who.id}:${key}`;
}

const STRONG_ETAG = /^"([1-9]\d{0,15})"$/;

/**
 * The version `If-Match` names (`"3"`), undefined when absent or `*`; anything else is `400`.
 * @example
 * expectedVersion(request); // 3 for If-Match: "3"
 */
export function expectedVersion(request: FastifyRequest): number | undefined {
  const v = single(request, 'if-match')?.trim();
  if (v === undefined || v === '*') return undefined;
  const m = STRONG_ETAG.exec(v);
  const n = m ? Number(m[1]) : Number.NaN;
  if (!Number.isSafeInteger(n)) badHeader('If-Match', 'expected one strong entity tag such as "3", or *');
  return n;
}

/**
 * Sends a reservation with its `ETag` and `Idempotent-Replayed`.
 * @example
 * return sendReservation(reply, result, 201);
 */
export function sendReservation(reply: FastifyReply, result: ReservationResult, status: 200 | 201) {
  const view = result.reservation;
  reply.header('ETag', `"${view.version}"`);
  reply.header('Idempotent-Replayed', String(result.replayed));
  if (status === 201) reply.header('Location', `/v1/reservations/${encodeURIComponent(view.id)}`);
  return reply.status(status).send(view);
}

/**
 * The result's value, or its error as a refusal; an idempotency conflict is reworded without the
 * internal scoped key (`Idempotency-Key reused with a different lines[0].qty`).
 * @example
 * const result = commandValue(await service.commit(id, command, who.id));
 */
export function commandValue<T>(result: Result<T>): T {
  return must(result.ok ? result : { ok: false, error: reword(result.error) });
}

function reword(error: OmnistockErrorData): OmnistockErrorData {
  if (error.code !== 'IDEMPOTENCY_CONFLICT') return error;
  const field = typeof error.details?.field === 'string' ? error.details.field : 'body';
  return {
    code: error.code,
    message: `Idempotency-Key reused with a different ${field}`,
    details: { field },
  };
}
