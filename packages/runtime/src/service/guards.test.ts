import { asId, type Item, type Location, type LocationId, type Sku } from '@omnistock/core';
import { describe, expect, it } from 'vitest';
import { InMemoryInventoryStore } from '../store/memory-store';
import { InventoryService } from './inventory-service';

const items: Item[] = [
  { sku: asId<Sku>('A'), unit: 'each' },
  { sku: asId<Sku>('RICE'), unit: 'kg' },
];
const locations: Location[] = [{ id: asId<LocationId>('S1'), type: 'store' }];
const T0 = '2026-03-01T10:00:00.000Z';
const received = {
  specversion: '1.0',
  id: 'e1',
  source: 'wms/dc-1',
  type: 'omnistock.stock.received.v1',
  time: T0,
  subject: 'A',
  partitionkey: 'A',
  data: { sku: 'A', location: 'S1', qty: '5' },
};
const reserve = {
  idempotencyKey: 'k1',
  reservationId: 'r1',
  channel: 'web',
  expiresAt: '2026-03-01T10:15:00.000Z',
  lines: [{ sku: 'A', location: 'S1', qty: '1' }],
};

describe('InventoryService guards', () => {
  it('records the principal of ingested events and of reservation commands in the log', async () => {
    const store = new InMemoryInventoryStore({ now: () => T0 });
    const service = new InventoryService({
      store,
      items,
      locations,
      policies: { rules: [] },
      clock: () => new Date(T0),
    });
    expect((await service.ingest([received], 'key:wms')).ok).toBe(true);
    expect((await service.reserve(reserve, 'key:web')).ok).toBe(true);
    expect((await store.readEvents(0, 10)).map((e) => [e.id, e.principal])).toEqual([
      ['e1', 'key:wms'],
      ['r1@1', 'key:web'],
    ]);
  });

  it('fails loudly when a store commits a decision without appending its events', async () => {
    const store = new InMemoryInventoryStore({ now: () => T0 });
    const original = store.reserve.bind(store);
    store.reserve = (req) =>
      original({
        ...req,
        decide: (rows) => {
          const d = req.decide(rows);
          return d.ok ? { ...d, events: [] } : d;
        },
      });
    const service = new InventoryService({
      store,
      items,
      locations,
      policies: { rules: [] },
      clock: () => new Date(T0),
    });
    await service.ingest([received]);
    const r = await service.reserve(reserve).catch((e: unknown) => e);
    expect(r).toMatchObject({ code: 'INTERNAL' });
  });

  it('compares quantities canonically for idempotency: "1.50" kg replays "1.5" kg', async () => {
    const store = new InMemoryInventoryStore({ now: () => T0 });
    const service = new InventoryService({
      store,
      items,
      locations,
      policies: { rules: [] },
      clock: () => new Date(T0),
    });
    await service.ingest([
      {
        ...received,
        id: 'rice',
        subject: 'RICE',
        partitionkey: 'RICE',
        data: { sku: 'RICE', location: 'S1', qty: '10' },
      },
    ]);
    const line = (qty: string) => ({ ...reserve, lines: [{ sku: 'RICE', location: 'S1', qty }] });
    const first = await service.reserve(line('1.50'));
    const again = await service.reserve(line('1.5'));
    expect(first.ok && !first.value.replayed).toBe(true);
    expect(again.ok && again.value.replayed).toBe(true);
    expect((await service.positions('RICE'))[0]?.reserved).toBe('1.5');
    const bad = await service.ingest('nope' as unknown as unknown[]);
    expect(bad.ok ? 'ok' : bad.error.code).toBe('VALIDATION_FAILED');
  });

  it('refuses a bad catalog or policy at construction', () => {
    expect(
      () =>
        new InventoryService({
          store: new InMemoryInventoryStore(),
          items,
          locations,
          policies: { rules: [{ scope: {}, safetyStock: { kind: 'percent', percent: '150' } }] },
        }),
    ).toThrow();
  });
});
