import { OmnistockError } from '@omnistock/core';
import {
  BUS_DEFAULTS,
  backoffFor,
  type BusEvent,
  type DeadLetter,
  type DeliveryHandler,
  type EventBus,
  isDurableName,
  type PublishResult,
  type ReplayedEvent,
  type ReplayOptions,
  type StartPosition,
  type SubscribeOptions,
  type Subscription,
} from './event-bus';

interface Stored {
  readonly sequence: number;
  readonly event: BusEvent;
  readonly at: number;
}

interface Pending {
  deliveries: number;
  dueAt: number;
  lastError: string;
}

interface Durable {
  readonly name: string;
  readonly types: ReadonlySet<string> | undefined;
  readonly maxDeliver: number;
  readonly backoffMs: readonly number[];
  next: number;
  readonly pending: Map<number, Pending>;
  active: boolean;
}

/** Options of {@link InMemoryEventBus}. */
export interface InMemoryEventBusOptions {
  /** How long an event id is remembered for dedupe (default 120 000 ms, as NATS JetStream). */
  readonly duplicateWindowMs?: number;
}

/**
 * The in-process {@link EventBus}: an append-only log with durable subscriptions, backoff,
 * dead letters and replay, all in memory (nothing survives the process). The reference
 * implementation of the bus contract and the embedded default.
 * @example
 * const bus = new InMemoryEventBus();
 * await bus.publish({ id: 'e1', type: 'omnistock.sale.recorded.v1', source: 'pos/1', time: new Date().toISOString() });
 * const sub = await bus.subscribe({ durable: 'audit' }, ({ event }) => console.log(event.id));
 * await sub.stop();
 */
export class InMemoryEventBus implements EventBus {
  private readonly log: Stored[] = [];
  private readonly ids = new Map<string, { sequence: number; at: number }>();
  private readonly durables = new Map<string, Durable>();
  private readonly dead: DeadLetter[] = [];
  private readonly wakers = new Set<() => void>();
  private readonly stops = new Set<() => Promise<void>>();
  private readonly duplicateWindowMs: number;
  private closed = false;

  constructor(options: InMemoryEventBusOptions = {}) {
    this.duplicateWindowMs = options.duplicateWindowMs ?? BUS_DEFAULTS.duplicateWindowMs;
  }

  async publish(event: BusEvent): Promise<PublishResult> {
    this.assertOpen();
    const now = Date.now();
    const seen = this.ids.get(event.id);
    if (seen && now - seen.at < this.duplicateWindowMs) return { sequence: seen.sequence, duplicate: true };
    const sequence = this.log.length + 1;
    this.log.push({ sequence, event: freezeClone(event), at: now });
    this.ids.set(event.id, { sequence, at: now });
    for (const wake of this.wakers) wake();
    return { sequence, duplicate: false };
  }

  async subscribe(options: SubscribeOptions, handler: DeliveryHandler): Promise<Subscription> {
    this.assertOpen();
    if (!isDurableName(options.durable)) {
      throw new OmnistockError({
        code: 'VALIDATION_FAILED',
        message: `durable name "${options.durable}" must be 1–64 letters, digits, - or _`,
      });
    }
    let durable = this.durables.get(options.durable);
    if (!durable) {
      durable = {
        name: options.durable,
        types: options.types ? new Set(options.types) : undefined,
        maxDeliver: options.maxDeliver ?? BUS_DEFAULTS.maxDeliver,
        backoffMs: options.backoffMs ?? BUS_DEFAULTS.backoffMs,
        next: this.startSequence(options.start ?? { from: 'first' }),
        pending: new Map(),
        active: false,
      };
      this.durables.set(durable.name, durable);
    }
    if (durable.active) {
      throw new OmnistockError({
        code: 'VALIDATION_FAILED',
        message: `durable "${durable.name}" already has an active subscriber on this bus`,
      });
    }
    durable.active = true;
    return this.run(durable, handler);
  }

  async replay(options: ReplayOptions): Promise<ReplayedEvent[]> {
    this.assertOpen();
    const types = options.types ? new Set(options.types) : undefined;
    const out: ReplayedEvent[] = [];
    const end = this.log.length;
    for (let seq = this.startSequence(options.start); seq <= end; seq++) {
      const s = this.log[seq - 1];
      if (!s || (types && !types.has(s.event.type))) continue;
      out.push({ event: s.event, sequence: s.sequence, publishedAt: new Date(s.at).toISOString() });
      if (options.limit !== undefined && out.length >= options.limit) break;
    }
    return out;
  }

  async deadLetters(durable?: string): Promise<DeadLetter[]> {
    return this.dead.filter((d) => durable === undefined || d.durable === durable);
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    await Promise.all([...this.stops].map((stop) => stop()));
  }

  private startSequence(start: StartPosition): number {
    switch (start.from) {
      case 'first':
        return 1;
      case 'new':
        return this.log.length + 1;
      case 'sequence':
        return Math.max(1, start.sequence);
      case 'time': {
        const t = Date.parse(start.time);
        const i = this.log.findIndex((s) => s.at >= t);
        return i < 0 ? this.log.length + 1 : i + 1;
      }
    }
  }

  private run(durable: Durable, handler: DeliveryHandler): Subscription {
    let stopped = false;
    let wake: () => void = () => {};
    const waker = () => wake();
    this.wakers.add(waker);

    const pick = (now: number): { sequence: number; pending: Pending | undefined } | number => {
      let due: number | undefined;
      let earliest = Number.POSITIVE_INFINITY;
      for (const [seq, p] of durable.pending) {
        if (p.dueAt <= now && (due === undefined || seq < due)) due = seq;
        earliest = Math.min(earliest, p.dueAt);
      }
      if (due !== undefined) return { sequence: due, pending: durable.pending.get(due) };
      while (durable.next <= this.log.length) {
        const s = this.log[durable.next - 1];
        durable.next += 1;
        if (s && (!durable.types || durable.types.has(s.event.type))) {
          return { sequence: s.sequence, pending: undefined };
        }
      }
      return earliest;
    };

    const loop = async () => {
      while (!stopped) {
        const now = Date.now();
        const next = pick(now);
        if (typeof next === 'number') {
          await new Promise<void>((resolve) => {
            const timer = Number.isFinite(next) ? setTimeout(resolve, Math.max(1, next - now)) : undefined;
            wake = () => {
              if (timer) clearTimeout(timer);
              resolve();
            };
          });
          wake = () => {};
          continue;
        }
        const stored = this.log[next.sequence - 1]!;
        const deliveries = (next.pending?.deliveries ?? 0) + 1;
        const pending: Pending = { deliveries, dueAt: Number.POSITIVE_INFINITY, lastError: '' };
        durable.pending.set(next.sequence, pending);
        try {
          await handler({
            event: stored.event,
            sequence: stored.sequence,
            deliveryCount: deliveries,
            publishedAt: new Date(stored.at).toISOString(),
          });
          durable.pending.delete(next.sequence);
        } catch (error) {
          const message = error instanceof Error ? error.message : String(error);
          if (deliveries >= durable.maxDeliver) {
            durable.pending.delete(next.sequence);
            this.dead.push({
              durable: durable.name,
              event: stored.event,
              sequence: stored.sequence,
              deliveries,
              error: message,
              deadLetteredAt: new Date().toISOString(),
            });
          } else {
            pending.lastError = message;
            pending.dueAt = Date.now() + backoffFor(durable.backoffMs, deliveries);
          }
        }
      }
    };

    const done = loop();
    const stop = async () => {
      stopped = true;
      wake();
      await done;
      this.wakers.delete(waker);
      this.stops.delete(stop);
      // An event in flight when the subscriber stopped is redelivered to the next subscriber.
      for (const p of durable.pending.values()) if (!Number.isFinite(p.dueAt)) p.dueAt = 0;
      durable.active = false;
    };
    this.stops.add(stop);
    return { durable: durable.name, stop };
  }

  private assertOpen(): void {
    if (this.closed) {
      throw new OmnistockError({ code: 'STORE_UNAVAILABLE', message: 'the event bus is closed' });
    }
  }
}

function freezeClone(event: BusEvent): BusEvent {
  return deepFreeze(JSON.parse(JSON.stringify(event)) as BusEvent);
}

function deepFreeze<T>(value: T): T {
  if (typeof value === 'object' && value !== null) {
    for (const v of Object.values(value)) deepFreeze(v);
    Object.freeze(value);
  }
  return value;
}
