import type { ChannelId, LocationId, Quantity, Sku } from '@omnistock/core';

/** A location that may serve a group line, with what it can still promise for this request. */
export interface AllocationCandidate {
  readonly location: LocationId;
  /** Lower is preferred: the location's `priority`, else its position in the group. */
  readonly priority: number;
  /** What the location can still promise after everything already allocated (may be ≤ 0). */
  readonly available: Quantity;
}

/** A request to spread one line over a group's locations. */
export interface AllocationRequest {
  readonly sku: Sku;
  readonly channel: ChannelId;
  readonly qty: Quantity;
  readonly candidates: readonly AllocationCandidate[];
}

/** A part of a line placed at a location. */
export interface Allocation {
  readonly location: LocationId;
  readonly qty: Quantity;
}

/**
 * A named, pluggable group allocation strategy. It returns parts whose sum is at most `qty`, each
 * within the candidate's `available`; the book checks both and treats a shortfall as insufficient
 * stock (or a partial line with `allowPartial`).
 */
export interface AllocationStrategy {
  readonly name: string;
  allocate(request: AllocationRequest): readonly Allocation[];
}

function byPriorityThenMost(a: AllocationCandidate, b: AllocationCandidate): number {
  if (a.priority !== b.priority) return a.priority - b.priority;
  const c = b.available.compare(a.available);
  if (c !== 0) return c;
  return a.location < b.location ? -1 : a.location > b.location ? 1 : 0;
}

function greedy(qty: Quantity, ordered: readonly AllocationCandidate[]): Allocation[] {
  const out: Allocation[] = [];
  let left = qty;
  for (const c of ordered) {
    if (!left.isPositive()) break;
    if (!c.available.isPositive()) continue;
    const take = left.min(c.available);
    out.push({ location: c.location, qty: take });
    left = left.sub(take);
  }
  return out;
}

/**
 * The default strategy (`priority`): locations in priority order, then the one with most available,
 * ties by location id; a line is split across locations when one cannot cover it.
 * @example
 * priorityStrategy.allocate({ sku, channel, qty: Quantity.of('3', 'each'), candidates });
 */
export const priorityStrategy: AllocationStrategy = {
  name: 'priority',
  allocate(request) {
    return greedy(request.qty, [...request.candidates].sort(byPriorityThenMost));
  },
};

/**
 * `singleLocation`: prefer one location that covers the whole line (in default order), so an order
 * ships in one parcel; split only when no single location can.
 * @example
 * singleLocationStrategy.allocate({ sku, channel, qty: Quantity.of('3', 'each'), candidates });
 */
export const singleLocationStrategy: AllocationStrategy = {
  name: 'singleLocation',
  allocate(request) {
    const ordered = [...request.candidates].sort(byPriorityThenMost);
    const whole = ordered.find((c) => c.available.gte(request.qty));
    return whole ? [{ location: whole.location, qty: request.qty }] : greedy(request.qty, ordered);
  },
};

/**
 * `mostAvailable`: ignore priority; the location with most available first (ties by id). Spreads
 * load away from locations running low.
 * @example
 * mostAvailableStrategy.allocate({ sku, channel, qty: Quantity.of('3', 'each'), candidates });
 */
export const mostAvailableStrategy: AllocationStrategy = {
  name: 'mostAvailable',
  allocate(request) {
    return greedy(
      request.qty,
      [...request.candidates].sort((a, b) =>
        byPriorityThenMost({ ...a, priority: 0 }, { ...b, priority: 0 }),
      ),
    );
  },
};

/** The strategies shipped with the package, by name. */
export const builtInStrategies: Readonly<Record<string, AllocationStrategy>> = {
  priority: priorityStrategy,
  singleLocation: singleLocationStrategy,
  mostAvailable: mostAvailableStrategy,
};
