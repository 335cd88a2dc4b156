import { collectDefaultMetrics, Counter, Gauge, Registry } from 'prom-client';
import type { AppContext } from './context';
import { deadLetters, liveReservations, oversold } from './ops';
import { RequestDurations } from './request-durations';

/** Bounds (seconds) of the request-duration histogram. */
export const REQUEST_BUCKETS = [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5];

/** The app's Prometheus metrics, on a registry of its own (never the global one). */
export class ServiceMetrics {
  readonly registry = new Registry();
  readonly ingested: Counter<'status'>;
  /** Observed on every request: a histogram with a one-lookup `observe`. */
  readonly requestDuration: RequestDurations;

  constructor(context: () => AppContext) {
    const registers = [this.registry];
    collectDefaultMetrics({ register: this.registry, prefix: 'omnistock_' });
    this.ingested = new Counter({
      name: 'omnistock_events_ingested_total',
      help: 'Events ingested by status.',
      labelNames: ['status'],
      registers,
    });
    for (const status of ['accepted', 'duplicate', 'quarantined']) this.ingested.inc({ status }, 0);
    this.requestDuration = new RequestDurations(
      'omnistock_http_request_duration_seconds',
      'HTTP request latency by method, route pattern and status.',
      REQUEST_BUCKETS,
      registers,
    );
    new Gauge({
      name: 'omnistock_quarantine_size',
      help: 'Events in quarantine, not yet resubmitted.',
      registers,
      async collect() {
        this.set((await context().service.quarantine()).length);
      },
    });
    new Gauge({
      name: 'omnistock_dead_letters',
      help: 'Events dead-lettered by the bus.',
      registers,
      async collect() {
        this.set((await deadLetters(context().bus)).length);
      },
    });
    new Gauge({
      name: 'omnistock_positions_oversold',
      help: 'Positions with free < 0.',
      registers,
      async collect() {
        this.set((await oversold(context().service)).length);
      },
    });
    new Gauge({
      name: 'omnistock_reconciliation_exceptions',
      help: 'Exceptions of the latest reconciliation report.',
      registers,
      collect() {
        this.set(context().reconciliations.last()?.exceptions.length ?? 0);
      },
    });
    new Gauge({
      name: 'omnistock_source_freshness_seconds',
      help: 'Seconds since the CloudEvents time of the newest accepted event, per source.',
      labelNames: ['source'],
      registers,
      collect() {
        this.reset();
        for (const s of context().freshness.snapshot()) this.set({ source: s.source }, s.freshnessSeconds);
      },
    });
    new Gauge({
      name: 'omnistock_event_lag_seconds',
      help: 'Receive time minus event time of the newest accepted event, per source.',
      labelNames: ['source'],
      registers,
      collect() {
        this.reset();
        for (const s of context().freshness.snapshot()) this.set({ source: s.source }, s.lagSeconds);
      },
    });
    new Gauge({
      name: 'omnistock_reservations',
      help: 'Live reservations by state (held, committed).',
      labelNames: ['state'],
      registers,
      async collect() {
        const store = context().store;
        if (!store) return;
        const { byState } = await liveReservations(store, 0);
        this.set({ state: 'held' }, byState.held);
        this.set({ state: 'committed' }, byState.committed);
      },
    });
  }
}
