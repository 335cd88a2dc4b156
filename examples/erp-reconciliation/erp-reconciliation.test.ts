import { describe, expect, it } from 'vitest';
import { run } from './main';

describe('erp-reconciliation example', () => {
  it('imports the snapshot, reports the exact exceptions and applies the corrections', async () => {
    const r = await run();
    expect(r.importErrors).toEqual(['8 ITEM_UNKNOWN', '9 QUANTITY_NEGATIVE']);
    expect(r.checked).toBe(6);
    // MUG-1@dc-1 (1 unit) and RICE-KG@dc-1 (0.005 kg) are within the tolerance of 1
    expect(r.withinTolerance).toBe(2);
    expect(r.exceptions).toEqual([
      'MUG-1@dc-2 countNewerThanSnapshot erp 15',
      'TEE-M@dc-1 mismatch erp 16 / omnistock 20 (-4)',
      'TEE-M@dc-2 unknownToOmnistock erp 5 / omnistock 0 (5)',
      'LAMP-1@dc-2 mismatch erp 10 / omnistock 8 (2)',
    ]);
    expect(r.corrections).toEqual([
      'TEE-M@dc-1 onHand 16 at 2026-03-01T06:00:00Z',
      'TEE-M@dc-2 onHand 5 at 2026-03-01T06:00:00Z',
      'LAMP-1@dc-2 onHand 10 at 2026-03-01T06:00:00Z',
    ]);
    expect(r.correctionOutcomes).toEqual(['applied', 'applied', 'applied']);
    expect(r.after).toEqual({
      'LAMP-1@dc-2': '10',
      'MUG-1@dc-1': '39',
      'MUG-1@dc-2': '12', // the store's 07:00 count is newer than the snapshot: kept
      'RICE-KG@dc-1': '25',
      'TEE-M@dc-1': '14', // 16 as of 06:00, then the 08:00 sale of 2
      'TEE-M@dc-2': '5',
    });
    expect(r.remaining).toEqual(['MUG-1@dc-2 countNewerThanSnapshot erp 15']);
  });
});
