import { Rng } from '@omnistock/testkit';

/** The part of the catalog the demo trades in. */
export interface DemoWorld {
  /** Items sold in whole units, the first one the day's promoted (hot) item. */
  readonly skus: readonly string[];
  readonly warehouse: string;
  /** Stores with a POS, in id order; the online group's stores among them. */
  readonly stores: readonly string[];
  /** The group ecommerce and the marketplace ask network availability over. */
  readonly group: string;
  /** The group's locations that ship (the warehouse first), in priority order: online orders go there. */
  readonly shipLocations: readonly string[];
  /** A store online orders never ship from (pickup only): its POS goes offline for a while. */
  readonly offlineStore: string;
  readonly channels: { readonly pos: string; readonly ecommerce: string; readonly marketplace: string };
}

/** What happens when the day is played; minutes since opening (`t`), in the order given. */
export type Action =
  | {
      readonly kind: 'pos';
      readonly t: number;
      readonly id: string;
      readonly store: string;
      readonly sku: string;
      readonly qty: number;
    }
  | {
      readonly kind: 'cart';
      readonly t: number;
      readonly id: string;
      readonly sku: string;
      readonly qty: number;
      /** When the hold would run out. */
      readonly expiresAt: number;
    }
  | {
      readonly kind: 'checkout' | 'abandon' | 'remove';
      readonly t: number;
      readonly id: string;
    }
  | {
      readonly kind: 'market';
      readonly t: number;
      readonly id: string;
      readonly sku: string;
      readonly qty: number;
    }
  | { readonly kind: 'ship'; readonly t: number; readonly id: string }
  | {
      readonly kind: 'receipt';
      readonly t: number;
      readonly id: string;
      readonly sku: string;
      readonly qty: number;
      /** Sent with a malformed quantity: the service quarantines it. */
      readonly malformed: boolean;
    }
  | { readonly kind: 'offline' | 'online' | 'count'; readonly t: number; readonly store: string }
  | {
      readonly kind: 'shrink';
      readonly t: number;
      readonly store: string;
      readonly sku: string;
      readonly qty: number;
    }
  | { readonly kind: 'sample'; readonly t: number };

/** One seeded trading day. */
export interface Scenario {
  readonly seed: number;
  readonly minutes: number;
  /** Opening stock per `sku|location`. */
  readonly initial: ReadonlyMap<string, number>;
  readonly actions: readonly Action[];
  readonly outage: {
    readonly store: string;
    readonly from: number;
    readonly countAt: number;
    readonly to: number;
  };
}

/** `sku|location`. */
export function key(sku: string, location: string): string {
  return `${sku}|${location}`;
}

/** Customers per hour at opening strength; the day's shape scales them. */
const RATES = { pos: 2.5, cart: 9, market: 4 } as const;

/** Demand by hour of the day: a lunch and an evening peak. */
function shape(minute: number): number {
  const hour = 6 + minute / 60;
  const lunch = Math.exp(-((hour - 12.5) ** 2) / 3);
  const evening = Math.exp(-((hour - 19) ** 2) / 4);
  return 0.6 + 0.8 * lunch + 0.9 * evening;
}

/**
 * Plays the dice for one day: the demand stream (POS walk-ins, ecommerce carts and their fate,
 * marketplace orders), warehouse receipts (one of them malformed), a store outage with a cycle count
 * in the middle and unreported shrink, and hourly samples. Depends only on `seed`, `hours` and the
 * world, never on how the day goes, so the baseline and omnistock face the same customers.
 * @example
 * const day = scenario(42, 16, world); day.actions.length; // a few hundred
 */
export function scenario(seed: number, hours: number, world: DemoWorld): Scenario {
  const rng = new Rng(seed);
  const minutes = hours * 60;
  const initial = new Map<string, number>();
  // the promoted item and the next best seller are short today; the rest are well stocked
  const STOCK = [
    { dc: [8, 12], store: [2, 4], receipt: [3, 5] },
    { dc: [14, 20], store: [5, 8], receipt: [5, 8] },
    { dc: [30, 50], store: [12, 24], receipt: [10, 20] },
  ] as const;
  const stockOf = (i: number) => STOCK[Math.min(i, STOCK.length - 1)] as (typeof STOCK)[number];
  world.skus.forEach((sku, i) => {
    const s = stockOf(i);
    initial.set(key(sku, world.warehouse), rng.int(s.dc[0], s.dc[1]));
    for (const store of world.stores) initial.set(key(sku, store), rng.int(s.store[0], s.store[1]));
  });
  // popularity: the promoted item is wanted twice as often as the next best seller
  const weights = world.skus.map((_, i) =>
    i === 0 ? 2 : 1.4 - (0.6 * (i - 1)) / Math.max(1, world.skus.length - 2),
  );
  const total = weights.reduce((a, b) => a + b, 0);
  const pickSku = () => {
    let r = rng.next() * total;
    for (const [i, w] of weights.entries()) {
      r -= w;
      if (r < 0) return world.skus[i] as string;
    }
    return world.skus.at(-1) as string;
  };
  const qty = () => (rng.chance(0.8) ? 1 : 2);

  const from = Math.round(minutes * (0.2 + 0.15 * rng.next()));
  const length = Math.min(rng.int(120, 240), Math.round(minutes * 0.45));
  const outage = {
    store: world.offlineStore,
    from,
    countAt: from + Math.round(length * 0.6),
    to: from + length,
  };

  const actions: { a: Action; order: number }[] = [];
  let order = 0;
  const add = (a: Action) => actions.push({ a, order: order++ });
  let n = 0;
  const id = (prefix: string) => `${prefix}-${String(++n).padStart(5, '0')}`;

  // hourly samples; the closing one is taken after the last dispatch
  for (let t = 0; t < minutes; t += 60) add({ kind: 'sample', t });
  add({ kind: 'offline', t: outage.from, store: outage.store });
  add({ kind: 'count', t: outage.countAt, store: outage.store });
  add({ kind: 'online', t: outage.to, store: outage.store });
  const shrinkSku = world.skus[rng.int(0, world.skus.length - 1)] as string;
  add({
    kind: 'shrink',
    t: outage.from + 1 + rng.int(0, outage.countAt - outage.from - 2),
    store: outage.store,
    sku: shrinkSku,
    qty: rng.int(1, 2),
  });

  const receiptTimes = [Math.round(minutes * 0.35), Math.round(minutes * 0.7)];
  const malformedSku = world.skus[1 + rng.int(0, world.skus.length - 2)] as string;
  for (const [r, t] of receiptTimes.entries()) {
    for (const [i, sku] of world.skus.entries()) {
      const range = stockOf(i).receipt;
      const q = rng.int(range[0], range[1]);
      add({ kind: 'receipt', t, id: id('rcpt'), sku, qty: q, malformed: r === 1 && sku === malformedSku });
    }
  }

  for (let t = 1; t < minutes; t++) {
    const s = shape(t) / 60;
    for (const store of world.stores) {
      if (rng.chance(RATES.pos * s))
        add({ kind: 'pos', t, id: id('pos'), store, sku: pickSku(), qty: qty() });
    }
    if (rng.chance(RATES.cart * s)) {
      const cart = id('cart');
      const expiresAt = t + 15;
      add({ kind: 'cart', t, id: cart, sku: pickSku(), qty: qty(), expiresAt });
      const fate = rng.next();
      if (fate < 0.55) {
        const at = t + rng.int(2, 12);
        add({ kind: 'checkout', t: at, id: cart });
        add({ kind: 'ship', t: at + rng.int(30, 180), id: cart });
      } else if (fate < 0.85) {
        add({ kind: 'abandon', t: expiresAt, id: cart });
      } else {
        add({ kind: 'remove', t: t + rng.int(1, 8), id: cart });
      }
    }
    if (rng.chance(RATES.market * s)) {
      const order = id('mkt');
      add({ kind: 'market', t, id: order, sku: pickSku(), qty: qty() });
      add({ kind: 'ship', t: t + rng.int(45, 240), id: order });
    }
  }
  // the end of the day: whatever is still to ship goes out with the last dispatch at closing
  const sorted = actions
    .map(({ a, order }) => ({ a: a.t > minutes ? { ...a, t: minutes } : a, order }))
    .sort((x, y) => x.a.t - y.a.t || x.order - y.order)
    .map((x) => x.a);
  return { seed, minutes, initial, actions: sorted, outage };
}

/**
 * A clock label for minutes since opening (the day opens at 06:00).
 * @example
 * clock(90); // '07:30'
 */
export function clock(minute: number): string {
  const m = (((6 * 60 + Math.round(minute)) % 1440) + 1440) % 1440;
  return `${String(Math.floor(m / 60)).padStart(2, '0')}:${String(m % 60).padStart(2, '0')}`;
}
