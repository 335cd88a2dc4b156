// A child process for the multi-process concurrency test: opens the shared SQLite file and runs
// every order it is given concurrently (after a start barrier), then prints one JSON line of outcomes.
import { holdDecision, type FixtureLine } from '@omnistock/runtime/testing';
import { SqliteInventoryStore } from '../sqlite-store';

interface Order {
  readonly id: string;
  readonly lines: readonly FixtureLine[];
}

const [filename, ordersJson] = process.argv.slice(2);
const orders = JSON.parse(ordersJson ?? '[]') as Order[];
const store = SqliteInventoryStore.open({ filename: filename ?? '' });
// Barrier: every process opens the file, says ready, and starts only when the parent says go.
process.stdout.write('ready\n');
await new Promise<void>((resolve) => process.stdin.once('data', () => resolve()));
process.stdin.pause();
const outcomes = await Promise.all(
  orders.map(async (o) => {
    const r = await store.reserve({ positions: o.lines, decide: holdDecision(o.id, o.lines) });
    return { id: o.id, code: r.ok ? 'OK' : r.error.code };
  }),
);
await store.close();
process.stdout.write(`${JSON.stringify(outcomes)}\n`);
