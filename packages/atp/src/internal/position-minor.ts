import type { StockPosition } from '@omnistock/core';

/** A supply lot in minor units with its eta in epoch milliseconds. */
export interface LotMinor {
  readonly id: string;
  readonly minor: number;
  readonly etaMs: number;
  readonly eta: string;
  readonly from?: string;
}

/** A position flattened to integers for the fast path. */
export interface PositionMinor {
  readonly source: StockPosition;
  readonly onHand: number;
  readonly damaged: number;
  readonly qualityControl: number;
  readonly committed: number;
  readonly reserved: number;
  readonly incoming: readonly LotMinor[];
  readonly inTransit: readonly LotMinor[];
  /** NaN when the position has no `asOf`. */
  readonly asOfMs: number;
}

/**
 * DESIGN §3 sellable in minor units: `onHand − max(damaged, 0) − max(qualityControl, 0)`. A negative
 * unsellable subset (a status change out of an empty bucket: an exception, reported on the position)
 * counts as 0, so sellable never exceeds onHand.
 */
export function sellableMinor(p: PositionMinor): number {
  return p.onHand - Math.max(p.damaged, 0) - Math.max(p.qualityControl, 0);
}

const cache = new WeakMap<StockPosition, PositionMinor>();

/** The integer form of a position, computed once per position object (positions are immutable). */
export function positionMinor(p: StockPosition): PositionMinor {
  let m = cache.get(p);
  if (m === undefined) {
    m = {
      source: p,
      onHand: p.onHand.minor,
      damaged: p.damaged.minor,
      qualityControl: p.qualityControl.minor,
      committed: p.committed.minor,
      reserved: p.reserved.minor,
      incoming: p.incoming.map((l) => ({
        id: l.id,
        minor: l.qty.minor,
        etaMs: Date.parse(l.eta),
        eta: l.eta,
      })),
      inTransit: p.inTransit.map((l) => ({
        id: l.id,
        minor: l.qty.minor,
        etaMs: Date.parse(l.eta),
        eta: l.eta,
        from: l.from,
      })),
      asOfMs: p.asOf === null ? Number.NaN : Date.parse(p.asOf),
    };
    cache.set(p, m);
  }
  return m;
}
