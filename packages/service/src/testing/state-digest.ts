import { createHash } from 'node:crypto';
import { canonicalJson, type EventBus, type InventoryStore } from '@omnistock/runtime';

/** What {@link storeState} reads besides what the store can list. */
export interface StoreStateOptions {
  /** Reservations to read besides those named by a logged event (e.g. ids a test tried to create). */
  readonly reservationIds?: Iterable<string>;
  /** Idempotency keys whose records are part of the state (e.g. keys a test sent). */
  readonly idempotencyKeys?: Iterable<string>;
  /** The bus the outbox is relayed to: its whole log is part of the state. */
  readonly bus?: EventBus;
  /** The time idempotency records are read at (records never expire within a test); default now. */
  readonly now?: string;
}

/** Everything a store holds that a request could change, as plain JSON. */
export interface StoreState {
  readonly events: readonly unknown[];
  readonly positions: readonly unknown[];
  readonly quarantine: readonly unknown[];
  readonly reservations: Readonly<Record<string, unknown>>;
  readonly outbox: readonly unknown[];
  readonly idempotency: Readonly<Record<string, unknown>>;
  readonly bus: readonly unknown[];
}

const PAGE = 1000;

/**
 * Reads everything the store holds: the whole event log (`readEvents`), every position, the
 * quarantine (resubmitted entries too), every reservation a logged event names (and the ones
 * asked for), the pending outbox, the idempotency records asked for and the bus log.
 * @example
 * const before = await storeState(store, { bus });
 * await api.POST('/v1/reservations', bad);
 * expect(await storeState(store, { bus })).toEqual(before);
 */
export async function storeState(
  store: InventoryStore,
  options: StoreStateOptions = {},
): Promise<StoreState> {
  const events: unknown[] = [];
  const reservationIds = new Set(options.reservationIds ?? []);
  for (let after = 0; ; ) {
    const page = await store.readEvents(after, PAGE);
    for (const e of page) {
      events.push(e);
      const id = (e.payload.data as { reservationId?: unknown } | undefined)?.reservationId;
      if (typeof id === 'string') reservationIds.add(id);
    }
    if (page.length < PAGE) break;
    after = page[page.length - 1]!.position;
  }
  const reservations: Record<string, unknown> = {};
  for (const id of [...reservationIds].sort()) reservations[id] = (await store.getReservation(id)) ?? null;
  const now = options.now ?? new Date().toISOString();
  const idempotency: Record<string, unknown> = {};
  for (const key of [...new Set(options.idempotencyKeys ?? [])].sort()) {
    idempotency[key] = (await store.getIdempotency(key, now)) ?? null;
  }
  const bus = options.bus ? await options.bus.replay({ start: { from: 'first' } }) : [];
  return {
    events,
    positions: await store.listPositions(),
    quarantine: await store.listQuarantine({ includeResubmitted: true }),
    reservations,
    outbox: await store.pendingOutbox(1_000_000),
    idempotency,
    bus: bus.map((b) => ({ sequence: b.sequence, event: b.event })),
  };
}

/**
 * A SHA-256 digest of {@link storeState} over canonical JSON (sorted keys): equal digests mean the
 * store holds byte-for-byte the same state.
 * @example
 * const before = await stateDigest(store);
 * await api.POST('/v1/events', { body: [] });
 * expect(await stateDigest(store)).toBe(before);
 */
export async function stateDigest(store: InventoryStore, options: StoreStateOptions = {}): Promise<string> {
  return digestOf(await storeState(store, options));
}

/**
 * The SHA-256 of a value's canonical JSON.
 * @example
 * digestOf({ b: 1, a: 2 }) === digestOf({ a: 2, b: 1 }); // true
 */
export function digestOf(value: unknown): string {
  return createHash('sha256').update(canonicalJson(value)).digest('hex');
}
