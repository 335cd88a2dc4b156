import type { Result } from '@omnistock/core';
import {
  CommitReservationRequestSchema,
  ExtendReservationRequestSchema,
  FulfilReservationRequestSchema,
  ReleaseReservationRequestSchema,
  TransferReservationRequestSchema,
} from '@omnistock/reservations';
import type { CommandOptions, InventoryService, ReservationResult } from '@omnistock/runtime';
import type { FastifyInstance } from 'fastify';
import type { z } from 'zod';
import type { AppContext } from '../internal/context';
import { principal } from '../internal/guard';
import { keyed, type Parsed, parse } from '../internal/operation';
import { commandValue, expectedVersion, idempotencyKey, sendReservation } from '../internal/reservation-http';
import { reservationInScope } from './reservations';

type Run<B> = (
  service: InventoryService,
  id: string,
  command: B & CommandOptions,
  principal: string,
) => Promise<Result<ReservationResult>>;

interface Command<S extends z.ZodType> {
  readonly name: 'commit' | 'release' | 'fulfil' | 'extend' | 'transfer';
  readonly operation: string;
  readonly schema: S;
  /** 422 for commands that can run short of stock or remaining quantity. */
  readonly statuses: readonly number[];
  readonly run: Run<Parsed<z.output<S>>>;
}

const BASE = [200, 400, 404, 409, 412];

const commands = [
  {
    name: 'commit',
    operation: 'commitReservation',
    schema: CommitReservationRequestSchema,
    statuses: BASE,
    run: (s, id, c, p) => s.commit(id, c, p),
  } satisfies Command<typeof CommitReservationRequestSchema>,
  {
    name: 'release',
    operation: 'releaseReservation',
    schema: ReleaseReservationRequestSchema,
    statuses: BASE,
    run: (s, id, c, p) => s.release(id, c, p),
  } satisfies Command<typeof ReleaseReservationRequestSchema>,
  {
    name: 'fulfil',
    operation: 'fulfilReservation',
    schema: FulfilReservationRequestSchema,
    statuses: [...BASE, 422],
    run: (s, id, c, p) => s.fulfil(id, c, p),
  } satisfies Command<typeof FulfilReservationRequestSchema>,
  {
    name: 'extend',
    operation: 'extendReservation',
    schema: ExtendReservationRequestSchema,
    statuses: BASE,
    run: (s, id, c, p) => s.extend(id, c, p),
  } satisfies Command<typeof ExtendReservationRequestSchema>,
  {
    name: 'transfer',
    operation: 'transferReservation',
    schema: TransferReservationRequestSchema,
    statuses: [...BASE, 422],
    run: (s, id, c, p) => s.transfer(id, c, p),
  } satisfies Command<typeof TransferReservationRequestSchema>,
];

/**
 * `POST /v1/reservations/{id}/{commit|release|fulfil|extend|transfer}`: the body validated by the
 * reservations wire schema, `Idempotency-Key` required, `If-Match` → expected version, the
 * reservation's channel within the caller's scope; answers the reservation with its new `ETag`.
 * @example
 * registerReservationCommands(app, ctx);
 */
export function registerReservationCommands(app: FastifyInstance, ctx: AppContext): void {
  for (const command of commands) register(app, ctx, command as Command<z.ZodType>);
}

function register(app: FastifyInstance, ctx: AppContext, command: Command<z.ZodType>): void {
  app.post<{ Params: { reservationId: string } }>(
    `/v1/reservations/:reservationId/${command.name}`,
    { config: keyed(command.operation, 'reserve', command.statuses) },
    async (request, reply) => {
      const who = principal(request);
      const body = parse(command.schema, request.body, 'body') as object;
      const key = idempotencyKey(request, who);
      const version = expectedVersion(request);
      const id = request.params.reservationId;
      await reservationInScope(ctx, who, id, 'reserve');
      const options = { idempotencyKey: key, ...(version !== undefined ? { expectedVersion: version } : {}) };
      const result = commandValue(await command.run(ctx.service, id, { ...body, ...options }, who.id));
      return sendReservation(reply, result, 200);
    },
  );
}
