import { key } from './scenario';

/**
 * The physical stock of one world: what is on the shelves (`onHand`) and how much of it has been set
 * aside for online orders and holds (`promised`). Walk-in customers can only take what is not set aside.
 */
export class Shelf {
  private readonly onHandOf = new Map<string, number>();
  private readonly promisedOf = new Map<string, number>();

  constructor(initial: ReadonlyMap<string, number>) {
    for (const [k, v] of initial) this.onHandOf.set(k, v);
  }

  onHand(sku: string, location: string): number {
    return this.onHandOf.get(key(sku, location)) ?? 0;
  }

  /** On the shelf and not set aside. */
  free(sku: string, location: string): number {
    const k = key(sku, location);
    return (this.onHandOf.get(k) ?? 0) - (this.promisedOf.get(k) ?? 0);
  }

  /** A walk-in customer takes `qty` if it is there: returns what was sold (all or nothing). */
  walkIn(sku: string, location: string, qty: number): number {
    if (this.free(sku, location) < qty) return 0;
    this.add(this.onHandOf, sku, location, -qty);
    return qty;
  }

  /** Sets stock aside for an order or a hold; returns how much of `qty` was not there. */
  setAside(
    sku: string,
    location: string,
    qty: number,
  ): { readonly setAside: number; readonly short: number } {
    const got = Math.max(0, Math.min(qty, this.free(sku, location)));
    this.add(this.promisedOf, sku, location, got);
    return { setAside: got, short: qty - got };
  }

  /** A released hold goes back on the shelf. */
  putBack(sku: string, location: string, qty: number): void {
    this.add(this.promisedOf, sku, location, -qty);
  }

  /** Set-aside stock leaves the building. */
  ship(sku: string, location: string, qty: number): void {
    this.add(this.promisedOf, sku, location, -qty);
    this.add(this.onHandOf, sku, location, -qty);
  }

  receive(sku: string, location: string, qty: number): void {
    this.add(this.onHandOf, sku, location, qty);
  }

  /** Stock that disappears unreported (theft); only what is on the open shelf can go. */
  shrink(sku: string, location: string, qty: number): number {
    const gone = Math.max(0, Math.min(qty, this.free(sku, location)));
    this.add(this.onHandOf, sku, location, -gone);
    return gone;
  }

  private add(map: Map<string, number>, sku: string, location: string, delta: number): void {
    const k = key(sku, location);
    map.set(k, (map.get(k) ?? 0) + delta);
  }
}
