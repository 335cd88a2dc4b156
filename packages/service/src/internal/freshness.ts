import type { InventoryStore } from '@omnistock/runtime';
import type { SourceFreshness } from '../types';

interface SourceState {
  lastEventMs: number;
  lastReceivedMs: number;
  events: number;
}

/** Outbound events the service emits itself: not an inbound source's freshness. */
const OWN_TYPES = /^omnistock\.(reservation|availability)\./;

/**
 * Freshness per event source (DESIGN §9): the newest accepted event's CloudEvents `time` and when it
 * was received. Fed by accepted ingests; seeded at startup from the store's event log.
 */
export class FreshnessTracker {
  private readonly sources = new Map<string, SourceState>();

  constructor(private readonly now: () => number) {}

  /** Records an accepted event received at `receivedMs`. */
  accept(event: unknown, receivedMs: number = this.now()): void {
    const e = event as { source?: unknown; time?: unknown; type?: unknown };
    if (typeof e.source !== 'string' || typeof e.time !== 'string') return;
    if (typeof e.type === 'string' && OWN_TYPES.test(e.type)) return;
    const t = Date.parse(e.time);
    if (Number.isNaN(t)) return;
    const s = this.sources.get(e.source) ?? { lastEventMs: t, lastReceivedMs: receivedMs, events: 0 };
    s.events += 1;
    if (t >= s.lastEventMs) {
      s.lastEventMs = t;
      s.lastReceivedMs = receivedMs;
    }
    this.sources.set(e.source, s);
  }

  /**
   * Seeds from the store's event log (paged). The log keeps no receive time, so a seeded source's
   * `lastReceivedAt` is its event time (lag 0) until it sends again.
   */
  async seed(store: InventoryStore, pageSize = 1000): Promise<void> {
    for (let after = 0; ; ) {
      const page = await store.readEvents(after, pageSize);
      for (const e of page) this.accept({ source: e.source, time: e.time, type: e.type }, Date.parse(e.time));
      const last = page.at(-1);
      if (!last || page.length < pageSize) return;
      after = last.position;
    }
  }

  /** Every source, most recently heard from first. */
  snapshot(): SourceFreshness[] {
    const now = this.now();
    return [...this.sources.entries()]
      .map(([source, s]) => ({
        source,
        lastEventTime: new Date(s.lastEventMs).toISOString(),
        lastReceivedAt: new Date(s.lastReceivedMs).toISOString(),
        freshnessSeconds: Math.max(0, (now - s.lastEventMs) / 1000),
        lagSeconds: Math.max(0, (s.lastReceivedMs - s.lastEventMs) / 1000),
        events: s.events,
      }))
      .sort((a, b) => (a.lastEventTime < b.lastEventTime ? 1 : a.lastEventTime > b.lastEventTime ? -1 : 0));
  }
}
