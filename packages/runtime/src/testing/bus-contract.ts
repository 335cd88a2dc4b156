import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { BusEvent, Delivery, EventBus, SubscribeOptions } from '../bus/event-bus';

/** A fresh, empty bus for one test, and how to dispose of it (delete streams, close connections). */
export interface BusHarness {
  readonly bus: EventBus;
  dispose(): Promise<void>;
}

const SALE = 'omnistock.sale.recorded.v1';
const ADJUSTED = 'omnistock.stock.adjusted.v1';

/**
 * A minimal valid-looking CloudEvent for bus tests.
 * @example
 * await bus.publish(testEvent('e1'));
 */
export function testEvent(id: string, type: string = SALE, sku = 'SKU-1'): BusEvent {
  return {
    id,
    type,
    source: 'test/bus-contract',
    time: '2026-01-01T00:00:00.000Z',
    subject: sku,
    partitionkey: sku,
    data: { sku, location: 'store-1', qty: '1' },
  };
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/**
 * Polls `condition` every 10 ms (bounded by the test timeout, never asserted on time).
 * @example
 * await eventually(() => received.length === 3);
 */
export async function eventually(condition: () => boolean | Promise<boolean>): Promise<void> {
  while (!(await condition())) await sleep(10);
}

interface Recorder {
  readonly deliveries: Delivery[];
  ids(): string[];
  until(predicate: (ds: readonly Delivery[]) => boolean): Promise<void>;
}

function recorder(): Recorder {
  const deliveries: Delivery[] = [];
  return {
    deliveries,
    ids: () => deliveries.map((d) => d.event.id),
    until: (predicate) => eventually(() => predicate(deliveries)),
  };
}

async function consume(
  bus: EventBus,
  options: SubscribeOptions,
  rec: Recorder,
  fail: (d: Delivery) => boolean = () => false,
) {
  return bus.subscribe(options, (d) => {
    rec.deliveries.push(d);
    if (fail(d)) throw new Error(`boom ${d.event.id}`);
  });
}

/**
 * The one bus contract: every {@link EventBus} implementation must pass it. `factory` returns a
 * fresh, empty bus per test (for NATS: a uniquely named stream that `dispose` deletes).
 * @example
 * runBusContract('InMemoryEventBus', async () => {
 *   const bus = new InMemoryEventBus();
 *   return { bus, dispose: () => bus.close() };
 * });
 */
export function runBusContract(name: string, factory: () => Promise<BusHarness>): void {
  describe(`bus contract: ${name}`, () => {
    let h: BusHarness;
    let bus: EventBus;
    beforeEach(async () => {
      h = await factory();
      bus = h.bus;
    });
    afterEach(async () => {
      await h.dispose();
    });

    it('publish assigns increasing sequences and dedupes by event id', async () => {
      const a = await bus.publish(testEvent('e1'));
      const b = await bus.publish(testEvent('e2'));
      const again = await bus.publish(testEvent('e1'));
      expect(a.duplicate).toBe(false);
      expect(b).toEqual({ sequence: a.sequence + 1, duplicate: false });
      expect(again).toEqual({ sequence: a.sequence, duplicate: true });
      const log = await bus.replay({ start: { from: 'first' } });
      expect(log.map((r) => [r.event.id, r.sequence])).toEqual([
        ['e1', a.sequence],
        ['e2', b.sequence],
      ]);
    });

    it('delivers the event exactly as published, partition key and data included', async () => {
      const event = testEvent('odd-1', ADJUSTED, 'A.b/c:1@x_y-z');
      await bus.publish(event);
      const rec = recorder();
      const sub = await consume(bus, { durable: 'shape' }, rec);
      await rec.until((ds) => ds.length === 1);
      await sub.stop();
      expect(rec.deliveries[0]?.event).toEqual(event);
      expect(rec.deliveries[0]?.deliveryCount).toBe(1);
      expect(Number.isNaN(Date.parse(rec.deliveries[0]?.publishedAt ?? ''))).toBe(false);
    });

    it('a durable subscriber gets every event once, in order, and resumes after it stops', async () => {
      for (const id of ['d1', 'd2', 'd3']) await bus.publish(testEvent(id));
      const first = recorder();
      const sub1 = await consume(bus, { durable: 'resume' }, first);
      await first.until((ds) => ds.length >= 3);
      await sub1.stop();
      for (const id of ['d4', 'd5']) await bus.publish(testEvent(id));
      const second = recorder();
      const sub2 = await consume(bus, { durable: 'resume' }, second);
      await bus.publish(testEvent('d6'));
      await second.until((ds) => ds.some((d) => d.event.id === 'd6'));
      await sub2.stop();
      expect(first.ids()).toEqual(['d1', 'd2', 'd3']);
      expect(second.ids()).toEqual(['d4', 'd5', 'd6']);
    });

    it('a failing handler gets the event again after the backoff, then acknowledges it', async () => {
      await bus.publish(testEvent('r1'));
      await bus.publish(testEvent('r2'));
      const rec = recorder();
      const at: number[] = [];
      const sub = await bus.subscribe({ durable: 'retry', maxDeliver: 5, backoffMs: [30, 60] }, (d) => {
        rec.deliveries.push(d);
        if (d.event.id === 'r1') {
          at.push(Date.now());
          if (d.deliveryCount < 3) throw new Error('not yet');
        }
      });
      await rec.until((ds) => ds.some((d) => d.event.id === 'r1' && d.deliveryCount === 3));
      await rec.until((ds) => ds.some((d) => d.event.id === 'r2'));
      await sub.stop();
      const r1 = rec.deliveries.filter((d) => d.event.id === 'r1').map((d) => d.deliveryCount);
      expect(r1).toEqual([1, 2, 3]);
      expect(rec.deliveries.filter((d) => d.event.id === 'r2')).toHaveLength(1);
      // redelivery waits at least the backoff for its delivery count (a lower bound only)
      expect(at[1]! - at[0]!).toBeGreaterThanOrEqual(25);
      expect(at[2]! - at[1]!).toBeGreaterThanOrEqual(55);
      expect(await bus.deadLetters('retry')).toEqual([]);
    });

    it('dead-letters an event after maxDeliver failed deliveries, keeps it, and moves on', async () => {
      await bus.publish(testEvent('poison'));
      await bus.publish(testEvent('fine'));
      const rec = recorder();
      const sub = await consume(
        bus,
        { durable: 'dlq', maxDeliver: 3, backoffMs: [10] },
        rec,
        (d) => d.event.id === 'poison',
      );
      await eventually(async () => (await bus.deadLetters('dlq')).length === 1);
      await rec.until((ds) => ds.some((d) => d.event.id === 'fine'));
      await sub.stop();
      const [dead] = await bus.deadLetters('dlq');
      expect(dead?.event).toEqual(testEvent('poison'));
      expect(dead?.deliveries).toBe(3);
      expect(dead?.durable).toBe('dlq');
      expect(dead?.error).toContain('boom poison');
      expect(rec.deliveries.filter((d) => d.event.id === 'poison').map((d) => d.deliveryCount)).toEqual([
        1, 2, 3,
      ]);
      // a dead letter is not redelivered to the durable
      const again = recorder();
      const sub2 = await consume(bus, { durable: 'dlq', maxDeliver: 3, backoffMs: [10] }, again);
      await bus.publish(testEvent('after'));
      await again.until((ds) => ds.some((d) => d.event.id === 'after'));
      await sub2.stop();
      expect(again.ids()).toEqual(['after']);
      expect(await bus.deadLetters('other')).toEqual([]);
    });

    it('replays from a sequence and from a time, with type filter and limit', async () => {
      await bus.publish(testEvent('p1'));
      const s2 = await bus.publish(testEvent('p2', ADJUSTED));
      await sleep(50);
      const t = new Date().toISOString();
      await sleep(50);
      await bus.publish(testEvent('p3'));
      await bus.publish(testEvent('p4', ADJUSTED));
      const ids = (rs: { event: BusEvent }[]) => rs.map((r) => r.event.id);
      expect(ids(await bus.replay({ start: { from: 'sequence', sequence: s2.sequence } }))).toEqual([
        'p2',
        'p3',
        'p4',
      ]);
      expect(ids(await bus.replay({ start: { from: 'time', time: t } }))).toEqual(['p3', 'p4']);
      expect(ids(await bus.replay({ start: { from: 'first' }, types: [ADJUSTED] }))).toEqual(['p2', 'p4']);
      expect(ids(await bus.replay({ start: { from: 'first' }, limit: 2 }))).toEqual(['p1', 'p2']);
      expect(await bus.replay({ start: { from: 'new' } })).toEqual([]);
    });

    it('a new durable starts from a sequence, from new, or filtered by type', async () => {
      await bus.publish(testEvent('n1'));
      const s2 = await bus.publish(testEvent('n2', ADJUSTED));
      await bus.publish(testEvent('n3'));
      const fromSeq = recorder();
      const a = await consume(
        bus,
        { durable: 'from-seq', start: { from: 'sequence', sequence: s2.sequence } },
        fromSeq,
      );
      const fromNew = recorder();
      const b = await consume(bus, { durable: 'from-new', start: { from: 'new' } }, fromNew);
      const typed = recorder();
      const c = await consume(bus, { durable: 'typed', types: [ADJUSTED] }, typed);
      await bus.publish(testEvent('n4', ADJUSTED));
      await fromSeq.until((ds) => ds.length >= 3);
      await fromNew.until((ds) => ds.length >= 1);
      await typed.until((ds) => ds.length >= 2);
      await Promise.all([a.stop(), b.stop(), c.stop()]);
      expect(fromSeq.ids()).toEqual(['n2', 'n3', 'n4']);
      expect(fromNew.ids()).toEqual(['n4']);
      expect(typed.ids()).toEqual(['n2', 'n4']);
    });

    it('rejects bad durable names and use after close', async () => {
      await expect(bus.subscribe({ durable: 'bad.name' }, () => {})).rejects.toMatchObject({
        code: 'VALIDATION_FAILED',
      });
      await bus.close();
      await bus.close();
      await expect(bus.publish(testEvent('late'))).rejects.toMatchObject({ code: 'STORE_UNAVAILABLE' });
    });
  });
}
