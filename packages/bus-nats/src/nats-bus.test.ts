import { randomBytes } from 'node:crypto';
import {
  eventually,
  requireService,
  runBusContract,
  TEST_NATS_URL,
  testEvent,
} from '@omnistock/runtime/testing';
import { describe, expect, it } from 'vitest';
import { type NatsEventBusOptions, NatsEventBus } from './nats-bus';

const gate = await requireService({ name: 'NATS', url: TEST_NATS_URL, suite: 'bus-nats contract suite' });

/** Options for a uniquely named stream (and DLQ stream, and subjects) per test. */
function uniqueStream(): NatsEventBusOptions {
  const run = `t${randomBytes(5).toString('hex')}`;
  return {
    servers: gate.url,
    stream: `OMNISTOCK_TEST_${run}`,
    subjectPrefix: `${run}.events`,
    dlqSubjectPrefix: `${run}.dlq`,
    storage: 'memory',
  };
}

async function deleteStreams(options: NatsEventBusOptions): Promise<void> {
  const admin = await NatsEventBus.connect(options);
  await admin.deleteStreams();
  await admin.close();
}

describe.skipIf(!gate.available)('NatsEventBus (real NATS JetStream)', () => {
  runBusContract('NatsEventBus', async () => {
    const options = uniqueStream();
    const bus = await NatsEventBus.connect(options);
    return {
      bus,
      dispose: async () => {
        await bus.close();
        await deleteStreams(options);
      },
    };
  });

  it('dedupes on the server across publishers and resumes a durable across connections', async () => {
    const options = uniqueStream();
    const a = await NatsEventBus.connect(options);
    const b = await NatsEventBus.connect(options);
    try {
      const first = await a.publish(testEvent('x1'));
      expect(await b.publish(testEvent('x1'))).toEqual({ sequence: first.sequence, duplicate: true });
      await b.publish(testEvent('x2'));
      await b.publish(testEvent('x3'));
      const got: string[] = [];
      const sub = await a.subscribe({ durable: 'across' }, ({ event }) => {
        got.push(event.id);
      });
      await eventually(() => got.length >= 1);
      await sub.stop();
      await a.close();
      const later: string[] = [];
      const sub2 = await b.subscribe({ durable: 'across' }, ({ event }) => {
        later.push(event.id);
      });
      await eventually(() => got.length + later.length >= 3);
      await sub2.stop();
      expect([...got, ...later]).toEqual(['x1', 'x2', 'x3']);
    } finally {
      await a.close();
      await b.close();
      await deleteStreams(options);
    }
  });
});
