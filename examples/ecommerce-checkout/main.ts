/**
 * E-commerce checkout on the embedded SDK: reserve at checkout (with an idempotency key), commit on
 * payment, release on abandonment, expire a forgotten cart, and a flash sale that cannot oversell.
 * Run: `npm run example -- ecommerce-checkout`.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { asId, buildEvent, type Item, type Location, type Sku, unwrap } from '@omnistock/core';
import { InMemoryEventBus, InventoryService } from '@omnistock/runtime';
import { SqliteInventoryStore } from '@omnistock/store-sqlite';

const items: Item[] = [
  { sku: asId<Sku>('TEE-M'), unit: 'each', name: 'T-shirt, medium' },
  { sku: asId<Sku>('SNEAKER-LTD'), unit: 'each', name: 'Limited sneaker drop' },
];
const locations: Location[] = [{ id: asId('dc-1'), type: 'dc', eligibility: { ship: true, pickup: false } }];
const T0 = '2026-03-01T10:00:00.000Z';
const HOLD_MS = 15 * 60_000;

/** What the checkout story ends with. */
export interface CheckoutResult {
  /** The double-clicked checkout returned the first result (same reservation, `replayed`). */
  readonly doubleClick: { readonly sameReservation: boolean; readonly replayed: boolean };
  /** Final state of each cart's reservation. */
  readonly carts: Readonly<Record<'paid' | 'abandoned' | 'forgotten', string | undefined>>;
  /** What the expiry pass expired. */
  readonly expired: readonly string[];
  readonly tee: { readonly onHand: string; readonly reserved: string; readonly committed: string };
  readonly flashSale: {
    readonly stock: number;
    readonly shoppers: number;
    readonly succeeded: number;
    readonly refusals: Readonly<Record<string, number>>;
    readonly reserved: string;
    readonly atp: string;
  };
  /** Reservation events published through the outbox. */
  readonly published: number;
}

/** Options of {@link run}. */
export interface RunOptions {
  /** Where the story goes (default: nowhere). */
  readonly log?: (line: string) => void;
  /** Shoppers racing for the limited sneaker (default 40, on 10 pairs). */
  readonly shoppers?: number;
}

/**
 * Runs the checkout story on a fresh SQLite file in a temp directory (removed afterwards).
 * @example
 * const r = await run({ log: console.log }); r.flashSale.succeeded; // 10
 */
export async function run(options: RunOptions = {}): Promise<CheckoutResult> {
  const log = options.log ?? (() => {});
  const shoppers = options.shoppers ?? 40;
  const dir = mkdtempSync(join(tmpdir(), 'omnistock-checkout-'));
  let now = Date.parse(T0);
  const clock = () => new Date(now);
  const store = SqliteInventoryStore.open({
    filename: join(dir, 'omnistock.db'),
    now: () => clock().toISOString(),
  });
  try {
    const service = new InventoryService({
      store,
      bus: new InMemoryEventBus(),
      items,
      locations,
      policies: { rules: [] },
      clock,
    });
    const holdUntil = () => new Date(now + HOLD_MS).toISOString();
    const tee = async () => {
      const p = (await service.positions('TEE-M'))[0]!;
      return { onHand: p.onHand, reserved: p.reserved, committed: p.committed };
    };

    log(`SQLite store: ${join(dir, 'omnistock.db')}`);
    const received = (id: string, sku: string, qty: string) =>
      unwrap(
        buildEvent(
          'omnistock.stock.received.v1',
          { sku, location: 'dc-1', qty },
          { id, source: 'wms/dc-1', time: T0 },
        ),
      );
    unwrap(await service.ingest([received('asn-1', 'TEE-M', '20'), received('asn-2', 'SNEAKER-LTD', '10')]));
    log('The warehouse received 20 TEE-M and 10 SNEAKER-LTD at dc-1.');

    // 1. Checkout → hold; the shopper double-clicks "Pay", the same key returns the first result.
    const checkout = (cart: string, qty: string) =>
      service.reserve({
        idempotencyKey: `checkout-${cart}`,
        reservationId: cart,
        channel: 'web',
        expiresAt: holdUntil(),
        lines: [{ sku: 'TEE-M', location: 'dc-1', qty }],
      });
    const first = unwrap(await checkout('cart-paid', '2'));
    const again = unwrap(await checkout('cart-paid', '2'));
    log(
      `cart-paid checks out 2 TEE-M: ${first.reservation.state} v${first.reservation.version} until ${first.reservation.expiresAt}` +
        ` (double-click: replayed=${again.replayed}, same reservation=${again.reservation.id === first.reservation.id})`,
    );

    // 2. Payment captured → commit, with the version read at checkout.
    const paid = unwrap(
      await service.commit('cart-paid', {
        expectedVersion: first.reservation.version,
        orderRef: 'order-1001',
      }),
    );
    log(`Payment captured: cart-paid is ${paid.reservation.state} as order-1001.`);

    // 3. The shopper closes the tab → the storefront releases the hold.
    unwrap(await checkout('cart-abandoned', '3'));
    unwrap(await service.release('cart-abandoned', { reason: 'cart abandoned' }));
    log('cart-abandoned held 3 and released them when the shopper left.');

    // 4. Nobody comes back → the hold expires on its own.
    unwrap(await checkout('cart-forgotten', '4'));
    now += HOLD_MS + 5 * 60_000;
    const pass = unwrap(await service.expireDue());
    log(`20 minutes later the expiry pass expired: ${pass.expired.join(', ') || 'nothing'}.`);
    const teeAfter = await tee();
    log(
      `TEE-M at dc-1: onHand ${teeAfter.onHand}, reserved ${teeAfter.reserved}, committed ${teeAfter.committed}.`,
    );

    // 5. Flash sale: many concurrent checkouts for a scarce sku.
    const attempts = await Promise.all(
      Array.from({ length: shoppers }, (_, i) =>
        service.reserve({
          idempotencyKey: `drop-${i}`,
          reservationId: `drop-${i}`,
          channel: 'web',
          expiresAt: holdUntil(),
          lines: [{ sku: 'SNEAKER-LTD', location: 'dc-1', qty: '1' }],
        }),
      ),
    );
    const refusals: Record<string, number> = {};
    for (const a of attempts) if (!a.ok) refusals[a.error.code] = (refusals[a.error.code] ?? 0) + 1;
    const succeeded = attempts.filter((a) => a.ok).length;
    const sneaker = (await service.positions('SNEAKER-LTD'))[0]!;
    const atp = unwrap(await service.availability({ sku: 'SNEAKER-LTD', location: 'dc-1', channel: 'web' }));
    log(
      `Flash sale: ${shoppers} shoppers raced for 10 pairs → ${succeeded} held, refused ${JSON.stringify(refusals)};` +
        ` reserved ${sneaker.reserved} of onHand ${sneaker.onHand}, ATP now ${atp.atp}` +
        (Number(sneaker.reserved) <= Number(sneaker.onHand) ? '. No oversell.' : '. OVERSOLD!'),
    );

    const published = await service.relayOutbox();
    log(`${published} reservation events published to the bus through the outbox.`);
    return {
      doubleClick: {
        sameReservation: again.reservation.id === first.reservation.id,
        replayed: again.replayed,
      },
      carts: {
        paid: (await service.reservation('cart-paid'))?.state,
        abandoned: (await service.reservation('cart-abandoned'))?.state,
        forgotten: (await service.reservation('cart-forgotten'))?.state,
      },
      expired: pass.expired,
      tee: teeAfter,
      flashSale: { stock: 10, shoppers, succeeded, refusals, reserved: sneaker.reserved, atp: atp.atp },
      published,
    };
  } finally {
    await store.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  await run({ log: console.log });
}
