import { LocationIdSchema, SkuSchema, type StockPositionJson } from '@omnistock/core';
import type { FastifyInstance } from 'fastify';
import type { AppContext } from '../internal/context';
import { keyed, parse } from '../internal/operation';
import { invalid, refuse } from '../internal/problems';
import { decodeCursor, encodeCursor, PositionsQuery } from '../internal/queries';

const after = (p: StockPositionJson, key: { s: string; l: string }) =>
  p.sku > key.s || (p.sku === key.s && p.location > key.l);

/**
 * `GET /v1/positions` (filtered, sku then location, cursor pages) and `GET /v1/positions/{sku}/{location}`.
 * @example
 * registerPositions(app, ctx);
 */
export function registerPositions(app: FastifyInstance, ctx: AppContext): void {
  app.get('/v1/positions', { config: keyed('listPositions', 'read', [200, 400]) }, async (request) => {
    const q = parse(PositionsQuery, request.query, 'query');
    let key: { s: string; l: string } | undefined;
    if (q.cursor !== undefined) {
      const c = decodeCursor(q.cursor);
      if (typeof c?.s !== 'string' || typeof c.l !== 'string') {
        invalid(['cursor'], 'not a cursor of this listing');
      }
      key = { s: c.s, l: c.l };
    }
    const limit = q.limit ?? 100;
    const rows = (await ctx.service.positions(q.sku)).filter(
      (p) => (q.location === undefined || p.location === q.location) && (key === undefined || after(p, key)),
    );
    const items = rows.slice(0, limit);
    const last = items.at(-1);
    return {
      items,
      ...(rows.length > limit && last ? { nextCursor: encodeCursor({ s: last.sku, l: last.location }) } : {}),
    };
  });

  app.get<{ Params: { sku: string; location: string } }>(
    '/v1/positions/:sku/:location',
    { config: keyed('getPosition', 'read', [200, 404]) },
    async (request) => {
      const { sku, location } = request.params;
      const valid = SkuSchema.safeParse(sku).success && LocationIdSchema.safeParse(location).success;
      const found = valid
        ? (await ctx.service.positions(sku)).find((p) => p.location === location)
        : undefined;
      if (found) return found;
      const catalog = ctx.catalog;
      if (!valid || !catalog?.items.some((i) => i.sku === sku)) {
        refuse('ITEM_UNKNOWN', `no item with sku "${sku}"`, { sku });
      }
      if (!catalog.locations.some((l) => l.id === location)) {
        refuse('LOCATION_UNKNOWN', `no location "${location}"`, { location });
      }
      return {
        sku,
        location,
        onHand: '0',
        damaged: '0',
        qualityControl: '0',
        committed: '0',
        reserved: '0',
        incoming: [],
        inTransit: [],
        asOf: null,
      };
    },
  );
}
