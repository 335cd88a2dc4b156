/**
 * How an order management system places an order on ship locations, given what it believes each can
 * promise: the first location (in priority order) that covers the whole quantity, else a split over
 * the locations in order. Undefined when the total does not cover it (the customer is turned away).
 * @example
 * allocate(['dc-1', 'store-12'], (l) => (l === 'dc-1' ? 1 : 5), 2); // [{ location: 'store-12', qty: 2 }]
 */
export function allocate(
  locations: readonly string[],
  available: (location: string) => number,
  qty: number,
): { location: string; qty: number }[] | undefined {
  const can = locations.map((location) => ({ location, n: Math.max(0, available(location)) }));
  if (can.reduce((a, c) => a + c.n, 0) < qty) return undefined;
  const whole = can.find((c) => c.n >= qty);
  if (whole) return [{ location: whole.location, qty }];
  const plan: { location: string; qty: number }[] = [];
  let left = qty;
  for (const c of can) {
    const take = Math.min(left, c.n);
    if (take > 0) plan.push({ location: c.location, qty: take });
    left -= take;
    if (left === 0) break;
  }
  return plan;
}
