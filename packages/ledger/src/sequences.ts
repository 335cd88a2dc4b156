/** A missing range of sequence numbers from one source (inclusive). */
export interface SequenceGap {
  readonly source: string;
  readonly from: number;
  readonly to: number;
}

/**
 * Per-source sequence tracking as sorted disjoint intervals of seen numbers: compact when delivery
 * is mostly in order, exact under any reordering. Gaps are the holes between intervals.
 * @example
 * const t = new SequenceTracker();
 * t.see('pos/1', 1);
 * t.see('pos/1', 4); // { source: 'pos/1', from: 2, to: 3 }
 * t.gaps();          // [{ source: 'pos/1', from: 2, to: 3 }]
 */
export class SequenceTracker {
  private readonly bySource = new Map<string, number[]>();

  /** Records a sequence number; returns the gap it opened above the previous maximum, if any. */
  see(source: string, n: number): SequenceGap | undefined {
    let iv = this.bySource.get(source);
    if (!iv) {
      this.bySource.set(source, [n, n]);
      return undefined;
    }
    const max = iv[iv.length - 1] as number;
    if (n === max + 1) {
      iv[iv.length - 1] = n;
      return undefined;
    }
    if (n > max + 1) {
      iv.push(n, n);
      return { source, from: max + 1, to: n - 1 };
    }
    iv = insert(iv, n);
    this.bySource.set(source, iv);
    return undefined;
  }

  /** Every open gap, by source then start. */
  gaps(): SequenceGap[] {
    const out: SequenceGap[] = [];
    for (const source of [...this.bySource.keys()].sort()) {
      const iv = this.bySource.get(source) as number[];
      for (let i = 1; i + 1 < iv.length; i += 2) {
        out.push({ source, from: (iv[i] as number) + 1, to: (iv[i + 1] as number) - 1 });
      }
    }
    return out;
  }

  /** Plain data for snapshots. */
  toJSON(): Record<string, number[]> {
    return Object.fromEntries([...this.bySource].map(([k, v]) => [k, [...v]]));
  }

  /** Restores from {@link toJSON}. */
  static fromJSON(json: Readonly<Record<string, readonly number[]>>): SequenceTracker {
    const t = new SequenceTracker();
    for (const [k, v] of Object.entries(json)) t.bySource.set(k, [...v]);
    return t;
  }
}

function insert(iv: number[], n: number): number[] {
  // find the interval containing n or the slot where it goes
  for (let i = 0; i < iv.length; i += 2) {
    const a = iv[i] as number;
    const b = iv[i + 1] as number;
    if (n >= a && n <= b) return iv;
    if (n === a - 1) {
      iv[i] = n;
      if (i >= 2 && iv[i - 1] === n - 1) iv.splice(i - 1, 2);
      return iv;
    }
    if (n === b + 1) {
      iv[i + 1] = n;
      if (i + 2 < iv.length && iv[i + 2] === n + 1) iv.splice(i + 1, 2);
      return iv;
    }
    if (n < a) {
      iv.splice(i, 0, n, n);
      return iv;
    }
  }
  iv.push(n, n);
  return iv;
}
