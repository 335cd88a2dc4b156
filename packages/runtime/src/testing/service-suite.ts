import {
  asId,
  type Item,
  type Location,
  type LocationGroup,
  positionToJson,
  type Sku,
} from '@omnistock/core';
import { Ledger } from '@omnistock/ledger';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { InMemoryEventBus } from '../bus/memory-bus';
import { InventoryService } from '../service/inventory-service';
import type { IngestResult, ReservationResult, ReserveCommand } from '../service/types';
import type { StoreHarness } from './store-contract';

const items: Item[] = [
  { sku: asId<Sku>('A'), unit: 'each' },
  { sku: asId<Sku>('B'), unit: 'each' },
];
const locations: Location[] = [
  { id: asId('S1'), type: 'store', priority: 1, eligibility: { ship: true, pickup: true } },
  { id: asId('S2'), type: 'store', priority: 2, eligibility: { ship: true, pickup: true } },
  { id: asId('DC'), type: 'dc', priority: 3, eligibility: { ship: true, pickup: false } },
];
const groups: LocationGroup[] = [{ id: asId('uk'), locations: [asId('S1'), asId('S2')] }];
const T0 = '2026-03-01T10:00:00.000Z';
const T1 = '2026-03-01T11:00:00.000Z';
const T2 = '2026-03-01T12:00:00.000Z';
const HOLD = '2026-03-01T10:15:00.000Z';

/** A CloudEvent for the suite. */
function event(id: string, kind: string, data: Record<string, unknown>, time = T0): Record<string, unknown> {
  return {
    specversion: '1.0',
    id,
    source: 'pos/store-1',
    type: `omnistock.${kind}.v1`,
    time,
    subject: data.sku,
    partitionkey: data.sku,
    datacontenttype: 'application/json',
    data,
  };
}
const received = (id: string, sku: string, location: string, qty: string, time = T0) =>
  event(id, 'stock.received', { sku, location, qty }, time);

/**
 * The {@link InventoryService} suite: the facade over one store, run against every store (fresh and
 * empty per test, on the suite's clock: the store checks idempotency retention with its own). It checks the facade's guarantees end to end, including that the positions on
 * disk always equal the pure ledger's projection of the store's event log.
 * @example
 * runServiceSuite('InMemoryInventoryStore', async (now) => {
 *   const store = new InMemoryInventoryStore({ now });
 *   return { store, dispose: () => store.close() };
 * });
 */
export function runServiceSuite(name: string, factory: (clock: () => string) => Promise<StoreHarness>): void {
  describe(`InventoryService over ${name}`, () => {
    let h: StoreHarness;
    let now: number;
    let bus: InMemoryEventBus;
    let service: InventoryService;
    let ids: number;
    beforeEach(async () => {
      now = Date.parse(T0);
      h = await factory(() => new Date(now).toISOString());
      ids = 0;
      bus = new InMemoryEventBus();
      service = new InventoryService({
        store: h.store,
        bus,
        items,
        locations,
        groups,
        policies: { rules: [] },
        clock: () => new Date(now),
        idGenerator: () => `gen-${++ids}`,
      });
    });
    afterEach(async () => {
      await h.dispose();
    });

    const onHand = async (sku: string, location: string) =>
      (await service.positions(sku)).find((p) => p.location === location);
    const ingestOk = async (events: unknown[]) => {
      const r = await service.ingest(events);
      if (!r.ok) throw new Error(r.error.message);
      return r.value;
    };
    const reserveOk = async (cmd: Partial<ReserveCommand> & Pick<ReserveCommand, 'lines'>) => {
      const r = await service.reserve({
        idempotencyKey: `k-${cmd.reservationId}`,
        channel: 'web',
        expiresAt: HOLD,
        ...cmd,
      });
      if (!r.ok) throw new Error(`${r.error.code}: ${r.error.message}`);
      return r.value;
    };
    /** The positions on disk are exactly a fresh ledger's projection of the store's whole log. */
    const expectDiskMatchesLedger = async () => {
      const ledger = new Ledger({ items: new Map(items.map((i) => [i.sku as string, i])) });
      for (const e of await h.store.readEvents(0, 100_000)) ledger.ingest(e.payload);
      expect(await service.positions()).toEqual(ledger.positions().map(positionToJson));
    };

    it('ingests events into positions that match the pure ledger', async () => {
      const out = await ingestOk([
        received('e1', 'A', 'S1', '10'),
        received('e2', 'A', 'S2', '4'),
        event('e3', 'stock.adjusted', { sku: 'A', location: 'S1', delta: '-2', reasonCode: 'shrinkage' }),
      ]);
      expect(out.map((o) => o.status)).toEqual(['accepted', 'accepted', 'accepted']);
      expect((await onHand('A', 'S1'))?.onHand).toBe('8');
      expect((await onHand('A', 'S2'))?.onHand).toBe('4');
      expect((await h.store.readEvents(0, 10)).map((e) => e.id)).toEqual(['e1', 'e2', 'e3']);
      await expectDiskMatchesLedger();
    });

    it('reports duplicates, quarantines invalid events whole and resubmits them fixed', async () => {
      await ingestOk([received('e1', 'A', 'S1', '10')]);
      const out = await ingestOk([
        received('e1', 'A', 'S1', '10'),
        received('bad-1', 'NOPE', 'S1', '1'),
        received('bad-2', 'A', 'S1', '1.5'),
        { id: 'junk' },
      ]);
      expect(out.map((o) => o.status)).toEqual(['duplicate', 'quarantined', 'quarantined', 'quarantined']);
      const q1 = out[1];
      if (q1?.status !== 'quarantined') throw new Error('expected quarantine');
      expect(q1.code).toBe('ITEM_UNKNOWN');
      const q2 = out[2];
      if (q2?.status !== 'quarantined') throw new Error('expected quarantine');
      expect(q2.code).toMatch(/^QUANTITY_/);
      expect(q2.path).toEqual(['data', 'qty']);
      expect((await onHand('A', 'S1'))?.onHand).toBe('10');
      const listed = await service.quarantine();
      expect(listed.map((q) => [q.id, q.reasonCode])).toEqual([
        [q1.quarantineId, 'ITEM_UNKNOWN'],
        [q2.quarantineId, q2.code],
        [out[3]?.status === 'quarantined' ? out[3].quarantineId : -1, expect.any(String)],
      ]);
      expect(listed[0]?.raw).toEqual(received('bad-1', 'NOPE', 'S1', '1'));

      const still = await service.resubmit(q1.quarantineId);
      expect(still.ok && still.value.status).toBe('quarantined');
      expect((await service.quarantine()).length).toBe(3);
      // a "fix" that fails for another reason: the entry keeps its id and submitter, shows the input
      // that failed last and why, and counts the failed re-submissions
      const wrongFix = {
        ...received('bad-1', 'A', 'S1', '1'),
        data: { sku: 'A', location: 'S1', qty: '-1' },
      };
      const stillBad = await service.resubmit(q1.quarantineId, wrongFix, 'ops/alice');
      expect(stillBad.ok && stillBad.value.status).toBe('quarantined');
      const kept = (await service.quarantine()).find((q) => q.id === q1.quarantineId);
      expect(kept).toMatchObject({ raw: wrongFix, path: ['data', 'qty'], principal: null, resubmissions: 2 });
      expect(kept?.reasonCode).toMatch(/^QUANTITY_/);
      const byKey = await service.ingest([received('bad-3', 'NOPE', 'S1', '1')], 'key:wms');
      const q3 = byKey.ok ? byKey.value[0] : undefined;
      if (q3?.status !== 'quarantined') throw new Error('expected quarantine');
      expect((await service.quarantine()).find((q) => q.id === q3.quarantineId)).toMatchObject({
        principal: 'key:wms',
        path: ['data', 'sku'],
        resubmissions: 0,
      });
      const fixed = await service.resubmit(q1.quarantineId, received('bad-1', 'A', 'S1', '1'), 'ops/alice');
      expect(fixed).toMatchObject({ ok: true, value: { status: 'accepted', eventId: 'bad-1' } });
      const stored = (await h.store.readEvents(0, 100)).find((e) => e.id === 'bad-1');
      expect(stored?.principal).toBe('ops/alice');
      expect((await onHand('A', 'S1'))?.onHand).toBe('11');
      expect((await service.quarantine()).map((q) => q.id)).not.toContain(q1.quarantineId);
      expect((await service.resubmit(999)).ok).toBe(false);
      await expectDiskMatchesLedger();
    });

    it('a re-delivered invalid event is the same quarantine entry while it waits; junk without an id is not deduped', async () => {
      const bad = received('bad-9', 'A', 'S1', 'x');
      const first = await ingestOk([bad]);
      const again = await ingestOk([
        bad,
        { ...bad },
        received('bad-9', 'A', 'S1', 'y'),
        { no: 'id' },
        { no: 'id' },
      ]);
      const q = (r: IngestResult | undefined) => (r?.status === 'quarantined' ? r.quarantineId : -1);
      expect(again.map((r) => r.status)).toEqual(Array(5).fill('quarantined'));
      expect([q(again[0]), q(again[1])]).toEqual([q(first[0]), q(first[0])]);
      // the same id with other content is another input: its own entry
      expect(q(again[2])).not.toBe(q(first[0]));
      expect(q(again[3])).not.toBe(q(again[4]));
      expect((await service.quarantine()).map((e) => e.id)).toEqual([
        q(first[0]),
        q(again[2]),
        q(again[3]),
        q(again[4]),
      ]);
      // once its entry is closed (fixed and applied), the broken input sent again waits anew
      expect((await service.resubmit(q(first[0]), received('bad-9', 'A', 'S1', '1'))).ok).toBe(true);
      const [later] = await ingestOk([bad]);
      expect(later).toMatchObject({ status: 'quarantined', code: 'QUANTITY_INVALID' });
      expect(q(later)).not.toBe(q(first[0]));
    });

    it('quarantines an event at a location the catalog does not know, before anything is applied', async () => {
      await ingestOk([received('e1', 'A', 'S1', '10')]);
      const out = await ingestOk([
        received('x1', 'A', 'XX', '5'),
        event('x2', 'transfer.shipped', { sku: 'A', from: 'S1', to: 'XX', qty: '1', transferId: 't1' }),
        received('e2', 'A', 'S1', '1'),
        event('e3', 'stock.statusChanged', {
          sku: 'A',
          location: 'S1',
          qty: '1',
          from: 'sellable',
          to: 'damaged',
        }),
      ]);
      expect(out.map((o) => o.status)).toEqual(['quarantined', 'quarantined', 'accepted', 'accepted']);
      expect(out[0]).toMatchObject({ code: 'LOCATION_UNKNOWN', path: ['data', 'location'] });
      expect(out[1]).toMatchObject({ code: 'LOCATION_UNKNOWN', path: ['data', 'to'] });
      // nothing of the refused events is applied, and the sku's availability still answers
      expect((await onHand('A', 'S1'))?.onHand).toBe('11');
      expect((await h.store.listPositions('A')).map((p) => p.position.location)).toEqual(['S1']);
      const atp = await service.availability({ sku: 'A', location: 'S1', channel: 'web' });
      expect(atp.ok).toBe(true);
      const q = out[0]?.status === 'quarantined' ? out[0].quarantineId : -1;
      const fixed = await service.resubmit(q, received('x1', 'A', 'S2', '5'));
      expect(fixed).toMatchObject({ ok: true, value: { status: 'accepted', eventId: 'x1' } });
      expect((await onHand('A', 'S2'))?.onHand).toBe('5');
      await expectDiskMatchesLedger();
    });

    it('lets a count absorb a sale dated before it that arrives late', async () => {
      await ingestOk([received('e1', 'A', 'S1', '10', T0)]);
      await ingestOk([event('c1', 'stock.counted', { sku: 'A', location: 'S1', onHand: '7' }, T2)]);
      const late = await ingestOk([event('s1', 'sale.recorded', { sku: 'A', location: 'S1', qty: '2' }, T1)]);
      expect(late[0]).toMatchObject({ status: 'accepted', outcome: 'absorbed' });
      expect((await onHand('A', 'S1'))?.onHand).toBe('7');
      await ingestOk([
        event('s2', 'sale.recorded', { sku: 'A', location: 'S1', qty: '1' }, '2026-03-01T13:00:00Z'),
      ]);
      expect((await onHand('A', 'S1'))?.onHand).toBe('6');
      await expectDiskMatchesLedger();
    });

    it('reserve → commit → fulfil consumes onHand once and publishes through the outbox', async () => {
      await ingestOk([received('e1', 'A', 'S1', '10')]);
      const held = await reserveOk({
        reservationId: asId('r1'),
        lines: [{ sku: asId('A'), location: asId('S1'), qty: '3' }],
      });
      expect(held.reservation).toMatchObject({ id: 'r1', state: 'held', version: 1 });
      expect(await onHand('A', 'S1')).toMatchObject({ onHand: '10', reserved: '3', committed: '0' });
      const committed = await service.commit('r1', { expectedVersion: 1, orderRef: 'o-1' });
      expect(committed.ok && committed.value.reservation).toMatchObject({ state: 'committed', version: 2 });
      expect(await onHand('A', 'S1')).toMatchObject({ onHand: '10', reserved: '0', committed: '3' });
      const part = await service.fulfil('r1', {
        lines: [{ sku: asId('A'), location: asId('S1'), qty: '1' }],
      });
      expect(part.ok && part.value.reservation.state).toBe('committed');
      const rest = await service.fulfil('r1', {
        lines: [{ sku: asId('A'), location: asId('S1'), qty: '2' }],
      });
      expect(rest.ok && rest.value.reservation.state).toBe('fulfilled');
      expect(await onHand('A', 'S1')).toMatchObject({ onHand: '7', reserved: '0', committed: '0' });
      const again = await service.fulfil('r1', {
        lines: [{ sku: asId('A'), location: asId('S1'), qty: '1' }],
      });
      expect(again.ok ? 'ok' : again.error.code).toBe('INVALID_TRANSITION');
      expect((await onHand('A', 'S1'))?.onHand).toBe('7');
      await expectDiskMatchesLedger();

      expect(await service.relayOutbox()).toBe(4);
      const types = (await bus.replay({ start: { from: 'first' } })).map((e) => e.event.type);
      expect(types).toEqual([
        'omnistock.reservation.held.v1',
        'omnistock.reservation.committed.v1',
        'omnistock.reservation.fulfilled.v1',
        'omnistock.reservation.fulfilled.v1',
      ]);
    });

    it('does not double-decrement when a POS sale names the reservation it fulfils', async () => {
      await ingestOk([received('e1', 'A', 'S1', '10')]);
      await reserveOk({
        reservationId: asId('r1'),
        lines: [{ sku: asId('A'), location: asId('S1'), qty: '2' }],
      });
      await ingestOk([
        event('pos-1', 'sale.recorded', { sku: 'A', location: 'S1', qty: '2', reservationId: 'r1' }),
      ]);
      expect(await onHand('A', 'S1')).toMatchObject({ onHand: '8', reserved: '0' });
      // the sale consumed the reservation itself: it is fulfilled, not left to expire
      expect((await service.reservation('r1'))?.state).toBe('fulfilled');
      const f = await service.fulfil('r1', { lines: [{ sku: asId('A'), location: asId('S1'), qty: '2' }] });
      expect(f.ok ? 'fulfilled again' : f.error.code).toBe('INVALID_TRANSITION');
      now = Date.parse('2026-03-02T10:00:00Z');
      expect(await service.expireDue()).toEqual({ ok: true, value: { expired: [], skipped: [] } });
      expect(await onHand('A', 'S1')).toMatchObject({ onHand: '8', reserved: '0', committed: '0' });
      await expectDiskMatchesLedger();
    });

    it('a partial POS sale naming a hold fulfils that much; the rest stays held and expires', async () => {
      await ingestOk([received('e1', 'A', 'S1', '10')]);
      await reserveOk({
        reservationId: asId('r1'),
        lines: [{ sku: asId('A'), location: asId('S1'), qty: '3' }],
      });
      await ingestOk([
        event('pos-1', 'sale.recorded', { sku: 'A', location: 'S1', qty: '1', reservationId: 'r1' }),
      ]);
      const view = await service.reservation('r1');
      expect(view?.state).toBe('held');
      expect(view?.lines[0]).toMatchObject({ qty: '3', fulfilledQty: '1' });
      expect(await onHand('A', 'S1')).toMatchObject({ onHand: '9', reserved: '2' });
      // the till re-sends the same sale: a duplicate, nothing fulfilled twice
      await service.ingest([
        event('pos-1', 'sale.recorded', { sku: 'A', location: 'S1', qty: '1', reservationId: 'r1' }),
      ]);
      expect((await service.reservation('r1'))?.lines[0]?.fulfilledQty).toBe('1');
      now = Date.parse('2026-03-02T10:00:00Z');
      const pass = await service.expireDue();
      expect(pass.ok && pass.value.expired).toEqual(['r1']);
      expect(await onHand('A', 'S1')).toMatchObject({ onHand: '9', reserved: '0' });
      await expectDiskMatchesLedger();
    });

    it('splits a group reservation across locations by priority, all or nothing', async () => {
      await ingestOk([received('e1', 'A', 'S1', '3'), received('e2', 'A', 'S2', '5')]);
      const r = await reserveOk({
        reservationId: asId('g1'),
        lines: [{ sku: asId('A'), group: asId('uk'), qty: '5' }],
      });
      expect(r.reservation.lines.map((l) => [l.location, l.qty])).toEqual([
        ['S1', '3'],
        ['S2', '2'],
      ]);
      expect((await onHand('A', 'S1'))?.reserved).toBe('3');
      expect((await onHand('A', 'S2'))?.reserved).toBe('2');
      const net = await service.availability({ sku: 'A', group: 'uk', channel: 'web' });
      expect(net.ok && net.value.atp).toBe('3');
      const tooMuch = await service.reserve({
        idempotencyKey: 'k-g2',
        reservationId: asId('g2'),
        channel: asId('web'),
        expiresAt: HOLD,
        lines: [
          { sku: asId('A'), group: asId('uk'), qty: '2' },
          { sku: asId('A'), location: asId('S2'), qty: '2' },
        ],
      });
      expect(tooMuch.ok ? 'ok' : tooMuch.error.code).toBe('INSUFFICIENT_STOCK');
      expect((await onHand('A', 'S2'))?.reserved).toBe('2');
      const partial = await reserveOk({
        reservationId: asId('g3'),
        allowPartial: true,
        lines: [{ sku: asId('A'), group: asId('uk'), qty: '5' }],
      });
      expect(partial.shortfalls).toMatchObject([{ requested: '5', reserved: '3' }]);
      await expectDiskMatchesLedger();
    });

    it('never reserves units a status change out of an empty damaged bucket seems to add', async () => {
      // damaged → sellable 2 with nothing damaged (the move into damaged is lost or late): damaged −2
      await ingestOk([
        received('e1', 'A', 'S1', '10'),
        event('e2', 'stock.statusChanged', {
          sku: 'A',
          location: 'S1',
          qty: '2',
          from: 'damaged',
          to: 'sellable',
        }),
      ]);
      expect(await onHand('A', 'S1')).toMatchObject({ onHand: '10', damaged: '-2' });
      const one = await service.availability({ sku: 'A', location: 'S1', channel: 'web', explain: true });
      expect(one.ok && one.value.atp).toBe('10');
      expect(one.ok && one.value.explanation?.text).toBe(
        'onHand 10, damaged 0 [recorded −2, an exception: counts as 0] → 10',
      );
      const tooMuch = await service.reserve({
        idempotencyKey: 'k-d1',
        reservationId: asId('d1'),
        channel: asId('web'),
        expiresAt: HOLD,
        lines: [{ sku: asId('A'), location: asId('S1'), qty: '11' }],
      });
      expect(tooMuch.ok ? 'ok' : tooMuch.error.code).toBe('INSUFFICIENT_STOCK');
      await reserveOk({
        reservationId: asId('d2'),
        lines: [{ sku: asId('A'), location: asId('S1'), qty: '10' }],
      });
      expect((await onHand('A', 'S1'))?.reserved).toBe('10');
      await expectDiskMatchesLedger();
    });

    it('replays an idempotency key and names the field of a conflicting reuse', async () => {
      await ingestOk([received('e1', 'A', 'S1', '10')]);
      const cmd: ReserveCommand = {
        idempotencyKey: 'cart-7',
        channel: asId('web'),
        expiresAt: HOLD,
        lines: [{ sku: asId('A'), location: asId('S1'), qty: '2' }],
      };
      const first = await service.reserve(cmd);
      const second = await service.reserve(cmd);
      expect(first.ok && second.ok).toBe(true);
      if (!first.ok || !second.ok) return;
      expect(first.value.replayed).toBe(false);
      expect(second.value).toEqual({ ...first.value, replayed: true });
      expect(first.value.reservation.id).toBe('gen-1');
      expect((await onHand('A', 'S1'))?.reserved).toBe('2');
      const changed = await service.reserve({
        ...cmd,
        lines: [{ sku: asId('A'), location: asId('S1'), qty: '3' }],
      });
      expect(changed.ok ? undefined : changed.error).toMatchObject({
        code: 'IDEMPOTENCY_CONFLICT',
        details: { key: 'cart-7', field: 'lines[0].qty' },
      });
      const otherType = await service.commit('gen-1', { idempotencyKey: 'cart-7' });
      expect(otherType.ok ? undefined : otherType.error.details).toMatchObject({ field: 'type' });
      expect((await onHand('A', 'S1'))?.reserved).toBe('2');
    });

    it('refuses a stale expectedVersion and invalid commands before anything changes', async () => {
      await ingestOk([received('e1', 'A', 'S1', '10')]);
      await reserveOk({
        reservationId: asId('r1'),
        lines: [{ sku: asId('A'), location: asId('S1'), qty: '2' }],
      });
      expect((await service.extend('r1', { expectedVersion: 1, expiresAt: '2026-03-01T10:30:00Z' })).ok).toBe(
        true,
      );
      const stale = await service.release('r1', { expectedVersion: 1 });
      expect(stale.ok ? undefined : stale.error).toMatchObject({
        code: 'VERSION_CONFLICT',
        details: { expectedVersion: 1, actualVersion: 2 },
      });
      const bad = [
        await service.reserve({ idempotencyKey: 'x', channel: asId('web'), expiresAt: HOLD, lines: [] }),
        await service.reserve({
          idempotencyKey: 'y',
          channel: asId('web'),
          expiresAt: HOLD,
          lines: [{ sku: asId('A'), location: asId('S1'), qty: '1.5' }],
        }),
        await service.reserve({
          idempotencyKey: 'z',
          channel: asId('web'),
          expiresAt: HOLD,
          lines: [{ sku: asId('ZZ'), location: asId('S1'), qty: '1' }],
        }),
        await service.release('r1', { expectedVersion: 0 }),
        await service.fulfil('r1', { lines: [] }),
        await service.commit('nope'),
      ];
      expect(bad.map((r) => (r.ok ? 'ok' : r.error.code))).toEqual([
        'VALIDATION_FAILED',
        'QUANTITY_SCALE_EXCEEDED',
        'ITEM_UNKNOWN',
        'VALIDATION_FAILED',
        'VALIDATION_FAILED',
        'RESERVATION_NOT_FOUND',
      ]);
      expect(await onHand('A', 'S1')).toMatchObject({ onHand: '10', reserved: '2' });
      expect((await service.reservation('r1'))?.version).toBe(2);
      await expectDiskMatchesLedger();
    });

    it('expires due holds through the scheduler and gives the stock back', async () => {
      await ingestOk([received('e1', 'A', 'S1', '10')]);
      await reserveOk({
        reservationId: asId('due'),
        lines: [{ sku: asId('A'), location: asId('S1'), qty: '2' }],
      });
      await reserveOk({
        reservationId: asId('later'),
        expiresAt: '2026-03-01T12:00:00Z',
        lines: [{ sku: asId('A'), location: asId('S1'), qty: '3' }],
      });
      now = Date.parse('2026-03-01T10:20:00Z');
      const late = await service.commit('due');
      expect(late.ok ? 'ok' : late.error.code).toBe('RESERVATION_EXPIRED');
      const pass = await service.expireDue();
      expect(pass).toEqual({ ok: true, value: { expired: ['due'], skipped: [] } });
      expect((await service.reservation('due'))?.state).toBe('expired');
      expect((await service.reservation('later'))?.state).toBe('held');
      expect((await onHand('A', 'S1'))?.reserved).toBe('3');
      expect(await service.expireDue()).toEqual({ ok: true, value: { expired: [], skipped: [] } });
      await expectDiskMatchesLedger();
    });

    it('moves a held line to another location only when that location can cover it', async () => {
      await ingestOk([
        received('e1', 'A', 'S1', '5'),
        received('e2', 'A', 'S2', '1'),
        received('e3', 'A', 'DC', '9'),
      ]);
      await reserveOk({
        reservationId: asId('t1'),
        lines: [{ sku: asId('A'), location: asId('S1'), qty: '3' }],
      });
      const short = await service.transfer('t1', { sku: asId('A'), from: asId('S1'), to: asId('S2') });
      expect(short.ok ? 'ok' : short.error.code).toBe('INSUFFICIENT_STOCK');
      const moved = await service.transfer('t1', { sku: asId('A'), from: asId('S1'), to: asId('DC') });
      expect(moved.ok && moved.value.reservation.lines.map((l) => l.location)).toEqual(['DC']);
      expect((await onHand('A', 'S1'))?.reserved).toBe('0');
      expect((await onHand('A', 'DC'))?.reserved).toBe('3');
      expect((await service.release('t1', { reason: 'cancelled' })).ok).toBe(true);
      expect((await onHand('A', 'DC'))?.reserved).toBe('0');
      await expectDiskMatchesLedger();
    });

    it('answers availability for one location, a batch and per date, with an explanation', async () => {
      await ingestOk([
        received('e1', 'A', 'S1', '10'),
        received('e2', 'B', 'S2', '4'),
        event('sup-1', 'supply.expected', {
          sku: 'A',
          location: 'S1',
          qty: '5',
          eta: '2026-03-03T00:00:00Z',
          supplyId: 'po-1',
        }),
      ]);
      await reserveOk({
        reservationId: asId('r1'),
        lines: [{ sku: asId('A'), location: asId('S1'), qty: '4' }],
      });
      const one = await service.availability({ sku: 'A', location: 'S1', channel: 'web', explain: true });
      expect(one.ok && one.value.atp).toBe('6');
      expect(one.ok && one.value.explanation?.text).toContain('reserved −4');
      const batch = await service.batchAvailability({
        skus: ['A', 'B'],
        locations: ['S1', 'S2'],
        channel: 'web',
      });
      expect(batch.ok && batch.value.map((r) => r.atp)).toEqual(['6', '0', '0', '4']);
      const phased = await service.timePhased({
        sku: 'A',
        location: 'S1',
        channel: 'web',
        dates: ['2026-03-01T00:00:00Z', '2026-03-04T00:00:00Z'],
      });
      expect(phased.ok).toBe(true);
      const bad = await service.availability({ sku: 'A', channel: 'web' });
      expect(bad.ok ? 'ok' : bad.error.code).toBe('VALIDATION_FAILED');
      const unknown = await service.availability({ sku: 'A', location: 'XX', channel: 'web' });
      expect(unknown.ok ? 'ok' : unknown.error.code).toBe('LOCATION_UNKNOWN');
    });

    it('never oversells: 200 concurrent 1-unit reserves on 100 units → exactly 100 succeed', async () => {
      await ingestOk([received('e1', 'A', 'S1', '100')]);
      const results = await Promise.all(
        Array.from({ length: 200 }, (_, i) =>
          service.reserve({
            idempotencyKey: `hot-${i}`,
            reservationId: asId(`hot-${i}`),
            channel: asId('web'),
            expiresAt: HOLD,
            lines: [{ sku: asId('A'), location: asId('S1'), qty: '1' }],
          }),
        ),
      );
      const okCount = results.filter((r) => r.ok).length;
      const codes = new Set(results.flatMap((r) => (r.ok ? [] : [r.error.code])));
      expect(okCount).toBe(100);
      expect([...codes]).toEqual(['INSUFFICIENT_STOCK']);
      expect(await onHand('A', 'S1')).toMatchObject({ onHand: '100', reserved: '100' });
      await expectDiskMatchesLedger();
    });

    it('two services over one store: 200 concurrent reserves on 100 units → exactly 100', async () => {
      await ingestOk([received('e1', 'A', 'S1', '100')]);
      const other = new InventoryService({
        store: h.store,
        items,
        locations,
        groups,
        policies: { rules: [] },
        clock: () => new Date(now),
      });
      const results = await Promise.all(
        Array.from({ length: 200 }, (_, i) =>
          (i % 2 === 0 ? service : other).reserve({
            idempotencyKey: `two-${i}`,
            reservationId: `two-${i}`,
            channel: 'web',
            expiresAt: HOLD,
            lines: [{ sku: 'A', location: 'S1', qty: '1' }],
          }),
        ),
      );
      expect(results.filter((r) => r.ok).length).toBe(100);
      expect([...new Set(results.flatMap((r) => (r.ok ? [] : [r.error.code])))]).toEqual([
        'INSUFFICIENT_STOCK',
      ]);
      expect(await onHand('A', 'S1')).toMatchObject({ onHand: '100', reserved: '100' });
      await expectDiskMatchesLedger();
    });

    it('reconciles an ERP snapshot: exceptions beyond tolerance, and corrections that persist', async () => {
      await ingestOk([received('e1', 'A', 'S1', '10', T0), received('e2', 'B', 'S1', '5', T0)]);
      const snapshot = {
        asOf: T1,
        rows: [
          { sku: 'A', location: 'S1', onHand: '8' },
          { sku: 'B', location: 'S1', onHand: '5' },
          { sku: 'A', location: 'S2', onHand: '2' },
        ],
      };
      const report = await service.reconcile(snapshot, { tolerance: '1' });
      expect(report.ok && report.value.report.exceptions.map((e) => [e.sku, e.location, e.kind])).toEqual([
        ['A', 'S1', 'mismatch'],
        ['A', 'S2', 'unknownToOmnistock'],
      ]);
      expect((await onHand('A', 'S1'))?.onHand).toBe('10');
      const fixed = await service.reconcile(snapshot, {
        tolerance: '1',
        emitCorrections: true,
        principal: 'ops/alice',
      });
      expect(fixed.ok && fixed.value.corrections.map((c) => c.status)).toEqual(['accepted', 'accepted']);
      // the corrections carry who asked for them: the ledger is the audit trail (DESIGN §9)
      const stored = (await h.store.readEvents(0, 100)).filter(
        (e) => e.type === 'omnistock.stock.counted.v1',
      );
      expect(stored.map((e) => e.principal)).toEqual(['ops/alice', 'ops/alice']);
      expect((await onHand('A', 'S1'))?.onHand).toBe('8');
      expect((await onHand('A', 'S2'))?.onHand).toBe('2');
      const after = await service.reconcile(snapshot, { tolerance: '0' });
      expect(after.ok && after.value.report.exceptions).toEqual([]);
      await expectDiskMatchesLedger();
    });

    it('rebuilds its projection from the store: a second service over the same store agrees', async () => {
      await ingestOk([received('e1', 'A', 'S1', '10')]);
      await reserveOk({
        reservationId: asId('r1'),
        lines: [{ sku: asId('A'), location: asId('S1'), qty: '4' }],
      });
      const other = new InventoryService({
        store: h.store,
        items,
        locations,
        groups,
        policies: { rules: [] },
        clock: () => new Date(now),
      });
      const f: Awaited<ReturnType<typeof other.fulfil>> = await other.fulfil('r1', {
        lines: [{ sku: asId('A'), location: asId('S1'), qty: '1' }],
      });
      expect(f.ok).toBe(true);
      // the first service's cache is behind the store now: its next write catches up first
      const r: ReservationResult = await reserveOk({
        reservationId: asId('r2'),
        lines: [{ sku: asId('A'), location: asId('S1'), qty: '6' }],
      });
      expect(r.reservation.state).toBe('held');
      expect(await onHand('A', 'S1')).toMatchObject({ onHand: '9', reserved: '9' });
      await expectDiskMatchesLedger();
    });
  });
}
