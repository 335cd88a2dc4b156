/** Online channels of the demo. */
export type OnlineChannel = 'ecommerce' | 'marketplace';

/** What one world (the nightly-batch baseline or omnistock) did over the day. */
export interface WorldFigures {
  readonly name: 'baseline' | 'omnistock';
  /** Orders accepted that the stock could not cover, as they happened. */
  readonly oversells: { t: number; channel: OnlineChannel; order: string; units: number }[];
  /** Every online sell/decline decision and the age (minutes) of the availability it used. */
  readonly decisions: { t: number; channel: OnlineChannel; ageMinutes: number; accepted: boolean }[];
  /** Hourly (and closing) count of positions where the system's onHand differs from the shelf. */
  readonly samples: { t: number; outOfSync: number }[];
  readonly walkIns: { sold: number; lost: number };
  readonly online: Record<OnlineChannel, { accepted: number; declined: number; oversold: number }>;
  /** The end-of-day comparison with the ERP. */
  reconciliation: { checked: number; exceptions: number; corrections: number };
}

/** Empty figures for a world. */
export function emptyFigures(name: WorldFigures['name']): WorldFigures {
  return {
    name,
    oversells: [],
    decisions: [],
    samples: [],
    walkIns: { sold: 0, lost: 0 },
    online: {
      ecommerce: { accepted: 0, declined: 0, oversold: 0 },
      marketplace: { accepted: 0, declined: 0, oversold: 0 },
    },
    reconciliation: { checked: 0, exceptions: 0, corrections: 0 },
  };
}

/** Total oversold orders. */
export function oversold(f: WorldFigures): number {
  return f.oversells.length;
}

/** Oversold units. */
export function oversoldUnits(f: WorldFigures): number {
  return f.oversells.reduce((a, o) => a + o.units, 0);
}

/** Mean and maximum age (minutes) of the availability online channels sold against. */
export function ageStats(f: WorldFigures): { mean: number; max: number } {
  const ages = f.decisions.map((d) => d.ageMinutes);
  if (ages.length === 0) return { mean: 0, max: 0 };
  return { mean: ages.reduce((a, b) => a + b, 0) / ages.length, max: Math.max(...ages) };
}
