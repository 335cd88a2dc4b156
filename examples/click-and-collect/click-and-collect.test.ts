import { describe, expect, it } from 'vitest';
import { run } from './main';

describe('click-and-collect example', () => {
  it('reserves at a pickup store and the POS sale at pickup consumes the reservation exactly once', async () => {
    const r = await run();
    expect(r.pickupOptions).toEqual([
      { location: 'store-12', atp: '10', eligible: true },
      { location: 'dc-1', atp: '0', eligible: false },
    ]);
    expect(r.afterReserve).toEqual({ onHand: '10', reserved: '0', committed: '2' });
    expect(r.pickupIngest).toEqual(['accepted', 'duplicate']);
    expect(r.rescanDuplicate).toBe(true);
    // onHand decremented once, by the pickup sale, and the commitment consumed
    expect(r.afterPickup).toEqual({ onHand: '8', reserved: '0', committed: '0' });
    expect(r.reservationState).toBe('fulfilled');
    expect(r.afterFulfil).toEqual(r.afterPickup);
    expect(r.secondFulfil).toBe('INVALID_TRANSITION');
    expect(r.atpAfter).toBe('8');
  });
});
