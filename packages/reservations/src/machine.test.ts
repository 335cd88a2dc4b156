import {
  asId,
  type ChannelId,
  type LocationId,
  Quantity,
  type ReservationId,
  type Sku,
} from '@omnistock/core';
import { describe, expect, it } from 'vitest';
import { type MachineCommand, transition } from './machine';
import type { Reservation } from './model';
import type { ReservationState } from './wire';

const T0 = '2026-03-01T10:00:00Z';
const T1 = '2026-03-01T10:01:00Z';
const EXP = '2026-03-01T10:15:00Z';
const A = asId<Sku>('A');
const S1 = asId<LocationId>('s1');
const S2 = asId<LocationId>('s2');

const hold: MachineCommand = {
  type: 'hold',
  reservationId: asId<ReservationId>('r1'),
  channel: asId<ChannelId>('web'),
  lines: [{ sku: A, location: S1, qty: Quantity.of('2', 'each') }],
  expiresAt: EXP,
};

function inState(state: ReservationState): Reservation {
  const r = transition(undefined, hold, T0);
  if (!r.ok) throw new Error('hold failed');
  return { ...r.value.next, state, expiresAt: state === 'held' ? EXP : null };
}

const commands: Record<string, MachineCommand> = {
  commit: { type: 'commit' },
  release: { type: 'release' },
  expire: { type: 'expire' },
  extend: { type: 'extend', expiresAt: '2026-03-01T11:00:00Z' },
  fulfil: { type: 'fulfil', lines: [{ sku: A, location: S1, qty: Quantity.of('1', 'each') }] },
  transfer: { type: 'transfer', sku: A, from: S1, to: S2 },
};

// The full table of DESIGN §5 at a time before expiry: which command each state accepts.
const allowed: Record<ReservationState, readonly string[]> = {
  held: ['commit', 'release', 'extend', 'fulfil', 'transfer'],
  committed: ['release', 'fulfil', 'transfer'],
  fulfilled: [],
  released: [],
  expired: [],
};

describe('transition table', () => {
  for (const state of Object.keys(allowed) as ReservationState[]) {
    for (const [name, cmd] of Object.entries(commands)) {
      const ok = allowed[state].includes(name);
      it(`${state} + ${name} → ${ok ? 'ok' : 'INVALID_TRANSITION'}`, () => {
        const r = transition(inState(state), cmd, T1);
        if (ok) expect(r.ok).toBe(true);
        else expect(!r.ok && r.error.code).toBe('INVALID_TRANSITION');
      });
    }
  }

  it('expire is due only at expiresAt, and then it is the only command accepted', () => {
    const held = inState('held');
    expect(!transition(held, { type: 'expire' }, T1).ok).toBe(true);
    for (const name of ['commit', 'release', 'extend', 'fulfil', 'transfer']) {
      const r = transition(held, commands[name]!, EXP);
      expect(!r.ok && r.error.code).toBe('RESERVATION_EXPIRED');
    }
    const e = transition(held, { type: 'expire' }, EXP);
    expect(e.ok && e.value.next.state).toBe('expired');
    expect(e.ok && e.value.events).toEqual([
      { type: 'omnistock.reservation.expired.v1', data: { reservationId: 'r1' } },
    ]);
  });

  it('holding twice is RESERVATION_EXISTS; commands before hold are RESERVATION_NOT_FOUND', () => {
    const r = transition(inState('held'), hold, T1);
    expect(!r.ok && r.error.code).toBe('RESERVATION_EXISTS');
    const n = transition(undefined, { type: 'commit' }, T1);
    expect(!n.ok && n.error.code).toBe('RESERVATION_NOT_FOUND');
  });

  it('versions grow by one per transition and events carry v1 payloads', () => {
    const h = transition(undefined, hold, T0);
    expect(h.ok && h.value.next.version).toBe(1);
    const c = h.ok ? transition(h.value.next, { type: 'commit', orderRef: 'o-1' }, T1) : h;
    expect(c.ok && c.value.next.version).toBe(2);
    expect(c.ok && c.value.events).toEqual([
      { type: 'omnistock.reservation.committed.v1', data: { reservationId: 'r1', orderRef: 'o-1' } },
    ]);
    expect(c.ok && c.value.next.expiresAt).toBeNull();
  });

  it('a fulfilment of everything resolves the reservation as fulfilled with complete: true', () => {
    const r = transition(
      inState('committed'),
      {
        type: 'fulfil',
        lines: [{ sku: A, location: S1, qty: Quantity.of('2', 'each') }],
        documentRef: 'ship-1',
      },
      T1,
    );
    expect(r.ok && r.value.next.state).toBe('fulfilled');
    expect(r.ok && r.value.events[0]?.data).toEqual({
      reservationId: 'r1',
      lines: [{ sku: 'A', location: 's1', qty: '2' }],
      complete: true,
      documentRef: 'ship-1',
    });
  });

  it('transfer keeps what was fulfilled at the old location and moves the rest', () => {
    const part = transition(
      inState('committed'),
      { type: 'fulfil', lines: [{ sku: A, location: S1, qty: Quantity.of('1', 'each') }] },
      T1,
    );
    if (!part.ok) throw new Error('fulfil failed');
    const t = transition(part.value.next, commands.transfer!, T1);
    expect(t.ok && t.value.next.lines.map((l) => `${l.location}:${l.qty}/${l.fulfilledQty}`)).toEqual([
      's1:1/1',
      's2:1/0',
    ]);
    expect(t.ok && t.value.events[0]?.data).toMatchObject({ from: 's1', to: 's2', qty: '1' });
  });

  it('rejects an extend into the past and a fulfil of a line it does not have', () => {
    const held = inState('held');
    const e = transition(held, { type: 'extend', expiresAt: T0 }, T1);
    expect(!e.ok && e.error.code).toBe('VALIDATION_FAILED');
    const f = transition(
      held,
      { type: 'fulfil', lines: [{ sku: A, location: S2, qty: Quantity.of('1', 'each') }] },
      T1,
    );
    expect(!f.ok && f.error.code).toBe('VALIDATION_FAILED');
  });
});
