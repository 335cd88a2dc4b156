import { fail } from '@omnistock/core';
import { describe, expect, it } from 'vitest';
import type { TransitionDecision } from '../store/inventory-store';
import { InMemoryInventoryStore } from '../store/memory-store';
import type { PositionSnapshot, ReservationRecord } from '../store/records';
import { type FixtureLine, holdDecision, releaseDecision, seedStock } from '../testing/store-fixtures';
import { ExpiryScheduler } from './scheduler';

const lines: FixtureLine[] = [{ sku: 'A', location: 'S1', qty: '2' }];

function expire(r: ReservationRecord, rows: PositionSnapshot, now: string): TransitionDecision {
  if (r.expiresAt === null || r.expiresAt > now) return fail('INVALID_TRANSITION', 'not due');
  const released = releaseDecision()(r, rows);
  return released.ok ? { ...released, reservation: { ...released.reservation, state: 'expired' } } : released;
}

describe('ExpiryScheduler', () => {
  it('expires due holds once, gives the stock back, and skips what was resolved concurrently', async () => {
    const store = new InMemoryInventoryStore();
    await seedStock(store, 'A', 'S1', '10');
    await store.reserve({ positions: lines, decide: holdDecision('due', lines, '2026-01-01T00:01:00.000Z') });
    await store.reserve({
      positions: lines,
      decide: holdDecision('later', lines, '2026-01-01T09:00:00.000Z'),
    });
    await store.reserve({
      positions: lines,
      decide: holdDecision('raced', lines, '2026-01-01T00:01:00.000Z'),
    });
    const scheduler = new ExpiryScheduler(store, {
      decide: expire,
      positionsOf: (r) => r.lines as FixtureLine[],
      now: () => '2026-01-01T00:02:00.000Z',
    });
    // a release wins the race for "raced" between the scheduler's read and its transition
    const original = store.listExpiring.bind(store);
    store.listExpiring = async (before, limit) => {
      const due = await original(before, limit);
      await store.transition({ reservationId: 'raced', positions: lines, decide: releaseDecision() });
      return due;
    };
    const pass = await scheduler.runOnce();
    expect(pass).toEqual({ expired: ['due'], skipped: ['raced'] });
    expect((await store.getReservation('due'))?.state).toBe('expired');
    expect((await store.getReservation('raced'))?.state).toBe('released');
    expect((await store.getReservation('later'))?.state).toBe('held');
    expect((await store.getPositions([{ sku: 'A', location: 'S1' }]))[0]?.position.reserved).toBe('2');
    store.listExpiring = original;
    expect(await scheduler.runOnce()).toEqual({ expired: [], skipped: [] });
  });
});
