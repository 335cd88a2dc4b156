import { IngestBatchSchema } from '@omnistock/contracts';
import type { FastifyInstance } from 'fastify';
import type { AppContext } from '../internal/context';
import { principal } from '../internal/guard';
import { recordIngest, toEventResult } from '../internal/ingest-json';
import { keyed, must, parse } from '../internal/operation';
import { refuse } from '../internal/problems';

/** Events one batch may carry (OpenAPI v1 `IngestBatch.maxItems`). */
export const MAX_BATCH_EVENTS = 1000;

/**
 * `POST /v1/events`: a CloudEvents JSON batch, each event accepted, duplicate or quarantined on its
 * own; the key's principal is recorded on every event.
 * @example
 * registerEvents(app, ctx);
 */
export function registerEvents(app: FastifyInstance, ctx: AppContext): void {
  app.post(
    '/v1/events',
    { config: keyed('ingestEvents', 'ingest', [200, 400, 413]) },
    async (request, reply) => {
      if (Array.isArray(request.body) && request.body.length > MAX_BATCH_EVENTS) {
        refuse('PAYLOAD_TOO_LARGE', `at most ${MAX_BATCH_EVENTS} events per batch`);
      }
      const events = parse(IngestBatchSchema, request.body, 'batch');
      const who = principal(request);
      return ctx.replays.answer(request, reply, `${who.id}\u0000ingestEvents`, events, async () => {
        const received = ctx.now().getTime();
        const results = must(await ctx.service.ingest(events, who.id));
        recordIngest(ctx, events, results, received);
        const count = (s: string) => results.filter((r) => r.status === s).length;
        return {
          accepted: count('accepted'),
          duplicate: count('duplicate'),
          quarantined: count('quarantined'),
          results: results.map((r, i) => toEventResult(i, r)),
        };
      });
    },
  );
}
