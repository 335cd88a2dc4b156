/**
 * A tiny benchmark harness: runs a function in timed batches after a warm-up and reports
 * operations per second (median of batches). Benchmarks print figures; they never assert on time.
 */
export interface Measurement {
  readonly name: string;
  readonly opsPerSec: number;
  readonly msPerOp: number;
  readonly batches: number;
}

/** Runs `fn` (which performs `opsPerCall` operations) for about `seconds` and returns the median rate. */
export function measure(
  name: string,
  fn: () => unknown,
  options: { seconds?: number; opsPerCall?: number } = {},
): Measurement {
  const seconds = options.seconds ?? 1;
  const opsPerCall = options.opsPerCall ?? 1;
  let sink: unknown;
  // warm-up and calibrate a batch of ~50 ms
  let calls = 1;
  for (;;) {
    const t0 = performance.now();
    for (let i = 0; i < calls; i++) sink = fn();
    const dt = performance.now() - t0;
    if (dt > 50) break;
    calls *= 2;
  }
  const rates: number[] = [];
  const end = performance.now() + seconds * 1000;
  while (performance.now() < end || rates.length < 3) {
    const t0 = performance.now();
    for (let i = 0; i < calls; i++) sink = fn();
    const dt = performance.now() - t0;
    rates.push((calls * opsPerCall) / (dt / 1000));
  }
  if (sink === Symbol.for('never')) console.log('');
  rates.sort((a, b) => a - b);
  const opsPerSec = rates[Math.floor(rates.length / 2)] ?? 0;
  return { name, opsPerSec, msPerOp: 1000 / opsPerSec, batches: rates.length };
}

/** Formats a rate as e.g. `1,234,567 ops/s`. */
export function rate(m: Measurement): string {
  return `${Math.round(m.opsPerSec).toLocaleString('en-US')} ops/s`;
}

/** Prints a table of measurements with their ratio to a reference measurement (the limit). */
export function printTable(title: string, rows: readonly Measurement[], reference?: Measurement): void {
  console.log(`\n## ${title}`);
  const width = Math.max(...rows.map((r) => r.name.length), 10);
  for (const r of rows) {
    const x = reference ? reference.opsPerSec / r.opsPerSec : 1;
    const ratio = !reference
      ? ''
      : x >= 1
        ? `  ${x.toFixed(2)}× slower than the limit`
        : `  ${(1 / x).toFixed(2)}× faster than the limit`;
    console.log(
      `  ${r.name.padEnd(width)}  ${rate(r).padStart(20)}${r === reference ? '  (the limit)' : ratio}`,
    );
  }
}
