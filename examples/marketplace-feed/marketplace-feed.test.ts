import { describe, expect, it } from 'vitest';
import { run } from './main';

describe('marketplace-feed example', () => {
  it('exports full feeds with buffers and caps applied, then only the changes beyond the threshold', async () => {
    const r = await run();
    expect(r.full).toEqual({
      // MUG-1: dc-1 100 − 10 % buffer = 90, capped at 50; dc-2 40 − 4 = 36 → 86
      'marketplace-amazon': { 'LAMP-1': '5 inStock', 'MUG-1': '86 inStock', 'TEE-M': '27 inStock' },
      // MUG-1: dc-1 min(100 − 2, 25 % of 100) = 25; dc-2 min(38, 10) = 10 → 35
      'marketplace-ebay': { 'LAMP-1': '1 inStock', 'MUG-1': '35 inStock', 'TEE-M': '7 inStock' },
    });
    expect(r.csv['marketplace-ebay']).toBe(
      'sku,location,group,channel,atp,status\r\n' +
        'LAMP-1,,uk,marketplace-ebay,1,inStock\r\n' +
        'MUG-1,,uk,marketplace-ebay,35,inStock\r\n' +
        'TEE-M,,uk,marketplace-ebay,7,inStock\r\n',
    );
    expect(JSON.parse(r.json['marketplace-amazon']!)).toEqual({
      channel: 'marketplace-amazon',
      generatedAt: '2026-03-01T06:00:00.000Z',
      items: [
        { sku: 'LAMP-1', group: 'uk', atp: '5', status: 'inStock' },
        { sku: 'MUG-1', group: 'uk', atp: '86', status: 'inStock' },
        { sku: 'TEE-M', group: 'uk', atp: '27', status: 'inStock' },
      ],
    });
    expect(r.explanation).toContain('capped at 50');
    expect(r.baseline).toEqual(['LAMP-1 new 5 inStock', 'MUG-1 new 86 inStock', 'TEE-M new 27 inStock']);
    // MUG-1 moved 86 → 84: below 5 units and 20 %, so it is not sent
    expect(r.delta).toEqual(['LAMP-1 status 5→2 lowStock', 'TEE-M absolute 27→16 inStock']);
    // drift accumulates against the last sent 86: 80 is 6 away
    expect(r.drift).toEqual(['MUG-1 absolute 86→80 inStock']);
  });
});
