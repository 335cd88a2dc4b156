import type { OmnistockClient } from '@omnistock/service/client';
import { expectData } from '../../internal/api';
import type { DemoEvent } from './events';
import { type DemoWorld, key } from './scenario';

/** The service as the demo's actors reach it, each with its own key. */
export interface DemoApis {
  /** The operator: positions, the nightly feed, reconciliation. */
  readonly ops: OmnistockClient;
  /** The web shop (ecommerce carts). */
  readonly web: OmnistockClient;
  /** The marketplace integration (orders). */
  readonly marketplace: OmnistockClient;
  /** POS, WMS and ERP integrations (CloudEvents). */
  readonly integrations: OmnistockClient;
}

/**
 * The ISO time of minute `t` of a day that opens at `t0` (epoch ms).
 * @example
 * timeOf(Date.parse('2026-12-04T06:00:00Z'), 90); // '2026-12-04T07:30:00.000Z'
 */
export function timeOf(t0: number, t: number): string {
  return new Date(t0 + t * 60_000).toISOString();
}

/** The positions the demo trades in. */
export function demoPositions(world: DemoWorld): { sku: string; location: string }[] {
  const locations = [world.warehouse, ...world.stores];
  return world.skus.flatMap((sku) => locations.map((location) => ({ sku, location })));
}

/** Posts CloudEvents and keeps count; a quarantined event is recorded with its reason. */
export class Ingest {
  readonly totals = { accepted: 0, duplicate: 0, quarantined: 0 };
  readonly quarantined: { id: string; code: string; message: string }[] = [];

  constructor(private readonly api: OmnistockClient) {}

  async send(events: readonly DemoEvent[]): Promise<void> {
    for (let i = 0; i < events.length; i += 500) {
      const chunk = events.slice(i, i + 500);
      const r = expectData(await this.api.POST('/v1/events', { body: chunk }));
      this.totals.accepted += r.accepted;
      this.totals.duplicate += r.duplicate;
      this.totals.quarantined += r.quarantined;
      for (const e of r.results) {
        if (e.status === 'quarantined') {
          this.quarantined.push({
            id: e.id ?? chunk[e.index]?.id ?? '?',
            code: e.reason?.code ?? 'EVENT_INVALID',
            message: e.reason?.message ?? '',
          });
        }
      }
    }
  }
}

/** What the demo reads of a position. */
export interface PositionSummary {
  readonly sku: string;
  readonly onHand: string;
  readonly reserved: string;
  readonly committed: string;
  /** Open purchase-order lots and transfers under way. */
  readonly incoming: number;
  readonly inTransit: number;
  readonly asOf: string | null;
}

/** Every page of `GET /v1/positions`, kept for the given skus, as `sku|location` → position. */
export async function readPositions(
  api: OmnistockClient,
  skus: readonly string[],
): Promise<Map<string, PositionSummary>> {
  const wanted = new Set(skus);
  const out = new Map<string, PositionSummary>();
  let cursor: string | undefined;
  do {
    const page = expectData(
      await api.GET('/v1/positions', { params: { query: { limit: 1000, ...(cursor ? { cursor } : {}) } } }),
    );
    for (const p of page.items) {
      if (!wanted.has(p.sku)) continue;
      out.set(key(p.sku, p.location), {
        sku: p.sku,
        onHand: p.onHand,
        reserved: p.reserved,
        committed: p.committed,
        incoming: p.incoming.length,
        inTransit: p.inTransit.length,
        asOf: p.asOf,
      });
    }
    cursor = page.nextCursor;
  } while (cursor !== undefined);
  return out;
}
