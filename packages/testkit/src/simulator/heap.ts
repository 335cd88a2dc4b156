/** A min-heap of items ordered by (at, order): the simulator's agenda and delivery queue. */
export class Agenda<T> {
  private readonly items: { at: number; order: number; value: T }[] = [];
  private counter = 0;

  get size(): number {
    return this.items.length;
  }

  push(at: number, value: T): void {
    const a = this.items;
    a.push({ at, order: this.counter++, value });
    let i = a.length - 1;
    while (i > 0) {
      const p = (i - 1) >> 1;
      if (!this.less(i, p)) break;
      [a[i], a[p]] = [a[p]!, a[i]!];
      i = p;
    }
  }

  /** Removes and returns the first item due at or before `now`. */
  popDue(now: number): T | undefined {
    const a = this.items;
    if (a.length === 0 || a[0]!.at > now) return undefined;
    const top = a[0]!;
    const last = a.pop()!;
    if (a.length > 0) {
      a[0] = last;
      let i = 0;
      for (;;) {
        const l = 2 * i + 1;
        const r = l + 1;
        let m = i;
        if (l < a.length && this.less(l, m)) m = l;
        if (r < a.length && this.less(r, m)) m = r;
        if (m === i) break;
        [a[i], a[m]] = [a[m]!, a[i]!];
        i = m;
      }
    }
    return top.value;
  }

  private less(i: number, j: number): boolean {
    const x = this.items[i]!;
    const y = this.items[j]!;
    return x.at < y.at || (x.at === y.at && x.order < y.order);
  }
}
