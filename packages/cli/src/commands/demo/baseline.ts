import { allocate } from './allocate';
import { emptyFigures, type OnlineChannel, type WorldFigures } from './figures';
import { type Action, type DemoWorld, key, type Scenario } from './scenario';
import { Shelf } from './shelf';

/** How long before opening the nightly sync ran (02:00 for a 06:00 opening), in minutes. */
export const SYNC_LEAD_MINUTES = 240;

/**
 * The nightly feed: per online channel and sku, the ATP per group location computed at the sync,
 * and the onHand per position the channels' stock file was built from.
 */
export interface NightlyFeed {
  readonly atp: Readonly<Record<OnlineChannel, ReadonlyMap<string, ReadonlyMap<string, number>>>>;
  readonly onHand: ReadonlyMap<string, number>;
}

interface Order {
  readonly sku: string;
  readonly qty: number;
  readonly channel: OnlineChannel;
  lines: { location: string; qty: number }[];
}

/**
 * Plays the day against the counterfactual: each online channel sells against the availability of
 * the last nightly sync minus its own sales since (it never sees the other channels' sales, the
 * stores' walk-ins, receipts or counts). An accepted order the shelves cannot cover is an oversell.
 * Pure and in-process.
 * @example
 * const figures = runBaseline(day, world, feed);
 */
export function runBaseline(day: Scenario, world: DemoWorld, feed: NightlyFeed): WorldFigures {
  const figures = emptyFigures('baseline');
  const shelf = new Shelf(day.initial);
  const own = new Map<string, number>();
  const carts = new Map<string, { sku: string; qty: number; open: boolean }>();
  const orders = new Map<string, Order>();
  const view = (ch: OnlineChannel, sku: string, loc: string) =>
    (feed.atp[ch].get(sku)?.get(loc) ?? 0) - (own.get(`${ch}|${key(sku, loc)}`) ?? 0);
  const total = (ch: OnlineChannel, sku: string) =>
    world.shipLocations.reduce((a, loc) => a + Math.max(0, view(ch, sku, loc)), 0);

  const decide = (t: number, id: string, ch: OnlineChannel, sku: string, qty: number): boolean => {
    // the order management system allocates by priority against the same stale view
    const plan = allocate(world.shipLocations, (loc) => view(ch, sku, loc), qty);
    figures.decisions.push({
      t,
      channel: ch,
      ageMinutes: t + SYNC_LEAD_MINUTES,
      accepted: plan !== undefined,
    });
    if (!plan) {
      figures.online[ch].declined++;
      return false;
    }
    let short = 0;
    const lines: { location: string; qty: number }[] = [];
    for (const p of plan) {
      const k = `${ch}|${key(sku, p.location)}`;
      own.set(k, (own.get(k) ?? 0) + p.qty);
      const r = shelf.setAside(sku, p.location, p.qty);
      short += r.short;
      if (r.setAside > 0) lines.push({ location: p.location, qty: r.setAside });
    }
    figures.online[ch].accepted++;
    if (short > 0) {
      figures.online[ch].oversold++;
      figures.oversells.push({ t, channel: ch, order: id, units: short });
    }
    orders.set(id, { sku, qty, channel: ch, lines });
    return true;
  };

  const outOfSync = () => {
    let n = 0;
    for (const [k, v] of feed.onHand) {
      const [sku, loc] = k.split('|') as [string, string];
      if (shelf.onHand(sku, loc) !== v) n++;
    }
    return n;
  };

  const step = (a: Action) => {
    switch (a.kind) {
      case 'pos': {
        const sold = shelf.walkIn(a.sku, a.store, a.qty);
        if (sold > 0) figures.walkIns.sold += sold;
        else figures.walkIns.lost += a.qty;
        return;
      }
      case 'cart': {
        // no holds in the nightly world: the storefront shows its stale figure
        const shown = total('ecommerce', a.sku) >= a.qty;
        carts.set(a.id, { sku: a.sku, qty: a.qty, open: shown });
        if (!shown) {
          figures.decisions.push({
            t: a.t,
            channel: 'ecommerce',
            ageMinutes: a.t + SYNC_LEAD_MINUTES,
            accepted: false,
          });
          figures.online.ecommerce.declined++;
        }
        return;
      }
      case 'checkout': {
        const cart = carts.get(a.id);
        if (cart?.open) decide(a.t, a.id, 'ecommerce', cart.sku, cart.qty);
        return;
      }
      case 'abandon':
      case 'remove':
        return;
      case 'market':
        decide(a.t, a.id, 'marketplace', a.sku, a.qty);
        return;
      case 'ship': {
        const o = orders.get(a.id);
        if (!o) return;
        for (const l of o.lines) shelf.ship(o.sku, l.location, l.qty);
        orders.delete(a.id);
        return;
      }
      case 'receipt':
        shelf.receive(a.sku, world.warehouse, a.qty);
        return;
      case 'shrink':
        shelf.shrink(a.sku, a.store, a.qty);
        return;
      case 'offline':
      case 'online':
      case 'count':
        // the POS outage and the count reach the ERP, not the channels' stock file, until tonight
        return;
      case 'sample':
        figures.samples.push({ t: a.t, outOfSync: outOfSync() });
        return;
    }
  };
  for (const a of day.actions) step(a);
  const closing = outOfSync();
  figures.samples.push({ t: day.minutes, outOfSync: closing });
  figures.reconciliation = { checked: feed.onHand.size, exceptions: closing, corrections: 0 };
  return figures;
}
