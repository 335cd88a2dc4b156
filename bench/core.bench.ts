import { Percent, parseEvent, Quantity } from '@omnistock/core';
import Decimal from 'decimal.js';
import { measure, printTable } from './harness';

/** Quantity arithmetic (fast path vs decimal.js vs native numbers) and event validation rates. */
export function run(): void {
  const spec = { unit: 'kg', scale: 3 };
  const N = 1000;
  const texts = Array.from(
    { length: N },
    (_, i) => `${(i * 7919) % 100000}.${String(i % 1000).padStart(3, '0')}`,
  );
  const qs = texts.map((t) => Quantity.of(t, spec));
  const ds = texts.map((t) => new Decimal(t));
  const ns = texts.map((t) => Math.round(Number(t) * 1000));

  const pct = Percent.of('12.5');
  // one "op" = add + sub + compare + percent-of (up) on one pair
  const fast = measure(
    'Quantity (scaled integers)',
    () => {
      let acc = Quantity.zero(spec);
      for (let i = 0; i < N; i++) {
        const q = qs[i]!;
        acc = acc.add(q).sub(q.percentOf(pct, 'up'));
        if (acc.compare(q) > 0) acc = acc.sub(q);
      }
      return acc;
    },
    { opsPerCall: N },
  );
  const twelveHalf = new Decimal('12.5');
  const dec = measure(
    'decimal.js (reference)',
    () => {
      let acc = new Decimal(0);
      for (let i = 0; i < N; i++) {
        const d = ds[i]!;
        const pct = d.times(twelveHalf).dividedBy(100).toDecimalPlaces(3, Decimal.ROUND_CEIL);
        acc = acc.plus(d).minus(pct);
        if (acc.comparedTo(d) > 0) acc = acc.minus(d);
      }
      return acc;
    },
    { opsPerCall: N },
  );
  const native = measure(
    'native number (the limit)',
    () => {
      let acc = 0;
      for (let i = 0; i < N; i++) {
        const n = ns[i]!;
        acc = acc + n - Math.ceil((n * 125) / 1000);
        if (acc > n) acc -= n;
      }
      return acc;
    },
    { opsPerCall: N },
  );
  printTable(
    'quantity operations/s (add + sub + percent-of + compare, kg scale 3)',
    [native, fast, dec],
    native,
  );
  console.log(`  fast path is ${(fast.opsPerSec / dec.opsPerSec).toFixed(1)}× decimal.js`);

  const parseFast = measure(
    'Quantity.parse',
    () => {
      let s = 0;
      for (let i = 0; i < N; i++) {
        const r = Quantity.parse(texts[i], spec);
        if (r.ok) s += r.value.minor;
      }
      return s;
    },
    { opsPerCall: N },
  );
  const parseDec = measure(
    'new Decimal(text)',
    () => {
      let s = 0;
      for (let i = 0; i < N; i++) s += new Decimal(texts[i]!).decimalPlaces();
      return s;
    },
    { opsPerCall: N },
  );
  const parseNative = measure(
    'Number(text) (the limit)',
    () => {
      let s = 0;
      for (let i = 0; i < N; i++) s += Number(texts[i]);
      return s;
    },
    { opsPerCall: N },
  );
  printTable('quantity parses/s', [parseNative, parseFast, parseDec], parseNative);

  const events = Array.from({ length: 200 }, (_, i) => ({
    specversion: '1.0',
    id: `evt-${i}`,
    source: 'pos/store-12',
    type: i % 2 === 0 ? 'omnistock.sale.recorded.v1' : 'omnistock.stock.adjusted.v1',
    time: '2026-12-04T10:00:00Z',
    subject: `SKU-${i % 50}`,
    partitionkey: `SKU-${i % 50}`,
    sequence: i,
    data:
      i % 2 === 0
        ? { sku: `SKU-${i % 50}`, location: 'store-12', qty: '2' }
        : { sku: `SKU-${i % 50}`, location: 'store-12', delta: '-1', reasonCode: 'damage' },
  }));
  const items = new Map(
    Array.from({ length: 50 }, (_, i) => [`SKU-${i}`, { sku: `SKU-${i}` as never, unit: 'each' }]),
  );
  const v = measure(
    'parseEvent (zod, envelope + payload)',
    () => {
      let ok = 0;
      for (const e of events) if (parseEvent(e).ok) ok++;
      return ok;
    },
    { opsPerCall: events.length },
  );
  const vc = measure(
    'parseEvent + catalog scale check',
    () => {
      let ok = 0;
      for (const e of events) if (parseEvent(e, { items }).ok) ok++;
      return ok;
    },
    { opsPerCall: events.length },
  );
  const js = measure(
    'JSON.parse(JSON.stringify(event)) (a floor)',
    () => {
      let n = 0;
      for (const e of events) n += (JSON.parse(JSON.stringify(e)) as { sequence: number }).sequence;
      return n;
    },
    { opsPerCall: events.length },
  );
  printTable('event validations/s', [js, v, vc], js);
}
