import { ReconciliationRequestSchema } from '@omnistock/contracts';
import { payloadHash } from '@omnistock/runtime';
import type { FastifyInstance } from 'fastify';
import type { AppContext } from '../internal/context';
import { principal } from '../internal/guard';
import { recordIngest } from '../internal/ingest-json';
import { keyed, must, parse } from '../internal/operation';
import { invalid, refuse } from '../internal/problems';
import { optionalKey } from '../internal/replays';
import { type ReportJson, toReportJson } from '../internal/report';

/** Snapshot lines one reconciliation may carry (OpenAPI v1 `ReconciliationRequest.lines.maxItems`). */
export const MAX_SNAPSHOT_LINES = 100_000;

/**
 * `POST /v1/reconciliations` (optional `Idempotency-Key`: the same key and body return the same
 * report and emit corrections once) and `GET /v1/reconciliations/{id}` (reports kept 30 days).
 * @example
 * registerReconciliations(app, ctx);
 */
export function registerReconciliations(app: FastifyInstance, ctx: AppContext): void {
  const inflight = new Map<string, Promise<ReportJson>>();

  app.post(
    '/v1/reconciliations',
    { config: keyed('createReconciliation', 'admin', [200, 400, 413]) },
    async (request) => {
      const raw = request.body as { lines?: unknown } | null;
      if (Array.isArray(raw?.lines) && raw.lines.length > MAX_SNAPSHOT_LINES) {
        refuse('PAYLOAD_TOO_LARGE', `at most ${MAX_SNAPSHOT_LINES} snapshot lines per reconciliation`);
      }
      const body = parse(ReconciliationRequestSchema, request.body, 'body');
      const who = principal(request);
      const key = optionalKey(request);
      if (key === undefined) return run(ctx, body, who.id);
      const scoped = `${who.id}:${key}`;
      const hash = payloadHash(body);
      const pending = inflight.get(scoped);
      if (pending) await pending.catch(() => undefined);
      const earlier = await ctx.reconciliations.replay(scoped, hash);
      if (earlier === 'conflict') {
        // The operation declares no 409: a reused key with another body is a bad request.
        invalid(['Idempotency-Key'], 'reused with a different body');
      }
      if (earlier) return earlier;
      const task = run(ctx, body, who.id, { key: scoped, hash });
      inflight.set(scoped, task);
      try {
        return await task;
      } finally {
        inflight.delete(scoped);
      }
    },
  );

  app.get<{ Params: { reconciliationId: string } }>(
    '/v1/reconciliations/:reconciliationId',
    { config: keyed('getReconciliation', 'admin', [200, 404]) },
    async (request) => {
      const id = request.params.reconciliationId;
      const report = await ctx.reconciliations.get(id);
      // v1 has no code of its own for a missing report: the spec's 404 codes are all "not found in
      // this service's records"; QUARANTINE_NOT_FOUND is the admin-side one (sent with 404, as the
      // problem-status invariant requires). The detail and `details` say what was looked for.
      if (!report) {
        refuse('QUARANTINE_NOT_FOUND', `no reconciliation report ${id} (reports are kept 30 days)`, {
          reconciliationId: id,
        });
      }
      return report;
    },
  );
}

async function run(
  ctx: AppContext,
  body: ReturnType<typeof ReconciliationRequestSchema.parse>,
  principalId: string,
  key?: { readonly key: string; readonly hash: string },
): Promise<ReportJson> {
  const received = ctx.now().getTime();
  const reconciled = await ctx.service.reconcile(
    { asOf: body.asOf, rows: body.lines },
    {
      ...(body.tolerance !== undefined ? { tolerance: body.tolerance } : {}),
      ...(body.emitCorrections !== undefined ? { emitCorrections: body.emitCorrections } : {}),
      source: body.source,
      principal: principalId,
    },
  );
  // the ledger names the snapshot's rows `rows`; the wire names them `lines`
  const path = reconciled.ok ? undefined : reconciled.error.path;
  const result = must(
    path?.[0] === 'rows' && !reconciled.ok
      ? { ok: false, error: { ...reconciled.error, path: ['lines', ...path.slice(1)] } }
      : reconciled,
  );
  recordIngest(ctx, result.report.corrections, result.corrections, received);
  const positions = await ctx.service.positions();
  const onHand = (sku: string, location: string) =>
    positions.find((p) => p.sku === sku && p.location === location)?.onHand ?? '0';
  const report = toReportJson(ctx.reconciliations.newId(), body.source, result, onHand);
  await ctx.reconciliations.keep(report, key);
  return report;
}
