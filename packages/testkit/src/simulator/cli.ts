import { parseArgs } from 'node:util';
import { formatSummary, simulate } from './simulator';

// `npm run simulate -- --seed 42 --steps 1000000`: one reproducible trading day, full summary.
// `npm run simulate -- --seeds 1-100 --steps 100000`: a soak over many seeds, one line per seed and a
// closing `N passed, N failed` line. Exit 1 on any invariant violation or oversell, 2 on bad flags.
const usage = 'usage: simulate [--seed <integer> | --seeds <from>-<to>] --steps <positive integer>\n';
let values: { seed?: string; seeds?: string; steps: string };
try {
  values = parseArgs({
    options: {
      seed: { type: 'string' },
      seeds: { type: 'string' },
      steps: { type: 'string', default: '100000' },
    },
    strict: true,
  }).values as typeof values;
} catch (e) {
  process.stderr.write(`${(e as Error).message}\n${usage}`);
  process.exit(2);
}
const steps = Number(values.steps);
const range = values.seeds ? /^(\d+)-(\d+)$/.exec(values.seeds) : null;
const single = Number(values.seed ?? '42');
if (
  !Number.isSafeInteger(steps) ||
  steps < 1 ||
  (values.seeds !== undefined && (!range || Number(range[1]) > Number(range[2]))) ||
  (values.seeds !== undefined && values.seed !== undefined) ||
  !Number.isSafeInteger(single)
) {
  process.stderr.write(usage);
  process.exit(2);
}

if (!range) {
  const summary = simulate({ seed: single, steps });
  process.stdout.write(`${formatSummary(summary)}\n`);
  process.exitCode = summary.violations.length > 0 || summary.oversells > 0 ? 1 : 0;
} else {
  let passed = 0;
  let failed = 0;
  for (let seed = Number(range[1]); seed <= Number(range[2]); seed++) {
    const s = simulate({ seed, steps });
    const bad = s.violations.length > 0 || s.oversells > 0;
    if (bad) failed++;
    else passed++;
    process.stdout.write(
      `seed ${seed}: ${steps} steps, violations ${s.counters.violations ?? s.violations.length}, oversells ${s.oversells}, state ${s.stateHash}${bad ? '  FAILED' : ''}\n`,
    );
    if (bad) process.stdout.write(`${formatSummary(s)}\n`);
  }
  process.stdout.write(`simulation: ${passed} passed, ${failed} failed\n`);
  process.exitCode = failed > 0 ? 1 : 0;
}
