/**
 * The event a bus carries: a CloudEvents 1.0 structured-mode envelope. Any omnistock event
 * (`OmnistockEvent` from `@omnistock/core`) is one; the bus only relies on `id` (dedupe),
 * `type` (routing, filters) and `partitionkey` (the sku, for ordering and subjects).
 */
export interface BusEvent {
  readonly id: string;
  readonly type: string;
  readonly source: string;
  readonly time: string;
  readonly subject?: string | undefined;
  readonly partitionkey?: string | undefined;
  readonly data?: unknown;
}

/** What {@link EventBus.publish} reports. */
export interface PublishResult {
  /** The bus sequence of the event (1-based, gap-free per bus/stream). For a duplicate, the original's. */
  readonly sequence: number;
  /** True when an event with this id was already published within the duplicate window. */
  readonly duplicate: boolean;
}

/** One delivery of an event to a subscriber. */
export interface Delivery {
  readonly event: BusEvent;
  /** The bus sequence of the event. */
  readonly sequence: number;
  /** 1 for the first delivery, 2 for the first redelivery, ... */
  readonly deliveryCount: number;
  /** When the bus stored the event (ISO 8601). */
  readonly publishedAt: string;
}

/**
 * A handler: resolving acknowledges the event; throwing (or rejecting) negatively acknowledges it,
 * so it is redelivered after the backoff for its delivery count, until `maxDeliver` deliveries
 * have failed, when it is dead-lettered.
 */
export type DeliveryHandler = (delivery: Delivery) => Promise<void> | void;

/** Where a new durable subscription (or a replay) starts. */
export type StartPosition =
  | { readonly from: 'first' }
  | { readonly from: 'new' }
  | { readonly from: 'sequence'; readonly sequence: number }
  | { readonly from: 'time'; readonly time: string };

/** Options of a durable subscription. */
export interface SubscribeOptions {
  /**
   * The durable name: progress (acks, redeliveries, dead letters) is kept under it, so a
   * subscriber that stops and subscribes again resumes where it left off.
   * Letters, digits, `-` and `_`.
   */
  readonly durable: string;
  /** Only these event types (default: all). */
  readonly types?: readonly string[];
  /** Where a *new* durable starts (default `first`); ignored when the durable already exists. */
  readonly start?: StartPosition;
  /** Deliveries before a failing event is dead-lettered (default 5). */
  readonly maxDeliver?: number;
  /**
   * Delay before redelivery after the n-th failed delivery, in ms; the last entry repeats
   * (default `[200, 1000, 5000, 15000]`).
   */
  readonly backoffMs?: readonly number[];
}

/** A running durable subscription. */
export interface Subscription {
  readonly durable: string;
  /** Stops delivering; unacknowledged events are redelivered to the next subscriber of the durable. */
  stop(): Promise<void>;
}

/** An event that failed `maxDeliver` deliveries: kept, never dropped, and inspectable. */
export interface DeadLetter {
  readonly durable: string;
  readonly event: BusEvent;
  readonly sequence: number;
  readonly deliveries: number;
  /** The message of the last handler failure. */
  readonly error: string;
  readonly deadLetteredAt: string;
}

/** Options of {@link EventBus.replay}. */
export interface ReplayOptions {
  readonly start: StartPosition;
  readonly types?: readonly string[];
  /** At most this many events (default: all up to the end of the log when the replay started). */
  readonly limit?: number;
}

/** A replayed event with its bus sequence and storage time. */
export interface ReplayedEvent {
  readonly event: BusEvent;
  readonly sequence: number;
  readonly publishedAt: string;
}

/**
 * The event bus (DESIGN §8): at-least-once, durable, deduplicating.
 *
 * - `publish` dedupes by event id within the bus's duplicate window: a second publish of the same id
 *   returns the original sequence with `duplicate: true` and is not delivered again.
 * - `subscribe` creates or resumes a durable subscription; each event is delivered until it is
 *   acknowledged or has failed `maxDeliver` times, when it is dead-lettered (kept, see `deadLetters`).
 *   Consumers must still be idempotent (dedupe by event id): a crash after handling and before the
 *   acknowledgement redelivers.
 * - `replay` reads the log from a sequence or a time without creating a durable.
 *
 * Failures are thrown as `OmnistockError` with code `STORE_UNAVAILABLE` (the bus is closed or
 * unreachable) or `VALIDATION_FAILED` (bad options).
 *
 * @example
 * const bus: EventBus = new InMemoryEventBus();
 * await bus.publish(event);
 * const sub = await bus.subscribe({ durable: 'projector' }, async ({ event }) => apply(event));
 * await sub.stop();
 * await bus.close();
 */
export interface EventBus {
  publish(event: BusEvent): Promise<PublishResult>;
  subscribe(options: SubscribeOptions, handler: DeliveryHandler): Promise<Subscription>;
  replay(options: ReplayOptions): Promise<ReplayedEvent[]>;
  /** Dead letters, oldest first; of one durable when given. */
  deadLetters(durable?: string): Promise<DeadLetter[]>;
  /** Stops every subscription and releases connections. Idempotent. */
  close(): Promise<void>;
}

/** Defaults shared by every bus implementation. */
export const BUS_DEFAULTS = {
  maxDeliver: 5,
  backoffMs: [200, 1000, 5000, 15000] as readonly number[],
  duplicateWindowMs: 120_000,
} as const;

/**
 * The redelivery delay after the `deliveryCount`-th failed delivery.
 * @example
 * backoffFor([100, 1000], 1); // 100
 * backoffFor([100, 1000], 5); // 1000
 */
export function backoffFor(backoffMs: readonly number[], deliveryCount: number): number {
  if (backoffMs.length === 0) return 0;
  return backoffMs[Math.min(deliveryCount, backoffMs.length) - 1] ?? 0;
}

const DURABLE_PATTERN = /^[A-Za-z0-9_-]{1,64}$/;

/**
 * Whether a durable name is valid on every bus (NATS consumer names forbid `.`, `*`, `>` and spaces).
 * @example
 * isDurableName('projector-1'); // true
 */
export function isDurableName(name: string): boolean {
  return DURABLE_PATTERN.test(name);
}
