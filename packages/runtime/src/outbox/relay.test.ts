import { describe, expect, it } from 'vitest';
import { InMemoryEventBus } from '../bus/memory-bus';
import type { InventoryStore } from '../store/inventory-store';
import { InMemoryInventoryStore } from '../store/memory-store';
import { eventually } from '../testing/bus-contract';
import { holdDecision, seedStock } from '../testing/store-fixtures';
import { OutboxRelay } from './relay';

async function storeWithOutbox(n: number): Promise<InMemoryInventoryStore> {
  const store = new InMemoryInventoryStore();
  await seedStock(store, 'A', 'S1', '100');
  for (let i = 0; i < n; i++) {
    const lines = [{ sku: 'A', location: 'S1', qty: '1' }];
    await store.reserve({ positions: lines, decide: holdDecision(`r${i}`, lines) });
  }
  return store;
}

/** A store whose next `markPublished` fails, as if the process died between publish and mark. */
function crashBeforeMark(store: InventoryStore): InventoryStore {
  let crashed = false;
  return new Proxy(store, {
    get(target, prop, receiver) {
      if (prop === 'markPublished' && !crashed) {
        return async () => {
          crashed = true;
          throw new Error('crash between publish and mark');
        };
      }
      const v = Reflect.get(target, prop, receiver);
      return typeof v === 'function' ? v.bind(target) : v;
    },
  });
}

describe('OutboxRelay', () => {
  it('publishes pending outbox rows in order and marks them', async () => {
    const store = await storeWithOutbox(3);
    const bus = new InMemoryEventBus();
    const relay = new OutboxRelay(store, bus);
    expect(await relay.relayOnce()).toBe(3);
    expect(await relay.relayOnce()).toBe(0);
    expect((await bus.replay({ start: { from: 'first' } })).map((r) => r.event.id)).toEqual([
      'r0/held',
      'r1/held',
      'r2/held',
    ]);
    expect(await store.pendingOutbox(10)).toEqual([]);
  });

  it('a crash between publish and mark re-publishes; the bus and a deduping consumer see each event once', async () => {
    const store = await storeWithOutbox(3);
    // duplicateWindowMs 0: the bus does not dedupe, so only the consumer's dedupe protects it
    const bus = new InMemoryEventBus({ duplicateWindowMs: 0 });
    await expect(new OutboxRelay(crashBeforeMark(store), bus).relayOnce()).rejects.toThrow('crash');
    expect((await store.pendingOutbox(10)).length).toBe(3);
    const relay = new OutboxRelay(store, bus);
    expect(await relay.relayOnce()).toBe(3);
    const log = await bus.replay({ start: { from: 'first' } });
    expect(log.length).toBe(6);
    const seen = new Set<string>();
    const applied: string[] = [];
    const sub = await bus.subscribe({ durable: 'projector' }, ({ event }) => {
      if (seen.has(event.id)) return;
      seen.add(event.id);
      applied.push(event.id);
    });
    await eventually(
      async () => (await bus.replay({ start: { from: 'first' } })).length === 6 && seen.size === 3,
    );
    await sub.stop();
    expect(applied).toEqual(['r0/held', 'r1/held', 'r2/held']);

    // with the default window the bus itself absorbs the re-publish
    const store2 = await storeWithOutbox(2);
    const deduping = new InMemoryEventBus();
    await expect(new OutboxRelay(crashBeforeMark(store2), deduping).relayOnce()).rejects.toThrow('crash');
    await new OutboxRelay(store2, deduping).relayOnce();
    expect((await deduping.replay({ start: { from: 'first' } })).map((r) => r.event.id)).toEqual([
      'r0/held',
      'r1/held',
    ]);
  });

  it('runs continuously until stopped', async () => {
    const store = await storeWithOutbox(2);
    const bus = new InMemoryEventBus();
    const relay = new OutboxRelay(store, bus, { idleMs: 10 });
    relay.start();
    await eventually(async () => (await store.pendingOutbox(10)).length === 0);
    await relay.stop();
    expect((await bus.replay({ start: { from: 'first' } })).length).toBe(2);
  });
});
