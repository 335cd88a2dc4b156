import {
  AckPolicy,
  type Consumer,
  DeliverPolicy,
  type JetStreamClient,
  type JetStreamManager,
  type JsMsg,
  jetstream,
  jetstreamManager,
  type ConsumerConfig,
  StorageType,
} from '@nats-io/jetstream';
import { connect, nanos, type NatsConnection } from '@nats-io/transport-node';
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
} from '@omnistock/runtime';
import { eventSubjectFor, subjectToken, typeFilter } from './subjects';

/** Options of {@link NatsEventBus.connect}. */
export interface NatsEventBusOptions {
  /** Server URL(s), e.g. `nats://127.0.0.1:4222`. */
  readonly servers: string | readonly string[];
  /** The event stream (default `OMNISTOCK_EVENTS`). */
  readonly stream?: string;
  /** Subject prefix of events (default `omnistock.events`); the stream captures `<prefix>.>`. */
  readonly subjectPrefix?: string;
  /** The dead-letter stream (default `<stream>_DLQ`). */
  readonly dlqStream?: string;
  /** Subject prefix of dead letters (default `omnistock.dlq`); one subject per durable. */
  readonly dlqSubjectPrefix?: string;
  /** Stream storage when the bus creates the streams (default `file`: survives restarts). */
  readonly storage?: 'file' | 'memory';
  /** Stream replicas when the bus creates the streams (default 1; use 3 in a cluster). */
  readonly replicas?: number;
  /** Server-side Msg-Id dedupe window (default 120 000 ms). */
  readonly duplicateWindowMs?: number;
  /** How long the server waits for an ack before redelivering (default 30 000 ms). */
  readonly ackWaitMs?: number;
  /** Max wait of one pull request; bounds how long `stop()` takes (default 1 000 ms). */
  readonly pullExpiresMs?: number;
  /** Connection name shown in server monitoring. */
  readonly name?: string;
}

interface DeadLetterBody {
  readonly durable: string;
  readonly event: BusEvent;
  readonly sequence: number;
  readonly deliveries: number;
  readonly error: string;
  readonly deadLetteredAt: string;
}

const unavailable = (message: string, cause?: unknown) =>
  new OmnistockError({ code: 'STORE_UNAVAILABLE', message }, { cause });

/**
 * The NATS JetStream {@link EventBus}. Events go to `<prefix>.<type>.<sku token>` with
 * `Nats-Msg-Id` = event id (server-side dedupe within the duplicate window); subscriptions are
 * durable pull consumers with explicit acks, `nak` with backoff, and a dead-letter stream that
 * keeps every event that failed `maxDeliver` deliveries.
 * @example
 * const bus = await NatsEventBus.connect({ servers: 'nats://127.0.0.1:4222' });
 * await bus.publish(event);
 * const sub = await bus.subscribe({ durable: 'projector', maxDeliver: 5 }, async ({ event }) => apply(event));
 * await sub.stop();
 * await bus.close();
 */
export class NatsEventBus implements EventBus {
  private readonly active = new Map<string, () => Promise<void>>();
  private closed = false;

  private constructor(
    private readonly nc: NatsConnection,
    private readonly js: JetStreamClient,
    private readonly jsm: JetStreamManager,
    private readonly cfg: Required<Omit<NatsEventBusOptions, 'name' | 'servers'>>,
  ) {}

  /**
   * Connects and ensures the event and dead-letter streams exist (creating them with the given
   * storage, replicas and duplicate window; existing streams are used as they are).
   * @example
   * const bus = await NatsEventBus.connect({ servers: 'nats://127.0.0.1:4222', replicas: 3 });
   */
  static async connect(options: NatsEventBusOptions): Promise<NatsEventBus> {
    const stream = options.stream ?? 'OMNISTOCK_EVENTS';
    const cfg = {
      stream,
      subjectPrefix: options.subjectPrefix ?? 'omnistock.events',
      dlqStream: options.dlqStream ?? `${stream}_DLQ`,
      dlqSubjectPrefix: options.dlqSubjectPrefix ?? 'omnistock.dlq',
      storage: options.storage ?? 'file',
      replicas: options.replicas ?? 1,
      duplicateWindowMs: options.duplicateWindowMs ?? BUS_DEFAULTS.duplicateWindowMs,
      ackWaitMs: options.ackWaitMs ?? 30_000,
      pullExpiresMs: options.pullExpiresMs ?? 1_000,
    } as const;
    let nc: NatsConnection;
    try {
      nc = await connect({
        servers: typeof options.servers === 'string' ? options.servers : [...options.servers],
        ...(options.name ? { name: options.name } : {}),
      });
    } catch (error) {
      throw unavailable(`cannot connect to NATS at ${String(options.servers)}`, error);
    }
    const jsm = await jetstreamManager(nc);
    const bus = new NatsEventBus(nc, jetstream(nc), jsm, cfg);
    await bus.ensureStream(cfg.stream, `${cfg.subjectPrefix}.>`);
    await bus.ensureStream(cfg.dlqStream, `${cfg.dlqSubjectPrefix}.>`);
    return bus;
  }

  private async ensureStream(name: string, subject: string): Promise<void> {
    try {
      await this.jsm.streams.info(name);
      return;
    } catch {
      // not found: create it below
    }
    await this.jsm.streams.add({
      name,
      subjects: [subject],
      storage: this.cfg.storage === 'file' ? StorageType.File : StorageType.Memory,
      num_replicas: this.cfg.replicas,
      duplicate_window: nanos(this.cfg.duplicateWindowMs),
    });
  }

  async publish(event: BusEvent): Promise<PublishResult> {
    this.assertOpen();
    const subject = eventSubjectFor(this.cfg.subjectPrefix, event.type, event.partitionkey);
    try {
      const ack = await this.js.publish(subject, JSON.stringify(event), { msgID: event.id });
      return { sequence: ack.seq, duplicate: ack.duplicate };
    } catch (error) {
      throw unavailable(`publish of event ${event.id} to ${subject} failed`, error);
    }
  }

  async subscribe(options: SubscribeOptions, handler: DeliveryHandler): Promise<Subscription> {
    this.assertOpen();
    if (!isDurableName(options.durable)) {
      throw new OmnistockError({
        code: 'VALIDATION_FAILED',
        message: `durable name "${options.durable}" must be 1–64 letters, digits, - or _`,
      });
    }
    if (this.active.has(options.durable)) {
      throw new OmnistockError({
        code: 'VALIDATION_FAILED',
        message: `durable "${options.durable}" already has an active subscriber on this bus`,
      });
    }
    const maxDeliver = options.maxDeliver ?? BUS_DEFAULTS.maxDeliver;
    const backoffMs = options.backoffMs ?? BUS_DEFAULTS.backoffMs;
    const types = options.types ? new Set(options.types) : undefined;
    const consumer = await this.ensureDurable(options, maxDeliver);
    let stopped = false;
    const loop = async () => {
      while (!stopped) {
        let batch: AsyncIterable<JsMsg>;
        try {
          batch = await consumer.fetch({ max_messages: 64, expires: this.cfg.pullExpiresMs });
        } catch {
          if (stopped || this.closed) return;
          await new Promise((r) => setTimeout(r, 100));
          continue;
        }
        // Every message a fetch delivers is handled, even after stop(), so none waits for ack_wait.
        try {
          for await (const msg of batch) {
            try {
              await this.handle(msg, options.durable, types, maxDeliver, backoffMs, handler);
            } catch {
              // An ack or dead-letter publish failed (e.g. the connection dropped): the server
              // redelivers the message after ack_wait, so it is not lost.
            }
          }
        } catch {
          if (stopped || this.closed) return;
        }
      }
    };
    const done = loop();
    const stop = async () => {
      stopped = true;
      await done;
      this.active.delete(options.durable);
    };
    this.active.set(options.durable, stop);
    return { durable: options.durable, stop };
  }

  private async handle(
    msg: JsMsg,
    durable: string,
    types: ReadonlySet<string> | undefined,
    maxDeliver: number,
    backoffMs: readonly number[],
    handler: DeliveryHandler,
  ): Promise<void> {
    let event: BusEvent;
    try {
      event = msg.json<BusEvent>();
    } catch {
      // Not JSON (a foreign publisher on our subjects): stop delivering it; it stays in the stream.
      msg.term('not a JSON CloudEvent');
      return;
    }
    if (types && !types.has(event.type)) {
      await msg.ackAck();
      return;
    }
    const deliveries = msg.info.deliveryCount;
    try {
      await handler({
        event,
        sequence: msg.seq,
        deliveryCount: deliveries,
        publishedAt: new Date(Math.floor(msg.info.timestampNanos / 1e6)).toISOString(),
      });
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error);
      if (deliveries >= maxDeliver) {
        const body: DeadLetterBody = {
          durable,
          event,
          sequence: msg.seq,
          deliveries,
          error: message,
          deadLetteredAt: new Date().toISOString(),
        };
        // Msg-Id makes a repeated dead-lettering (after a crash before term) a server-side duplicate.
        await this.js.publish(`${this.cfg.dlqSubjectPrefix}.${subjectToken(durable)}`, JSON.stringify(body), {
          msgID: `${durable}:${msg.seq}`,
        });
        msg.term(`dead-lettered after ${deliveries} deliveries`);
      } else {
        msg.nak(backoffFor(backoffMs, deliveries));
      }
      return;
    }
    await msg.ackAck();
  }

  private async ensureDurable(options: SubscribeOptions, maxDeliver: number): Promise<Consumer> {
    const { stream } = this.cfg;
    try {
      await this.jsm.consumers.info(stream, options.durable);
    } catch {
      const types = options.types ?? [];
      const config: Partial<ConsumerConfig> = {
        durable_name: options.durable,
        ack_policy: AckPolicy.Explicit,
        ack_wait: nanos(this.cfg.ackWaitMs),
        max_deliver: maxDeliver,
        ...startConfig(options.start ?? { from: 'first' }),
        ...(types.length === 1 ? { filter_subject: typeFilter(this.cfg.subjectPrefix, types[0]!) } : {}),
      };
      await this.jsm.consumers.add(stream, config);
    }
    return this.js.consumers.get(stream, options.durable);
  }

  async replay(options: ReplayOptions): Promise<ReplayedEvent[]> {
    this.assertOpen();
    const types = options.types ? new Set(options.types) : undefined;
    const filter =
      options.types?.length === 1 ? typeFilter(this.cfg.subjectPrefix, options.types[0]!) : undefined;
    const out: ReplayedEvent[] = [];
    for await (const msg of this.read(this.cfg.stream, options.start, filter)) {
      const event = msg.json<BusEvent>();
      if (types && !types.has(event.type)) continue;
      out.push({
        event,
        sequence: msg.seq,
        publishedAt: new Date(Math.floor(msg.info.timestampNanos / 1e6)).toISOString(),
      });
      if (options.limit !== undefined && out.length >= options.limit) break;
    }
    return out;
  }

  async deadLetters(durable?: string): Promise<DeadLetter[]> {
    this.assertOpen();
    const filter =
      durable === undefined ? undefined : `${this.cfg.dlqSubjectPrefix}.${subjectToken(durable)}`;
    const out: DeadLetter[] = [];
    for await (const msg of this.read(this.cfg.dlqStream, { from: 'first' }, filter)) {
      out.push(msg.json<DeadLetterBody>());
    }
    return out;
  }

  /** Reads a stream from a start position to its end as of the call, with an ordered consumer. */
  private async *read(stream: string, start: StartPosition, filter: string | undefined) {
    if (start.from === 'new') return;
    const consumer = await this.js.consumers.get(stream, {
      ...startConfig(start),
      ...(filter ? { filter_subjects: filter } : {}),
    });
    let pending = (await consumer.info()).num_pending;
    while (pending > 0) {
      const batch = await consumer.fetch({ max_messages: Math.min(pending, 256), expires: 2_000 });
      let got = 0;
      for await (const msg of batch) {
        got += 1;
        pending = msg.info.pending;
        yield msg;
        if (pending === 0) break;
      }
      if (got === 0) break;
    }
  }

  /**
   * Deletes the event and dead-letter streams with everything in them: for tests and teardown.
   * @example
   * await bus.deleteStreams();
   */
  async deleteStreams(): Promise<void> {
    for (const name of [this.cfg.stream, this.cfg.dlqStream]) {
      try {
        await this.jsm.streams.delete(name);
      } catch {
        // already gone
      }
    }
  }

  async close(): Promise<void> {
    if (this.closed) return;
    await Promise.all([...this.active.values()].map((stop) => stop()));
    this.closed = true;
    await this.nc.drain().catch(() => this.nc.close());
  }

  private assertOpen(): void {
    if (this.closed || this.nc.isClosed()) throw unavailable('the NATS event bus is closed');
  }
}

function startConfig(start: StartPosition): Partial<ConsumerConfig> {
  switch (start.from) {
    case 'first':
      return { deliver_policy: DeliverPolicy.All };
    case 'new':
      return { deliver_policy: DeliverPolicy.New };
    case 'sequence':
      return { deliver_policy: DeliverPolicy.StartSequence, opt_start_seq: Math.max(1, start.sequence) };
    case 'time':
      return { deliver_policy: DeliverPolicy.StartTime, opt_start_time: new Date(start.time).toISOString() };
  }
}
