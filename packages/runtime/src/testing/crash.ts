import { spawn } from 'node:child_process';
import { expect } from 'vitest';
import type { EventBus } from '../bus/event-bus';
import { OutboxRelay } from '../outbox/relay';
import type { InventoryStore } from '../store/inventory-store';
import { toStoredEvent } from '../store/kernel';
import { holdDecision, projectReceipts, receivedEvent } from './store-fixtures';

/**
 * The body of a crash-test child process: ingests an event, reserves 1 unit, and every other step
 * relays the outbox, forever, printing `ack …` only after each step committed. Every third step
 * re-sends the previous event (a duplicate). The parent SIGKILLs it at arbitrary points.
 * @example
 * await crashLoop(store, bus, 1000, (line) => process.stdout.write(`${line}\n`));
 */
export async function crashLoop(
  store: InventoryStore,
  bus: EventBus,
  start: number,
  out: (line: string) => void,
): Promise<never> {
  const relay = new OutboxRelay(store, bus);
  const refs = [{ sku: 'A', location: 'S1' }];
  const lines = [{ sku: 'A', location: 'S1', qty: '1' }];
  for (let i = start; ; i++) {
    const events = [toStoredEvent(receivedEvent(`in-${i}`, 'A', 'S1', '1'))];
    if (i % 3 === 0) events.push(toStoredEvent(receivedEvent(`in-${i - 1}`, 'A', 'S1', '1')));
    const a = await store.append({ events, positions: refs, project: projectReceipts });
    if (!a.ok) throw new Error(a.error.message);
    out(`ack-in ${i}`);
    const r = await store.reserve({ positions: lines, decide: holdDecision(`r-${i}`, lines) });
    out(`ack-r ${i} ${r.ok ? 'OK' : r.error.code}`);
    if (i % 2 === 0) out(`ack-relay ${await relay.relayOnce()}`);
  }
}

/**
 * Spawns `node --conditions=source --import tsx <script> ...args` in `cwd`, waits until it printed
 * `lines` lines, then SIGKILLs it; resolves with the lines it printed.
 * @example
 * const acked = await runAndKill(root, child, [filename, '1000'], 25);
 */
export function runAndKill(
  cwd: string,
  script: string,
  args: readonly string[],
  lines: number,
): Promise<string[]> {
  return new Promise((resolve, reject) => {
    const p = spawn(process.execPath, ['--conditions=source', '--import', 'tsx', script, ...args], {
      cwd,
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    const out: string[] = [];
    let buffer = '';
    p.stdout.setEncoding('utf8');
    p.stdout.on('data', (chunk: string) => {
      buffer += chunk;
      const parts = buffer.split('\n');
      buffer = parts.pop() ?? '';
      out.push(...parts);
      if (out.length >= lines && p.exitCode === null && !p.killed) p.kill('SIGKILL');
    });
    p.on('close', (_code, signal) =>
      signal === 'SIGKILL' ? resolve(out) : reject(new Error(`child ended without being killed (${signal})`)),
    );
  });
}

/**
 * After the crashes: nothing acknowledged is lost, duplicates were absorbed, the position equals the
 * projection of the stored events, nothing is oversold, and after finishing the relay every
 * reservation's event is on the bus exactly once.
 * @example
 * await expectCrashInvariants(store, bus, ackedLines);
 */
export async function expectCrashInvariants(
  store: InventoryStore,
  bus: EventBus,
  acked: readonly string[],
): Promise<void> {
  const events = await store.readEvents(0, 1_000_000);
  const ids = new Set(events.map((e) => e.id));
  expect(ids.size).toBe(events.length);
  for (const line of acked.filter((l) => l.startsWith('ack-in '))) {
    expect(ids.has(`in-${line.split(' ')[1]}`)).toBe(true);
  }
  const [position] = await store.getPositions([{ sku: 'A', location: 'S1' }]);
  expect(position?.position.onHand).toBe(String(events.length));
  const okReservations = acked.filter((l) => l.startsWith('ack-r ') && l.endsWith(' OK'));
  for (const line of okReservations) {
    expect((await store.getReservation(`r-${line.split(' ')[1]}`))?.state).toBe('held');
  }
  const held = (await store.listExpiring('9999-01-01T00:00:00.000Z', 1_000_000)).length;
  expect(held).toBeGreaterThanOrEqual(okReservations.length);
  expect(position?.position.reserved).toBe(String(held));
  expect(held).toBeLessThanOrEqual(events.length);
  while ((await new OutboxRelay(store, bus).relayOnce()) > 0) {}
  const log = await bus.replay({ start: { from: 'first' } });
  expect(new Set(log.map((r) => r.event.id)).size).toBe(held);
  expect(log.length).toBe(held);
}
