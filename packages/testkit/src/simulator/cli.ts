import { parseArgs } from 'node:util';
import { formatSummary, simulate } from './simulator';

// `npm run simulate -- --seed 42 --steps 1000000`: one reproducible trading day; exit 1 on any violation.
const { values } = parseArgs({
  options: { seed: { type: 'string', default: '42' }, steps: { type: 'string', default: '100000' } },
  strict: true,
});
const seed = Number(values.seed);
const steps = Number(values.steps);
if (!Number.isSafeInteger(seed) || !Number.isSafeInteger(steps) || steps < 1) {
  process.stderr.write('usage: simulate --seed <integer> --steps <positive integer>\n');
  process.exit(2);
}
const summary = simulate({ seed, steps });
process.stdout.write(`${formatSummary(summary)}\n`);
process.exitCode = summary.violations.length > 0 || summary.oversells > 0 ? 1 : 0;
