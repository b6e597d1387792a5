import { describe, expect, it } from '@jest/globals';
import { Limiter } from './limiter.js';

const deferred = () => {
  let resolve!: () => void;
  const promise = new Promise<void>((r) => (resolve = r));
  return { promise, resolve };
};

describe('Limiter', () => {
  it('runs at most `capacity` tasks at once and serves waiters by priority, then arrival', async () => {
    const limiter = new Limiter(1);
    const gate = deferred();
    const order: string[] = [];
    const first = limiter.run(0, async () => {
      order.push('first');
      await gate.promise;
    });
    const waiting = [
      limiter.run(1, async () => void order.push('turn1-a')),
      limiter.run(2, async () => void order.push('turn2')),
      limiter.run(1, async () => void order.push('turn1-b')),
    ];
    expect(limiter.inFlight).toBe(1);
    expect(limiter.queued).toBe(3);
    gate.resolve();
    await Promise.all([first, ...waiting]);
    expect(order).toEqual(['first', 'turn2', 'turn1-a', 'turn1-b']);
    expect(limiter.inFlight).toBe(0);
  });

  it('counts a task by its weight, capped at the capacity, and starts waiters in order as units free', async () => {
    const limiter = new Limiter(4);
    const gate = deferred();
    const order: string[] = [];
    const batch = limiter.run(1, async () => {
      order.push('batch of 3');
      await gate.promise;
    }, 3);
    const waiting = [
      limiter.run(1, async () => void order.push('batch of 2'), 2),
      limiter.run(1, async () => void order.push('single'), 1),
      limiter.run(1, async () => void order.push('batch of 9'), 9),
    ];
    expect(limiter.inFlight).toBe(3);
    expect(limiter.queued).toBe(3); // the single one would fit but does not overtake
    gate.resolve();
    await Promise.all([batch, ...waiting]);
    expect(order).toEqual(['batch of 3', 'batch of 2', 'single', 'batch of 9']);
    expect(limiter.inFlight).toBe(0);
  });

  it('frees the slot when a task fails', async () => {
    const limiter = new Limiter(1);
    await expect(limiter.run(0, () => Promise.reject(new Error('boom')))).rejects.toThrow('boom');
    await expect(limiter.run(0, () => Promise.resolve(7))).resolves.toBe(7);
  });

  it('rejects a capacity below one', () => {
    expect(() => new Limiter(0)).toThrow(RangeError);
  });
});
