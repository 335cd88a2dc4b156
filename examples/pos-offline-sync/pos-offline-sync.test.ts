import { describe, expect, it } from 'vitest';
import { run } from './main';

describe('pos-offline-sync example', () => {
  it('replays an offline batch after a count: earlier sales absorbed, converged, replay is a no-op', async () => {
    const r = await run();
    expect(r.batchSequences).toEqual([1, 2, 3]);
    expect(r.restoredPending).toBe(2);
    expect(r.countOutcome).toBe('applied');
    expect(r.afterCount.onHand).toBe('7');
    expect(r.replayOutcomes).toEqual(['absorbed', 'absorbed', 'applied']);
    expect(r.afterReplay.onHand).toBe('6');
    expect(r.secondReplay).toEqual(['duplicate', 'duplicate', 'duplicate']);
    expect(r.afterSecondReplay).toEqual(r.afterReplay);
    expect(r.online).toEqual(r.afterReplay);
    expect(r.converged).toBe(true);
  });
});
