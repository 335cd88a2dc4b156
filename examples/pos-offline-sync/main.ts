/**
 * POS offline sync: a till keeps selling while disconnected, the shelf is counted meanwhile, and
 * the till's batch replays after reconnect and converges (sales before the count are absorbed by
 * it); replaying again changes nothing. Run: `npm run example -- pos-offline-sync`.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { PosCapture, type PosSale } from '@omnistock/adapters/pos';
import {
  asId,
  buildEvent,
  type Item,
  type Location,
  type OmnistockEvent,
  type Sku,
  unwrap,
} from '@omnistock/core';
import { InventoryService } from '@omnistock/runtime';
import { SqliteInventoryStore } from '@omnistock/store-sqlite';

const items: Item[] = [{ sku: asId<Sku>('MUG-1'), unit: 'each', name: 'Mug' }];
const locations: Location[] = [
  { id: asId('store-12'), type: 'store', eligibility: { ship: false, pickup: true } },
];
const SKU = 'MUG-1';
const STORE = 'store-12';
const at = (hhmm: string) => `2026-03-01T${hhmm}:00Z`;

const opening = unwrap(
  buildEvent(
    'omnistock.stock.received.v1',
    { sku: SKU, location: STORE, qty: '10' },
    { id: 'rcv-0800', source: 'wms', time: at('08:00') },
  ),
);
/** Sold at till 3 while the store's network was down. */
const offlineSales: PosSale[] = [
  { receiptRef: 'R-1', line: 1, sku: SKU, qty: '2', time: at('10:05') },
  { receiptRef: 'R-2', line: 1, sku: SKU, qty: '1', time: at('10:10') },
  { receiptRef: 'R-3', line: 1, sku: SKU, qty: '1', time: at('10:45') },
];

/** The store's view of the position. */
export interface Shelf {
  readonly onHand: string;
  readonly asOf: string | null;
}

/** What the offline story ends with. */
export interface PosOfflineResult {
  /** Per-source sequence numbers of the replayed batch. */
  readonly batchSequences: readonly (number | string | undefined)[];
  /** The batch survived a till restart (snapshot → restore) while offline. */
  readonly restoredPending: number;
  readonly countOutcome: string;
  readonly afterCount: Shelf;
  /** The ledger's outcome per replayed sale: before the count → absorbed, after → applied. */
  readonly replayOutcomes: readonly string[];
  readonly afterReplay: Shelf;
  /** Replaying the same batch again. */
  readonly secondReplay: readonly string[];
  readonly afterSecondReplay: Shelf;
  /** The same events, had the till been online (in time order), on another store. */
  readonly online: Shelf;
  readonly converged: boolean;
}

async function openService(dir: string, name: string) {
  const store = SqliteInventoryStore.open({ filename: join(dir, name) });
  const service = new InventoryService({ store, items, locations, policies: { rules: [] } });
  unwrap(await service.ingest([opening], 'wms'));
  const shelf = async (): Promise<Shelf> => {
    const p = (await service.positions(SKU))[0]!;
    return { onHand: p.onHand, asOf: p.asOf ?? null };
  };
  return { store, service, shelf };
}

const outcome = (r: { status: string; outcome?: string }) =>
  r.status === 'accepted' ? r.outcome! : r.status;

/**
 * Runs the offline story on fresh SQLite files in a temp directory (removed afterwards).
 * @example
 * const r = await run({ log: console.log }); r.converged; // true
 */
export async function run(
  options: { readonly log?: (line: string) => void } = {},
): Promise<PosOfflineResult> {
  const log = options.log ?? (() => {});
  const dir = mkdtempSync(join(tmpdir(), 'omnistock-pos-'));
  const hq = await openService(dir, 'hq.db');
  const reference = await openService(dir, 'reference.db');
  try {
    log(`08:00 ${STORE} opens with ${(await hq.shelf()).onHand} ${SKU}.`);

    // 1. The network drops at 10:00; till 3 keeps selling and numbering its events.
    let till = new PosCapture({ source: `pos/${STORE}/till-3`, location: STORE, channel: 'pos' });
    till.disconnect();
    for (const sale of offlineSales.slice(0, 2)) till.recordSale(sale);
    // the till restarts while offline: its pending batch is persisted and restored
    till = PosCapture.restore(JSON.parse(JSON.stringify(till.snapshot())));
    const restoredPending = till.batch().events.length;
    till.recordSale(offlineSales[2]!);
    log(`10:00–10:45 offline: till-3 sells 2, 1, 1 (restarted at 10:20 with ${restoredPending} pending).`);

    // 2. A handheld that is online counts the shelf at 10:30: it sees 10 − 2 − 1 = 7.
    const handheld = new PosCapture({ source: `pos/${STORE}/handheld-1`, location: STORE });
    const count = handheld.recordCount({ countId: 'CC-1030', sku: SKU, onHand: '7', time: at('10:30') });
    const countOutcome = outcome(unwrap(await hq.service.ingest(count.send, `pos/${STORE}`))[0]!);
    const afterCount = await hq.shelf();
    log(`10:30 cycle count: 7 on the shelf → onHand ${afterCount.onHand} (${countOutcome}).`);

    // 3. The network is back: the batch replays; the count already covers the sales before it.
    const batch = till.reconnect();
    const replayed = unwrap(await hq.service.ingest(batch.events, `pos/${STORE}`));
    till.acknowledge(replayed.flatMap((r) => (r.status === 'quarantined' ? [] : [r.eventId])));
    const afterReplay = await hq.shelf();
    const replayOutcomes = replayed.map(outcome);
    log(
      `11:00 reconnect: batch #${batch.events.map((e) => e.sequence).join(', #')} → ${replayOutcomes.join(', ')}.`,
    );
    log(
      `  onHand ${afterReplay.onHand}: the 10:05 and 10:10 sales were already in the 10:30 count; the 10:45 sale applies.`,
    );

    // 4. The same batch again (a retry after a timeout): nothing changes.
    const again = unwrap(await hq.service.ingest(batch.events, `pos/${STORE}`));
    const afterSecondReplay = await hq.shelf();
    log(`Replaying the batch again: ${again.map(outcome).join(', ')} → onHand ${afterSecondReplay.onHand}.`);

    // 5. Convergence: had the till been online, the same events in time order give the same shelf.
    const inOrder: OmnistockEvent[] = [...batch.events, ...count.send].sort((a, b) =>
      a.time.localeCompare(b.time),
    );
    for (const e of inOrder) unwrap(await reference.service.ingest([e]));
    const online = await reference.shelf();
    const converged = JSON.stringify(online) === JSON.stringify(afterReplay);
    log(`Online in time order the shelf would read onHand ${online.onHand}: converged=${converged}.`);
    return {
      batchSequences: batch.events.map((e) => e.sequence),
      restoredPending,
      countOutcome,
      afterCount,
      replayOutcomes,
      afterReplay,
      secondReplay: again.map(outcome),
      afterSecondReplay,
      online,
      converged,
    };
  } finally {
    await hq.store.close();
    await reference.store.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  await run({ log: console.log });
}
