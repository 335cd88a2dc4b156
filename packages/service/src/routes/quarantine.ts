import { type components, ResubmitRequestSchema } from '@omnistock/contracts';
import { EventIdSchema, isErrorCode, SourceIdSchema } from '@omnistock/core';
import type { QuarantineRecord } from '@omnistock/runtime';
import type { FastifyInstance } from 'fastify';
import type { AppContext } from '../internal/context';
import { principal } from '../internal/guard';
import { recordIngest, toEventResult } from '../internal/ingest-json';
import { keyed, must, parse } from '../internal/operation';
import { invalid, refuse } from '../internal/problems';
import { decodeCursor, encodeCursor, QuarantineQuery } from '../internal/queries';

type EntryJson = components['schemas']['QuarantineEntry'];

function entryJson(r: QuarantineRecord): EntryJson {
  const raw = r.raw as { source?: unknown; id?: unknown } | null;
  const source = SourceIdSchema.safeParse(raw?.source);
  const eventId = EventIdSchema.safeParse(raw?.id);
  return {
    quarantineId: String(r.id),
    receivedAt: r.receivedAt,
    ...(source.success ? { source: source.data } : {}),
    ...(eventId.success ? { eventId: eventId.data } : {}),
    reason: {
      code: isErrorCode(r.reasonCode) ? r.reasonCode : 'EVENT_INVALID',
      message: r.message,
      ...(r.path ? { path: [...r.path] } : {}),
    },
    event: r.raw,
    ...(r.principal !== null ? { principal: r.principal } : {}),
    resubmissions: r.resubmissions,
  };
}

/** The open entry a path names (`404` when there is none, or the id cannot be one). */
async function openEntry(ctx: AppContext, id: string): Promise<QuarantineRecord> {
  const n = /^[1-9]\d{0,15}$/.test(id) ? Number(id) : Number.NaN;
  const entry = Number.isNaN(n) ? undefined : (await ctx.service.quarantine()).find((q) => q.id === n);
  if (!entry) refuse('QUARANTINE_NOT_FOUND', `no open quarantine entry ${id}`, { quarantineId: id });
  return entry;
}

/**
 * The quarantine operations (admin): list newest first, read one, re-submit.
 * @example
 * registerQuarantine(app, ctx);
 */
export function registerQuarantine(app: FastifyInstance, ctx: AppContext): void {
  app.get('/v1/quarantine', { config: keyed('listQuarantine', 'admin', [200, 400]) }, async (request) => {
    const q = parse(QuarantineQuery, request.query, 'query');
    let before: number | undefined;
    if (q.cursor !== undefined) {
      const c = decodeCursor(q.cursor);
      if (typeof c?.q !== 'number') invalid(['cursor'], 'not a cursor of this listing');
      before = c.q;
    }
    const limit = q.limit ?? 100;
    const rows = (await ctx.service.quarantine())
      .filter((r) => before === undefined || r.id < before)
      .sort((a, b) => b.id - a.id)
      .map((r) => entryJson(r))
      .filter(
        (e) =>
          (q.code === undefined || e.reason.code === q.code) &&
          (q.source === undefined || e.source === q.source),
      );
    const items = rows.slice(0, limit);
    const last = items.at(-1);
    return {
      items,
      ...(rows.length > limit && last ? { nextCursor: encodeCursor({ q: Number(last.quarantineId) }) } : {}),
    };
  });

  app.get<{ Params: { quarantineId: string } }>(
    '/v1/quarantine/:quarantineId',
    { config: keyed('getQuarantineEntry', 'admin', [200, 404]) },
    async (request) => entryJson(await openEntry(ctx, request.params.quarantineId)),
  );

  app.post<{ Params: { quarantineId: string } }>(
    '/v1/quarantine/:quarantineId/resubmit',
    { config: keyed('resubmitQuarantineEntry', 'admin', [200, 400, 404]) },
    async (request, reply) => {
      const body = parse(ResubmitRequestSchema, request.body, 'body');
      const who = principal(request).id;
      const id = request.params.quarantineId;
      // a retry after a lost response reads the first answer, not 404 for the entry it closed
      return ctx.replays.answer(request, reply, `${who}\u0000resubmit\u0000${id}`, body, async () => {
        const entry = await openEntry(ctx, id);
        const received = ctx.now().getTime();
        const result = must(await ctx.service.resubmit(entry.id, body.event, who));
        recordIngest(ctx, [body.event ?? entry.raw], [result], received);
        return toEventResult(0, result);
      });
    },
  );
}
