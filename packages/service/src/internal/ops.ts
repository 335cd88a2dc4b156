import type { EventBus, InventoryService, InventoryStore } from '@omnistock/runtime';
import type { ReservationView } from '@omnistock/reservations';
import { isNegative, subtract } from './decimal';

/** A position whose free quantity is below zero (DESIGN §3: reported, never hidden). */
export interface OversoldPosition {
  readonly sku: string;
  readonly location: string;
  readonly free: string;
}

/** What an unsellable subset takes from onHand: itself, or 0 when negative (an exception). */
const unsellable = (q: string): string => (isNegative(q) ? '0' : q);

/**
 * Every oversold position: `free = onHand − damaged − qualityControl − committed − reserved < 0`,
 * a negative `damaged` or `qualityControl` counting as 0 (as `@omnistock/core`'s `free` counts it).
 * @example
 * (await oversold(service)).length; // 0
 */
export async function oversold(service: InventoryService): Promise<OversoldPosition[]> {
  const out: OversoldPosition[] = [];
  for (const p of await service.positions()) {
    const free = subtract(
      p.onHand,
      unsellable(p.damaged),
      unsellable(p.qualityControl),
      p.committed,
      p.reserved,
    );
    if (isNegative(free)) out.push({ sku: p.sku, location: p.location, free });
  }
  return out;
}

/** Live reservations: counts by state and the newest ones. */
export interface LiveReservations {
  readonly byState: { readonly held: number; readonly committed: number };
  readonly newest: readonly ReservationView[];
}

const PAGE = 1000;

/**
 * Pages through the store's held and committed reservations (O(live reservations)).
 * @example
 * const { byState } = await liveReservations(store, 200);
 */
export async function liveReservations(store: InventoryStore, newest: number): Promise<LiveReservations> {
  const byState = { held: 0, committed: 0 };
  let views: ReservationView[] = [];
  for (let after: string | undefined; ; ) {
    const page = await store.listReservations({
      states: ['held', 'committed'],
      ...(after !== undefined ? { after } : {}),
      limit: PAGE,
    });
    for (const r of page) {
      if (r.state === 'held' || r.state === 'committed') byState[r.state] += 1;
      views.push(r.data as ReservationView);
    }
    if (views.length > newest * 4) views = newestFirst(views).slice(0, newest);
    const last = page.at(-1);
    if (!last || page.length < PAGE) break;
    after = last.id;
  }
  return { byState, newest: newestFirst(views).slice(0, newest) };
}

function newestFirst(views: readonly ReservationView[]): ReservationView[] {
  return [...views].sort((a, b) =>
    a.createdAt === b.createdAt ? (a.id < b.id ? 1 : -1) : a.createdAt < b.createdAt ? 1 : -1,
  );
}

/**
 * The bus's dead letters (none without a bus).
 * @example
 * (await deadLetters(bus)).length;
 */
export async function deadLetters(bus: EventBus | undefined) {
  return bus ? bus.deadLetters() : [];
}
