import { describe, expect, it } from 'vitest';
import { SerialQueue } from './kernel';

describe('SerialQueue', () => {
  it('runs tasks one at a time in call order and says when it is idle', async () => {
    const queue = new SerialQueue();
    expect(queue.idle).toBe(true);
    const order: string[] = [];
    let release!: () => void;
    const first = queue.run(async () => {
      order.push('first start');
      await new Promise<void>((resolve) => {
        release = resolve;
      });
      order.push('first end');
      return 1;
    });
    const second = queue.run(async () => {
      order.push('second');
      throw new Error('boom');
    });
    const third = queue.run(async () => {
      order.push('third');
      return 3;
    });
    expect(queue.idle).toBe(false);
    await Promise.resolve();
    release();
    expect(await first).toBe(1);
    await expect(second).rejects.toThrow('boom');
    expect(await third).toBe(3);
    // a caller resumed by the last task sees the queue idle
    expect(queue.idle).toBe(true);
    expect(order).toEqual(['first start', 'first end', 'second', 'third']);
  });
});
