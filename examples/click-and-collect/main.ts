/**
 * Click-and-collect: find a store that may serve pickup, reserve there, and let the POS sale at
 * pickup (a `PosCapture` sale naming the reservation) consume it exactly once.
 * Run: `npm run example -- click-and-collect`.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { PosCapture } from '@omnistock/adapters/pos';
import { asId, buildEvent, type Item, type Location, type Sku, unwrap } from '@omnistock/core';
import { InventoryService } from '@omnistock/runtime';
import { SqliteInventoryStore } from '@omnistock/store-sqlite';

const items: Item[] = [{ sku: asId<Sku>('TEE-M'), unit: 'each', name: 'T-shirt, medium' }];
const locations: Location[] = [
  { id: asId('store-12'), type: 'store', eligibility: { ship: false, pickup: true } },
  { id: asId('dc-1'), type: 'dc', eligibility: { ship: true, pickup: false } },
];
const T0 = '2026-03-01T10:00:00.000Z';
const SKU = 'TEE-M';
const STORE = 'store-12';

/** A position's buckets the story follows. */
export interface Buckets {
  readonly onHand: string;
  readonly reserved: string;
  readonly committed: string;
}

/** What the click-and-collect story ends with. */
export interface ClickAndCollectResult {
  /** Pickup ATP per location (`eligible: false` where the location may not serve pickup). */
  readonly pickupOptions: readonly {
    readonly location: string;
    readonly atp: string;
    readonly eligible: boolean;
  }[];
  readonly afterReserve: Buckets;
  /** The sale at pickup, ingested: accepted once, then a duplicate when the till re-sends it. */
  readonly pickupIngest: readonly string[];
  /** The cashier scanned the receipt line again: the till numbered nothing new. */
  readonly rescanDuplicate: boolean;
  readonly afterPickup: Buckets;
  /** The pickup sale named the reservation, so it is fulfilled by it (no separate fulfil needed). */
  readonly reservationState: string | undefined;
  /** Buckets after the order system's late fulfil, which is refused. */
  readonly afterFulfil: Buckets;
  /** The late fulfil's outcome: refused, nothing decremented twice. */
  readonly secondFulfil: string;
  readonly atpAfter: string;
}

/**
 * Runs the click-and-collect story on a fresh SQLite file in a temp directory (removed afterwards).
 * @example
 * const r = await run({ log: console.log }); r.afterPickup.onHand; // '8'
 */
export async function run(
  options: { readonly log?: (line: string) => void } = {},
): Promise<ClickAndCollectResult> {
  const log = options.log ?? (() => {});
  const dir = mkdtempSync(join(tmpdir(), 'omnistock-cnc-'));
  let now = Date.parse(T0);
  const clock = () => new Date(now);
  const store = SqliteInventoryStore.open({
    filename: join(dir, 'omnistock.db'),
    now: () => clock().toISOString(),
  });
  try {
    const service = new InventoryService({ store, items, locations, policies: { rules: [] }, clock });
    const buckets = async (): Promise<Buckets> => {
      const p = (await service.positions(SKU)).find((x) => x.location === STORE)!;
      return { onHand: p.onHand, reserved: p.reserved, committed: p.committed };
    };
    const show = (b: Buckets) => `onHand ${b.onHand}, reserved ${b.reserved}, committed ${b.committed}`;
    const received = (id: string, location: string, qty: string) =>
      unwrap(
        buildEvent(
          'omnistock.stock.received.v1',
          { sku: SKU, location, qty },
          { id, source: 'wms', time: T0 },
        ),
      );
    unwrap(await service.ingest([received('rcv-1', STORE, '10'), received('rcv-2', 'dc-1', '30')]));
    log(`${STORE} has 10 ${SKU}, dc-1 has 30.`);

    // 1. The storefront asks where the shopper can pick up today.
    const pickupAtp = unwrap(
      await service.batchAvailability({
        skus: [SKU],
        locations: [STORE, 'dc-1'],
        channel: 'click-and-collect',
        mode: 'pickup',
      }),
    );
    const pickupOptions = pickupAtp.map((r) => ({ location: r.location, atp: r.atp, eligible: r.eligible }));
    for (const o of pickupOptions)
      log(`  pickup at ${o.location}: ATP ${o.atp}${o.eligible ? '' : ' (not a pickup location)'}`);

    // 2. The shopper orders 2 for pickup at store-12 and pays online: hold, then commit.
    const held = unwrap(
      await service.reserve({
        idempotencyKey: 'order-5531',
        reservationId: 'cc-5531',
        channel: 'click-and-collect',
        orderRef: 'order-5531',
        expiresAt: new Date(now + 48 * 3_600_000).toISOString(),
        lines: [{ sku: SKU, location: STORE, qty: '2' }],
      }),
    );
    unwrap(
      await service.commit('cc-5531', { expectedVersion: held.reservation.version, orderRef: 'order-5531' }),
    );
    const afterReserve = await buckets();
    log(`Reserved and paid: cc-5531 for 2 at ${STORE} → ${show(afterReserve)}.`);

    // 3. Next day the shopper collects; the till records the sale naming the reservation.
    now += 26 * 3_600_000;
    const till = new PosCapture({ source: `pos/${STORE}/till-1`, location: STORE, channel: 'pos' });
    const sale = {
      receiptRef: 'R-2001',
      line: 1,
      sku: SKU,
      qty: '2',
      time: clock().toISOString(),
      reservationId: 'cc-5531',
    };
    const step = till.recordSale(sale);
    const first = unwrap(await service.ingest(step.send, `pos/${STORE}`));
    // the acknowledgement is lost on the way back: the till replays its pending batch
    const replay = unwrap(await service.ingest(till.batch().events, `pos/${STORE}`));
    till.acknowledge([...first, ...replay].flatMap((r) => (r.status === 'quarantined' ? [] : [r.eventId])));
    const rescan = till.recordSale(sale);
    const afterPickup = await buckets();
    const pickupIngest = [...first, ...replay].map((r) => r.status);
    log(
      `Pickup sale R-2001 ingested: ${pickupIngest.join(', then ')}; re-scanned line duplicate=${rescan.duplicate}.`,
    );
    log(`  → ${show(afterPickup)} (onHand ${afterReserve.onHand} → ${afterPickup.onHand}, once).`);

    // 4. The pickup sale named the reservation, so it consumed it: the reservation is fulfilled, not
    //    left to expire. An order system that also tries to fulfil it is refused and nothing moves.
    const reservationState = (await service.reservation('cc-5531'))?.state;
    const late = await service.fulfil('cc-5531', {
      lines: [{ sku: SKU, location: STORE, qty: '2' }],
      documentRef: 'R-2001',
    });
    const afterFulfil = await buckets();
    const secondFulfil = late.ok ? 'ok' : late.error.code;
    log(
      `Reservation cc-5531 is ${reservationState} by the pickup sale; a late fulfil from the order system: ${secondFulfil} → ${show(afterFulfil)}.`,
    );
    const atp = unwrap(
      await service.availability({ sku: SKU, location: STORE, channel: 'click-and-collect', mode: 'pickup' }),
    );
    log(`Pickup ATP at ${STORE} is now ${atp.atp}.`);
    return {
      pickupOptions,
      afterReserve,
      pickupIngest,
      rescanDuplicate: rescan.duplicate,
      afterPickup,
      reservationState,
      afterFulfil,
      secondFulfil,
      atpAfter: atp.atp,
    };
  } finally {
    await store.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  await run({ log: console.log });
}
