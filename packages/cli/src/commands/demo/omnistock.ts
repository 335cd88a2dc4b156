import type { OmnistockClient } from '@omnistock/service/client';
import { expectData } from '../../internal/api';
import { allocate } from './allocate';
import { cloudEvent, type DemoEvent } from './events';
import { emptyFigures, type OnlineChannel, type WorldFigures } from './figures';
import { type Action, key, type Scenario, type DemoWorld } from './scenario';
import { type DemoApis, demoPositions, Ingest, readPositions, timeOf } from './service-io';
import { Shelf } from './shelf';

/** Where the day is played: ids, times and the service. */
export interface DayContext {
  readonly apis: DemoApis;
  readonly world: DemoWorld;
  readonly day: Scenario;
  /** Prefix of every id the run sends (events, reservations, idempotency keys). */
  readonly runId: string;
  /** The instant the day opens (epoch ms): minute `t` of the day is `t0 + t` minutes. */
  readonly t0: number;
}

/** What the omnistock run reports besides the common figures. */
export interface OmnistockOutcome {
  readonly figures: WorldFigures;
  readonly events: { accepted: number; duplicate: number; quarantined: number };
  readonly quarantined: { id: string; code: string; message: string }[];
  /** POS sales buffered during the outage, and how many of them the count had already absorbed. */
  readonly outageBatch: { events: number; beforeCount: number };
  readonly reconciliation: {
    readonly id: string;
    readonly exceptions: readonly {
      sku: string;
      location: string;
      erp: string;
      omnistock: string;
      difference: string;
    }[];
    readonly corrections: number;
    readonly outOfSyncAfter: number;
  };
}

const HOLD_MINUTES = { ecommerce: 15, marketplace: 30 } as const;

interface Hold {
  readonly reservationId: string;
  readonly channel: OnlineChannel;
  readonly sku: string;
  readonly lines: { location: string; qty: number; setAside: number }[];
  readonly short: number;
  state: 'held' | 'committed' | 'done';
}

/**
 * Plays the day against the running service over HTTP: POS sales, receipts and counts go in as
 * CloudEvents (the offline store's POS sales only when it reconnects); carts and marketplace orders
 * ask network availability and reserve, commit and release through the API; shipments are sales
 * naming the reservation. The shelves are modelled alongside, so an order the service accepted but
 * the shelves could not cover counts as an oversell. Ends with the ERP reconciliation.
 * @example
 * const outcome = await runOmnistock(ctx, (t) => progress(t));
 */
export async function runOmnistock(
  ctx: DayContext,
  onMinute?: (t: number) => void,
): Promise<OmnistockOutcome> {
  const { apis, world, day, runId } = ctx;
  const figures = emptyFigures('omnistock');
  const shelf = new Shelf(day.initial);
  const ingest = new Ingest(apis.integrations);
  const pending: DemoEvent[] = [];
  const offline: DemoEvent[] = [];
  const holds = new Map<string, Hold>();
  const clients: Record<OnlineChannel, OmnistockClient> = {
    ecommerce: apis.web,
    marketplace: apis.marketplace,
  };
  let down = false;
  let outageEvents = 0;
  let outageBeforeCount = 0;
  const at = (t: number) => timeOf(ctx.t0, t);
  const source = (loc: string) => (loc === world.warehouse ? `wms/${loc}` : `pos/${loc}`);

  const flush = async () => {
    if (pending.length === 0) return;
    const batch = pending.splice(0, pending.length);
    await ingest.send(batch);
  };

  const offer = async (
    t: number,
    id: string,
    ch: OnlineChannel,
    sku: string,
    qty: number,
  ): Promise<Hold | undefined> => {
    await flush();
    const api = clients[ch];
    const channel = world.channels[ch];
    const availability = expectData(
      await api.GET('/v1/availability/network', {
        params: { query: { sku, group: world.group, channel, mode: 'ship' } },
      }),
    );
    const atp = new Map(availability.locations.map((l) => [l.location, Number(l.atp)]));
    const plan = allocate(world.shipLocations, (loc) => atp.get(loc) ?? 0, qty);
    // every movement in the ship locations reached the service before this question
    figures.decisions.push({ t, channel: ch, ageMinutes: 0, accepted: plan !== undefined });
    if (!plan) {
      figures.online[ch].declined++;
      return undefined;
    }
    const reservationId = `${runId}-${id}`;
    const r = await api.POST('/v1/reservations', {
      params: { header: { 'Idempotency-Key': `${reservationId}-hold` } },
      body: {
        reservationId,
        channel,
        lines: plan.map((p) => ({ sku, location: p.location, qty: String(p.qty) })),
        expiresAt: at(t + HOLD_MINUTES[ch]),
        orderRef: `${runId}-${id}`,
      },
    });
    if (r.error !== undefined && (r.error as { code?: unknown }).code === 'INSUFFICIENT_STOCK') {
      figures.decisions[figures.decisions.length - 1] = { t, channel: ch, ageMinutes: 0, accepted: false };
      figures.online[ch].declined++;
      return undefined;
    }
    const reservation = expectData(r);
    let short = 0;
    const lines = reservation.lines.map((l) => {
      const q = Number(l.qty);
      const s = shelf.setAside(sku, l.location, q);
      short += s.short;
      return { location: l.location, qty: q, setAside: s.setAside };
    });
    const hold: Hold = { reservationId, channel: ch, sku, lines, short, state: 'held' };
    holds.set(id, hold);
    return hold;
  };

  const commit = async (t: number, id: string, hold: Hold) => {
    expectData(
      await clients[hold.channel].POST('/v1/reservations/{reservationId}/commit', {
        params: {
          path: { reservationId: hold.reservationId },
          header: { 'Idempotency-Key': `${hold.reservationId}-commit` },
        },
        body: { orderRef: hold.reservationId },
      }),
    );
    hold.state = 'committed';
    figures.online[hold.channel].accepted++;
    if (hold.short > 0) {
      figures.online[hold.channel].oversold++;
      figures.oversells.push({ t, channel: hold.channel, order: id, units: hold.short });
    }
  };

  const release = async (hold: Hold, reason: string) => {
    expectData(
      await clients[hold.channel].POST('/v1/reservations/{reservationId}/release', {
        params: {
          path: { reservationId: hold.reservationId },
          header: { 'Idempotency-Key': `${hold.reservationId}-release` },
        },
        body: { reason },
      }),
    );
    for (const l of hold.lines) shelf.putBack(hold.sku, l.location, l.setAside);
    hold.state = 'done';
  };

  const sample = async (t: number) => {
    await flush();
    const positions = await readPositions(apis.ops, world.skus);
    let n = 0;
    for (const { sku, location } of demoPositions(world)) {
      if (Number(positions.get(key(sku, location))?.onHand ?? '0') !== shelf.onHand(sku, location)) n++;
    }
    figures.samples.push({ t, outOfSync: n });
    return n;
  };

  const step = async (a: Action) => {
    switch (a.kind) {
      case 'pos': {
        const sold = shelf.walkIn(a.sku, a.store, a.qty);
        if (sold === 0) {
          figures.walkIns.lost += a.qty;
          return;
        }
        figures.walkIns.sold += sold;
        const e = cloudEvent('omnistock.sale.recorded.v1', `${runId}-${a.id}`, `pos/${a.store}`, at(a.t), {
          sku: a.sku,
          location: a.store,
          qty: String(sold),
          channel: world.channels.pos,
          receiptRef: `${runId}-${a.id}`,
        });
        if (down && a.store === day.outage.store) {
          offline.push(e);
          outageEvents++;
          if (a.t <= day.outage.countAt) outageBeforeCount++;
        } else pending.push(e);
        return;
      }
      case 'cart': {
        await offer(a.t, a.id, 'ecommerce', a.sku, a.qty);
        return;
      }
      case 'checkout': {
        const hold = holds.get(a.id);
        if (hold?.state === 'held') await commit(a.t, a.id, hold);
        return;
      }
      case 'abandon':
      case 'remove': {
        const hold = holds.get(a.id);
        if (hold?.state === 'held')
          await release(hold, a.kind === 'abandon' ? 'cart abandoned: hold ran out' : 'removed from cart');
        return;
      }
      case 'market': {
        const hold = await offer(a.t, a.id, 'marketplace', a.sku, a.qty);
        if (hold) await commit(a.t, a.id, hold);
        return;
      }
      case 'ship': {
        const hold = holds.get(a.id);
        if (hold?.state !== 'committed') return;
        for (const l of hold.lines) {
          if (l.setAside === 0) continue;
          shelf.ship(hold.sku, l.location, l.setAside);
          pending.push(
            cloudEvent(
              'omnistock.sale.recorded.v1',
              `${hold.reservationId}-ship-${l.location}`,
              source(l.location),
              at(a.t),
              {
                sku: hold.sku,
                location: l.location,
                qty: String(l.setAside),
                channel: world.channels[hold.channel],
                reservationId: hold.reservationId,
                orderRef: hold.reservationId,
              },
            ),
          );
        }
        hold.state = 'done';
        return;
      }
      case 'receipt': {
        shelf.receive(a.sku, world.warehouse, a.qty);
        pending.push(
          cloudEvent('omnistock.stock.received.v1', `${runId}-${a.id}`, `wms/${world.warehouse}`, at(a.t), {
            sku: a.sku,
            location: world.warehouse,
            // the WMS sends "12 units" instead of "12": quarantined, never partly applied
            qty: a.malformed ? `${a.qty} units` : String(a.qty),
          }),
        );
        return;
      }
      case 'shrink':
        shelf.shrink(a.sku, a.store, a.qty);
        return;
      case 'offline':
        down = true;
        return;
      case 'count': {
        for (const sku of world.skus) {
          pending.push(
            cloudEvent(
              'omnistock.stock.counted.v1',
              `${runId}-count-${a.store}-${sku}`,
              'erp/demo',
              at(a.t),
              {
                sku,
                location: a.store,
                onHand: String(shelf.onHand(sku, a.store)),
                damaged: '0',
                qualityControl: '0',
                countId: `${runId}-cycle-count-${a.store}`,
              },
            ),
          );
        }
        await flush();
        return;
      }
      case 'online': {
        down = false;
        pending.push(...offline.splice(0, offline.length));
        await flush();
        return;
      }
      case 'sample':
        await sample(a.t);
        return;
    }
  };

  let lastMinute = -1;
  for (const a of day.actions) {
    await step(a);
    if (onMinute && a.t !== lastMinute) {
      lastMinute = a.t;
      onMinute(a.t);
    }
  }
  // closing: anything still held is released (nothing of the run stays live in the service)
  for (const hold of holds.values()) if (hold.state === 'held') await release(hold, 'store closed');
  await sample(day.minutes);

  const lines = demoPositions(world).map(({ sku, location }) => ({
    sku,
    location,
    onHand: String(shelf.onHand(sku, location)),
  }));
  const report = expectData(
    await apis.ops.POST('/v1/reconciliations', {
      params: { header: { 'Idempotency-Key': `${runId}-erp` } },
      body: { source: 'erp/demo', asOf: at(day.minutes), lines, tolerance: '0', emitCorrections: true },
    }),
  );
  figures.reconciliation = {
    checked: report.checked,
    exceptions: report.exceptions.length,
    corrections: report.correctionsEmitted,
  };
  const after = await readPositions(apis.ops, world.skus);
  let outOfSyncAfter = 0;
  for (const l of lines)
    if (Number(after.get(key(l.sku, l.location))?.onHand ?? '0') !== Number(l.onHand)) outOfSyncAfter++;
  return {
    figures,
    events: ingest.totals,
    quarantined: ingest.quarantined,
    outageBatch: { events: outageEvents, beforeCount: outageBeforeCount },
    reconciliation: {
      id: report.reconciliationId,
      exceptions: report.exceptions.map((x) => ({
        sku: x.sku,
        location: x.location,
        erp: x.erpOnHand,
        omnistock: x.omnistockOnHand,
        difference: x.difference,
      })),
      corrections: report.correctionsEmitted,
      outOfSyncAfter,
    },
  };
}
