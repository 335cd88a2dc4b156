/** A binary min-heap of (at, id) pairs: the expiry index of the book (stale entries are skipped lazily). */
export class ExpiryHeap {
  private readonly at: number[] = [];
  private readonly ids: string[] = [];

  get size(): number {
    return this.at.length;
  }

  push(at: number, id: string): void {
    this.at.push(at);
    this.ids.push(id);
    let i = this.at.length - 1;
    while (i > 0) {
      const p = (i - 1) >> 1;
      if (!this.less(i, p)) break;
      this.swap(i, p);
      i = p;
    }
  }

  /** The earliest entry's time, or undefined when empty. */
  peek(): number | undefined {
    return this.at[0];
  }

  pop(): { at: number; id: string } | undefined {
    const n = this.at.length;
    if (n === 0) return undefined;
    const top = { at: this.at[0] as number, id: this.ids[0] as string };
    this.swap(0, n - 1);
    this.at.pop();
    this.ids.pop();
    let i = 0;
    for (;;) {
      const l = 2 * i + 1;
      const r = l + 1;
      let m = i;
      if (l < this.at.length && this.less(l, m)) m = l;
      if (r < this.at.length && this.less(r, m)) m = r;
      if (m === i) break;
      this.swap(i, m);
      i = m;
    }
    return top;
  }

  private less(i: number, j: number): boolean {
    const a = this.at[i] as number;
    const b = this.at[j] as number;
    return a < b || (a === b && (this.ids[i] as string) < (this.ids[j] as string));
  }

  private swap(i: number, j: number): void {
    const a = this.at[i] as number;
    this.at[i] = this.at[j] as number;
    this.at[j] = a;
    const s = this.ids[i] as string;
    this.ids[i] = this.ids[j] as string;
    this.ids[j] = s;
  }
}
