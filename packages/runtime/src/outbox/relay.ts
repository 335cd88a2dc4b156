import type { EventBus } from '../bus/event-bus';
import type { InventoryStore } from '../store/inventory-store';

/** Options of {@link OutboxRelay}. */
export interface OutboxRelayOptions {
  /** Rows per pass (default 100). */
  readonly batchSize?: number;
  /** Pause between passes that found nothing, when started (default 200 ms). */
  readonly idleMs?: number;
  /** The clock (ISO strings) for `publishedAt`. */
  readonly now?: () => string;
  /** Called with an error of a pass (the relay keeps going); default ignores it. */
  readonly onError?: (error: unknown) => void;
}

/**
 * Relays the store's outbox to the bus: publishes pending rows in order, then marks them
 * published. State changes and their events are committed together by the store, so nothing is
 * lost; a crash between publish and mark re-publishes on the next pass, which the bus dedupes by
 * event id (within its window) and consumers dedupe by event id (always).
 * @example
 * const relay = new OutboxRelay(store, bus);
 * await relay.relayOnce(); // or relay.start() ... await relay.stop()
 */
export class OutboxRelay {
  private running: Promise<void> | undefined;
  private stopped = false;
  private wake: (() => void) | undefined;

  constructor(
    private readonly store: InventoryStore,
    private readonly bus: EventBus,
    private readonly options: OutboxRelayOptions = {},
  ) {}

  /**
   * One pass: publishes up to `batchSize` pending rows and marks them; returns how many.
   * @example
   * const n = await relay.relayOnce();
   */
  async relayOnce(): Promise<number> {
    const rows = await this.store.pendingOutbox(this.options.batchSize ?? 100);
    const published: number[] = [];
    try {
      for (const row of rows) {
        await this.bus.publish(row.event);
        published.push(row.id);
      }
    } finally {
      if (published.length > 0) {
        await this.store.markPublished(published, (this.options.now ?? (() => new Date().toISOString()))());
      }
    }
    return published.length;
  }

  /**
   * Relays continuously until {@link stop}.
   * @example
   * relay.start();
   */
  start(): void {
    if (this.running) return;
    this.stopped = false;
    this.running = (async () => {
      while (!this.stopped) {
        let n = 0;
        try {
          n = await this.relayOnce();
        } catch (error) {
          this.options.onError?.(error);
        }
        if (n === 0 && !this.stopped) {
          await new Promise<void>((resolve) => {
            const t = setTimeout(resolve, this.options.idleMs ?? 200);
            this.wake = () => {
              clearTimeout(t);
              resolve();
            };
          });
        }
      }
    })();
  }

  /**
   * Stops after the current pass.
   * @example
   * await relay.stop();
   */
  async stop(): Promise<void> {
    this.stopped = true;
    this.wake?.();
    await this.running;
    this.running = undefined;
  }
}
