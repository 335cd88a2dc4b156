import type { Metric, Registry } from 'prom-client';

/** The labels of one request's duration. */
export interface RequestLabels {
  readonly method: string;
  readonly route: string;
  readonly status: string;
}

interface Series {
  readonly labels: RequestLabels;
  /** Observations per bucket (not cumulative), the last one beyond every bound. */
  readonly counts: number[];
  sum: number;
  count: number;
}

/**
 * The request-duration histogram: prom-client's histogram exposition (the registry prints it:
 * the same lines, labels and order as a prom-client `Histogram` fed the same observations) with an
 * `observe` that costs three hash probes and no string building, because it runs on every request. It speaks prom-client's
 * metric protocol (`name`, `help`, `type`, `aggregator`, `get`, `reset`).
 * @example
 * const durations = new RequestDurations('http_seconds', 'Latency.', [0.01, 0.1, 1], [registry]);
 * durations.observe({ method: 'GET', route: '/v1/availability', status: '200' }, 0.002);
 */
export class RequestDurations {
  readonly type = 'histogram';
  readonly aggregator = 'sum';
  /** Every series, in the order of its first observation (the exposition order). */
  private readonly series: Series[] = [];
  /** The series by route, method and status: label values are interned strings, so each step is one hash probe. */
  private readonly index = new Map<string, Map<string, Map<string, Series>>>();

  constructor(
    readonly name: string,
    readonly help: string,
    private readonly bounds: readonly number[],
    registers: readonly Registry[],
  ) {
    for (const r of registers) r.registerMetric(this as unknown as Metric);
  }

  /** Counts one request of `seconds` (finite, or a TypeError as prom-client throws). */
  observe(labels: RequestLabels, seconds: number): void {
    if (!Number.isFinite(seconds)) throw new TypeError(`Value is not a valid number: ${seconds}`);
    const s = this.seriesOf(labels.method, labels.route, labels.status);
    let i = 0;
    while (i < this.bounds.length && seconds > (this.bounds[i] as number)) i++;
    (s.counts as number[])[i] = (s.counts[i] as number) + 1;
    s.sum += seconds;
    s.count += 1;
  }

  private seriesOf(method: string, route: string, status: string): Series {
    let byMethod = this.index.get(route);
    if (byMethod === undefined) {
      byMethod = new Map();
      this.index.set(route, byMethod);
    }
    let byStatus = byMethod.get(method);
    if (byStatus === undefined) {
      byStatus = new Map();
      byMethod.set(method, byStatus);
    }
    let s = byStatus.get(status);
    if (s === undefined) {
      s = {
        labels: { method, route, status },
        counts: new Array<number>(this.bounds.length + 1).fill(0),
        sum: 0,
        count: 0,
      };
      byStatus.set(status, s);
      this.series.push(s);
    }
    return s;
  }

  /** The metric as prom-client's `get` gives it: each value's labels include the series' labels. */
  async get() {
    const metric = await this.getForPromString();
    return {
      ...metric,
      values: metric.values.map(({ sharedLabels, labels, ...v }) => ({
        ...v,
        labels: { ...labels, ...sharedLabels },
      })),
    };
  }

  /**
   * The metric as prom-client's registry prints it: per series its cumulative buckets, `+Inf`,
   * `_sum` and `_count` (the series' labels apart, as `sharedLabels`).
   */
  async getForPromString() {
    const values: {
      labels: Record<string, string | number>;
      sharedLabels: RequestLabels;
      value: number;
      metricName: string;
      exemplar?: null;
    }[] = [];
    const bucket = `${this.name}_bucket`;
    for (const s of this.series) {
      let acc = 0;
      for (const [i, le] of this.bounds.entries()) {
        acc += s.counts[i] as number;
        values.push({
          labels: { le },
          sharedLabels: s.labels,
          value: acc,
          metricName: bucket,
          exemplar: null,
        });
      }
      values.push({
        labels: { le: '+Inf' },
        sharedLabels: s.labels,
        value: s.count,
        metricName: bucket,
        exemplar: null,
      });
      values.push({ labels: {}, sharedLabels: s.labels, value: s.sum, metricName: `${this.name}_sum` });
      values.push({ labels: {}, sharedLabels: s.labels, value: s.count, metricName: `${this.name}_count` });
    }
    return { name: this.name, help: this.help, type: this.type, values, aggregator: this.aggregator };
  }

  reset(): void {
    this.series.length = 0;
    this.index.clear();
  }
}
