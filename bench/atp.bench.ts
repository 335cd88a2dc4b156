/**
 * ATP benchmarks: single-location evaluations per second (integer and decimal items, with and
 * without explanation; through `availability` and through a prepared handle, the fast path) and a
 * batch of 10,000 skus × 20 locations, each beside a hand-written native-number loop of the same
 * formula (the limit), with the ratio. Every engine figure is checked against the native loop
 * before it is timed. Figures only; never asserts on time.
 */
import {
  type AtpContext,
  atpClock,
  availability,
  batchAtpMinor,
  batchAvailability,
  type ChannelPolicySetInput,
  createAtpContext,
  prepareAvailability,
} from '@omnistock/atp';
import {
  asId,
  type Item,
  itemSpec,
  type Location,
  type LocationId,
  Quantity,
  type Sku,
  type StockPosition,
  unwrap,
} from '@omnistock/core';
import { measure, printTable, rate } from './harness';

const NOW = '2026-12-04T10:00:00Z';
const policy: ChannelPolicySetInput = {
  rules: [
    { scope: {}, safetyStock: { kind: 'percent', percent: '10' }, protections: { pos: '2' } },
    {
      scope: { channel: 'web' },
      buffer: { kind: 'absolute', qty: '1' },
      cap: { kind: 'percent', percent: '80' },
    },
  ],
};

/** Native inputs: one flat record per position, numbers in minor units. */
interface NativePos {
  onHand: number;
  damaged: number;
  qc: number;
  committed: number;
  reserved: number;
}

function positionsFor(
  items: Item[],
  locations: Location[],
  seed: number,
): { positions: StockPosition[]; native: NativePos[] } {
  const positions: StockPosition[] = [];
  const native: NativePos[] = [];
  let x = seed;
  const rnd = (n: number) => {
    x = (x * 1103515245 + 12345) % 2147483648;
    return x % n;
  };
  for (const item of items) {
    const spec = itemSpec(item);
    const q = (m: number) => Quantity.fromMinor(m, spec);
    for (const l of locations) {
      const n: NativePos = {
        onHand: 100 + rnd(900),
        damaged: rnd(10),
        qc: rnd(10),
        committed: rnd(300),
        reserved: rnd(100),
      };
      native.push(n);
      positions.push({
        sku: item.sku,
        location: l.id,
        onHand: q(n.onHand),
        damaged: q(n.damaged),
        qualityControl: q(n.qc),
        committed: q(n.committed),
        reserved: q(n.reserved),
        incoming: [],
        inTransit: [],
        asOf: '2026-12-04T09:59:00Z',
      });
    }
  }
  return { positions, native };
}

/** The same formula on plain numbers: safety 10% up, protection 2, buffer 1, cap 80% down, clamp. */
function nativeAtp(p: NativePos, unit: number): number {
  const sellable = p.onHand - p.damaged - p.qc;
  const free = sellable - p.committed - p.reserved;
  const base = Math.max(sellable, 0);
  const safety = Math.ceil((base * 10) / 100);
  const raw = free - safety - 2 * unit - unit;
  const cap = Math.floor((base * 80) / 100);
  const capped = Math.min(raw, cap);
  return Math.max(capped, 0);
}

function context(items: Item[], locations: Location[], positions: StockPosition[]): AtpContext {
  return unwrap(createAtpContext({ items, locations, positions, policy }));
}

const loc = (i: number): Location => ({ id: asId<LocationId>(`L${i}`), type: 'store' });

/** Single-location evaluations over 1,000 skus at one location, cycled so nothing is hoisted. */
function single(label: string, unit: string, scaleUnit: number): void {
  const items = Array.from({ length: 1000 }, (_, i): Item => ({ sku: asId<Sku>(`${label}-${i}`), unit }));
  const locations = [loc(0)];
  const { positions, native } = positionsFor(items, locations, 7);
  const ctx = context(items, locations, positions);
  const queries = items.map((it) => ({ sku: it.sku, location: 'L0', channel: 'web' }));
  // the fast path: each query prepared once, evaluated at a clock parsed once
  const handles = queries.map((q) => unwrap(prepareAvailability(ctx, q)));
  const clock = unwrap(atpClock(NOW));
  for (let i = 0; i < items.length; i++) {
    const want = nativeAtp(native[i]!, scaleUnit);
    const got = unwrap(availability(ctx, queries[i]!, NOW)).atpMinor;
    if (got !== want) throw new Error(`${label}: engine ${got} ≠ native at ${i}`);
    const h = handles[i]!;
    if (h.atpMinor(clock) !== want || h.evaluate(clock).atpMinor !== want)
      throw new Error(`${label}: prepared ≠ native at ${i}`);
  }
  let i = 0;
  let j = 0;
  let k = 0;
  let m = 0;
  let n = 0;
  let o = 0;
  const limit = measure(`native loop (${label})`, () => nativeAtp(native[i++ % 1000]!, scaleUnit));
  const plain = measure(
    `availability (${label})`,
    () => unwrap(availability(ctx, queries[j++ % 1000]!, NOW)).atpMinor,
  );
  const explained = measure(
    `availability + explanation (${label})`,
    () => unwrap(availability(ctx, queries[k++ % 1000]!, NOW)).explanation.text,
  );
  const minor = measure(`prepared .atpMinor(clock) (${label})`, () => handles[m++ % 1000]!.atpMinor(clock));
  const result = measure(
    `prepared .evaluate(clock) (${label})`,
    () => handles[n++ % 1000]!.evaluate(clock).atpMinor,
  );
  const preparedExplained = measure(
    `prepared .evaluate + explanation (${label})`,
    () => handles[o++ % 1000]!.evaluate(clock).explanation.text,
  );
  printTable(
    `single location, ${label}: evaluations/s`,
    [limit, plain, explained, minor, result, preparedExplained],
    limit,
  );
}

/** `npm run bench -- atp` */
export function run(): void {
  console.log('\n# @omnistock/atp');
  single('integer item, each', 'each', 1);
  single('decimal item, kg scale 3', 'kg', 1000);

  // batch: 10,000 skus × 20 locations
  const items = Array.from(
    { length: 10_000 },
    (_, i): Item => ({ sku: asId<Sku>(`SKU-${i}`), unit: 'each' }),
  );
  const locations = Array.from({ length: 20 }, (_, i) => loc(i));
  const { positions, native } = positionsFor(items, locations, 11);
  const ctx = context(items, locations, positions);
  const query = { skus: items.map((i) => i.sku), locations: locations.map((l) => l.id), channel: 'web' };
  const check = unwrap(batchAvailability(ctx, query, NOW));
  for (let i = 0; i < native.length; i++) {
    if (check[i]!.atpMinor !== nativeAtp(native[i]!, 1)) throw new Error(`batch mismatch at ${i}`);
  }
  const size = items.length * locations.length;
  const limit = measure(
    'native loop, 200,000 positions',
    () => {
      let s = 0;
      for (let i = 0; i < native.length; i++) s += nativeAtp(native[i]!, 1);
      return s;
    },
    { seconds: 2 },
  );
  const fast = unwrap(batchAtpMinor(ctx, query, NOW));
  for (let i = 0; i < native.length; i++) {
    if (fast[i] !== nativeAtp(native[i]!, 1)) throw new Error(`batchAtpMinor mismatch at ${i}`);
  }
  const minor = measure('batchAtpMinor, 200,000 positions', () => batchAtpMinor(ctx, query, NOW), {
    seconds: 3,
  });
  const batch = measure('batchAvailability, 200,000 positions', () => batchAvailability(ctx, query, NOW), {
    seconds: 3,
  });
  printTable('batch of 10,000 skus × 20 locations: batches/s', [limit, minor, batch], limit);
  for (const m of [limit, minor, batch]) {
    const evals = rate({ ...m, opsPerSec: m.opsPerSec * size }).replace('ops/s', 'evaluations/s');
    const ratio = m === limit ? '(the limit)' : `${(m.msPerOp / limit.msPerOp).toFixed(2)}× the native loop`;
    console.log(
      `  ${m.name.padEnd(38)} ${m.msPerOp.toFixed(1).padStart(7)} ms per batch  ${evals.padStart(26)}  ${ratio}`,
    );
  }
}
