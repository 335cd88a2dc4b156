import { describe, expect, it } from 'vitest';
import { run } from './main';

describe('ecommerce-checkout example', () => {
  it('holds at checkout, commits on payment, releases and expires abandoned carts, never oversells', async () => {
    const lines: string[] = [];
    const r = await run({ log: (l) => lines.push(l), shoppers: 40 });
    expect(r.doubleClick).toEqual({ sameReservation: true, replayed: true });
    expect(r.carts).toEqual({ paid: 'committed', abandoned: 'released', forgotten: 'expired' });
    expect(r.expired).toEqual(['cart-forgotten']);
    // only the paid cart still holds stock: 2 committed, nothing reserved, nothing shipped yet
    expect(r.tee).toEqual({ onHand: '20', reserved: '0', committed: '2' });
    expect(r.flashSale).toEqual({
      stock: 10,
      shoppers: 40,
      succeeded: 10,
      refusals: { INSUFFICIENT_STOCK: 30 },
      reserved: '10',
      atp: '0',
    });
    // held ×3 + committed + released + expired + 10 flash-sale holds
    expect(r.published).toBe(16);
    expect(lines.at(-2)).toContain('No oversell.');
  });
});
