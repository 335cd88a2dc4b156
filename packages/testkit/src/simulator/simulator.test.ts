import { describe, expect, it } from 'vitest';
import { formatSummary, simulate } from './simulator';

// The full 100 seeds × 100,000 steps (~15 minutes of CPU) runs in .ci/run as a separate soak step
// over two processes; `npm test` runs 100 seeds × 5,000 steps. OMNISTOCK_SIM_FULL=1 runs it here.
const full = process.env.OMNISTOCK_SIM_FULL === '1';
const SEEDS = 100;
const STEPS = full ? 100_000 : 5_000;

describe('deterministic simulator', () => {
  it(`finds no invariant violation and no oversell over ${SEEDS} seeds × ${STEPS} steps`, () => {
    const failures: string[] = [];
    let generated = 0;
    for (let seed = 1; seed <= SEEDS; seed++) {
      const s = simulate({ seed, steps: STEPS });
      generated += s.counters['events generated'] ?? 0;
      if (s.violations.length > 0 || s.oversells > 0) failures.push(formatSummary(s));
    }
    expect(failures).toEqual([]);
    expect(generated).toBeGreaterThan(SEEDS * STEPS * 0.5);
  });

  it('is reproducible: the same seed prints the same summary, another seed does not', () => {
    const a = formatSummary(simulate({ seed: 42, steps: 3_000 }));
    const b = formatSummary(simulate({ seed: 42, steps: 3_000 }));
    const c = formatSummary(simulate({ seed: 43, steps: 3_000 }));
    expect(a).toBe(b);
    expect(c).not.toBe(a);
  });

  it('exercises every fault it claims to inject', () => {
    const s = simulate({ seed: 7, steps: 20_000 });
    for (const k of [
      'duplicates injected',
      'deliveries reordered',
      'events buffered offline',
      'offline episodes',
      'absorbed by counts (A)',
      'reservation expired',
      'races',
      'corrupted deliveries',
      'quarantine resubmissions',
      'v0 events (upcast)',
      'sales naming a reservation',
      'idempotent replays',
    ]) {
      expect(s.counters[k] ?? 0, k).toBeGreaterThan(0);
    }
    expect(s.oversells).toBe(0);
    expect(s.violations).toEqual([]);
  });
});
