import type { FastifyInstance } from 'fastify';
import type { AppContext } from '../internal/context';
import { keyed } from '../internal/operation';
import { deadLetters, liveReservations, oversold } from '../internal/ops';
import type { OpsOverview } from '../types';

/** Reservations and dead letters the overview lists at most. */
const LISTED = 200;

/** The overview's pickers: the catalog when the app has it, else what the positions name. */
async function catalogOf(ctx: AppContext): Promise<OpsOverview['catalog']> {
  const c = ctx.catalog;
  if (c) {
    return {
      skus: c.items.map((i) => i.sku),
      locations: c.locations.map((l) => l.id),
      groups: c.groups.map((g) => g.id),
      channels: [...c.channels],
    };
  }
  const positions = await ctx.service.positions();
  return {
    skus: [...new Set(positions.map((p) => p.sku))],
    locations: [...new Set(positions.map((p) => p.location))].sort(),
    groups: [],
    channels: [],
  };
}

/**
 * `GET /ops/overview` (admin key): the operator dashboard's first screen. Not part of v1: an internal
 * endpoint of the reference service whose shape is `OpsOverview`.
 * @example
 * registerOverview(app, ctx);
 */
export function registerOverview(app: FastifyInstance, ctx: AppContext): void {
  app.get(
    '/ops/overview',
    { config: keyed('getOpsOverview', 'admin', [200]) },
    async (): Promise<OpsOverview> => {
      const [quarantine, letters, over, live, catalog] = await Promise.all([
        ctx.service.quarantine(),
        deadLetters(ctx.bus),
        oversold(ctx.service),
        ctx.store ? liveReservations(ctx.store, LISTED) : undefined,
        catalogOf(ctx),
      ]);
      const last = ctx.reconciliations.last();
      return {
        generatedAt: ctx.now().toISOString(),
        sources: ctx.freshness.snapshot(),
        ingest: { ...ctx.ingestTotals },
        quarantine: { size: quarantine.length },
        deadLetters: {
          count: letters.length,
          items: letters.slice(-LISTED).map((d) => ({
            eventId: d.event.id,
            type: d.event.type,
            deliveries: d.deliveries,
            reason: d.error,
          })),
        },
        reservations: {
          live: live ? live.byState.held + live.byState.committed : 0,
          items: live?.newest ?? [],
        },
        reconciliation: { ...(last ? { last } : {}), exceptions: last?.exceptions.length ?? 0 },
        oversold: { count: over.length, positions: over },
        catalog,
      };
    },
  );
}
