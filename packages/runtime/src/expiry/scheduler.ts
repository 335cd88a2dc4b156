import type { InventoryStore, TransitionDecision } from '../store/inventory-store';
import type { PositionRef, PositionSnapshot, ReservationRecord } from '../store/records';

/** Options of {@link ExpiryScheduler}. */
export interface ExpirySchedulerOptions {
  /** Pure: the expiry transition of a held reservation (the reservation book's `expire`). */
  readonly decide: (
    reservation: ReservationRecord,
    positions: PositionSnapshot,
    now: string,
  ) => TransitionDecision;
  /** The position rows a reservation's expiry touches (its lines' sku × location). */
  readonly positionsOf: (reservation: ReservationRecord) => readonly PositionRef[];
  /** The clock (ISO strings); default the system clock. */
  readonly now?: () => string;
  /** Reservations per pass (default 100). */
  readonly batchSize?: number;
  /** Pause between passes when started (default 1 000 ms). */
  readonly intervalMs?: number;
  readonly onError?: (error: unknown) => void;
}

/** What one pass did. */
export interface ExpiryPass {
  readonly expired: readonly string[];
  /** Resolved concurrently by someone else (commit, release, another scheduler): left alone. */
  readonly skipped: readonly string[];
}

/**
 * Expires held reservations whose `expiresAt` has passed. Each expiry is a store transition with
 * the version the scheduler read, so when expiry races commit/release/fulfil exactly one wins
 * (the loser gets `VERSION_CONFLICT` or `INVALID_TRANSITION`, and the scheduler skips it). Several
 * schedulers may run at once.
 * @example
 * const scheduler = new ExpiryScheduler(store, { decide: expireDecision, positionsOf: (r) => linesOf(r) });
 * await scheduler.runOnce();
 */
export class ExpiryScheduler {
  private running: Promise<void> | undefined;
  private stopped = false;
  private wake: (() => void) | undefined;

  constructor(
    private readonly store: InventoryStore,
    private readonly options: ExpirySchedulerOptions,
  ) {}

  /**
   * One pass over the reservations due now.
   * @example
   * const { expired } = await scheduler.runOnce();
   */
  async runOnce(): Promise<ExpiryPass> {
    const now = (this.options.now ?? (() => new Date().toISOString()))();
    const due = await this.store.listExpiring(now, this.options.batchSize ?? 100);
    const expired: string[] = [];
    const skipped: string[] = [];
    for (const r of due) {
      const result = await this.store.transition({
        reservationId: r.id,
        expectedVersion: r.version,
        positions: this.options.positionsOf(r),
        decide: (current, rows) => this.options.decide(current, rows, now),
      });
      if (result.ok) expired.push(r.id);
      else skipped.push(r.id);
    }
    return { expired, skipped };
  }

  /**
   * Runs passes every `intervalMs` until {@link stop}.
   * @example
   * scheduler.start();
   */
  start(): void {
    if (this.running) return;
    this.stopped = false;
    this.running = (async () => {
      while (!this.stopped) {
        try {
          await this.runOnce();
        } catch (error) {
          this.options.onError?.(error);
        }
        if (this.stopped) break;
        await new Promise<void>((resolve) => {
          const t = setTimeout(resolve, this.options.intervalMs ?? 1000);
          this.wake = () => {
            clearTimeout(t);
            resolve();
          };
        });
      }
    })();
  }

  /**
   * Stops after the current pass.
   * @example
   * await scheduler.stop();
   */
  async stop(): Promise<void> {
    this.stopped = true;
    this.wake?.();
    await this.running;
    this.running = undefined;
  }
}
