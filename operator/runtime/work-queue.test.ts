import { describe, expect, it } from '@jest/globals';
import { WorkQueue } from './work-queue.js';

const tick = (ms = 5) => new Promise((resolve) => setTimeout(resolve, ms));

/** Polls until the condition holds (a loaded machine delays timers far past their delay). */
async function eventually(condition: () => boolean, timeoutMs = 5000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition() && Date.now() < deadline) await tick(5);
}

describe('WorkQueue', () => {
  it('never runs one key twice at once, and runs it again when it was added meanwhile', async () => {
    let running = 0;
    let maxRunning = 0;
    let calls = 0;
    const queue = new WorkQueue(
      async () => {
        calls++;
        maxRunning = Math.max(maxRunning, ++running);
        await tick(20);
        running--;
        return {};
      },
      { concurrency: 4, backoff: { baseMs: 1, maxMs: 1 } },
    );
    queue.add('a');
    await tick();
    queue.add('a');
    queue.add('a');
    await eventually(() => calls >= 2 && running === 0);
    await tick(50);
    expect(maxRunning).toBe(1);
    expect(calls).toBe(2);
  });

  it('dedupes queued keys and runs different keys in parallel', async () => {
    const seen: string[] = [];
    let running = 0;
    let maxRunning = 0;
    const queue = new WorkQueue(
      async (key) => {
        seen.push(key);
        maxRunning = Math.max(maxRunning, ++running);
        await tick(10);
        running--;
        return {};
      },
      { concurrency: 2, backoff: { baseMs: 1, maxMs: 1 } },
    );
    for (const key of ['a', 'b', 'c', 'c', 'c']) queue.add(key);
    await eventually(() => seen.length >= 3 && running === 0);
    await tick(30);
    expect(seen.sort()).toEqual(['a', 'b', 'c']);
    expect(maxRunning).toBe(2);
  });

  it('retries a failing key with backoff and reports the error', async () => {
    let attempts = 0;
    const errors: number[] = [];
    const queue = new WorkQueue(
      () => {
        attempts++;
        return attempts < 3 ? Promise.reject(new Error('boom')) : Promise.resolve({});
      },
      { concurrency: 1, backoff: { baseMs: 5, maxMs: 20 }, onError: (_key, _error, retry) => errors.push(retry) },
    );
    queue.add('a');
    await eventually(() => attempts >= 3);
    await tick(50);
    expect(attempts).toBe(3);
    expect(errors).toHaveLength(2);
  });

  it('requeues after the delay a handler asks for', async () => {
    let calls = 0;
    const queue = new WorkQueue(() => Promise.resolve(++calls === 1 ? { requeueAfterMs: 20 } : {}), { concurrency: 1, backoff: { baseMs: 1, maxMs: 1 } });
    queue.add('a');
    await tick(5);
    expect(calls).toBe(1);
    await eventually(() => calls >= 2);
    await tick(50);
    expect(calls).toBe(2);
  });

  it('waits for in-flight work on shutdown and takes no more', async () => {
    let finished = false;
    let calls = 0;
    const queue = new WorkQueue(
      async () => {
        calls++;
        await tick(30);
        finished = true;
        return { requeueAfterMs: 1 };
      },
      { concurrency: 1, backoff: { baseMs: 1, maxMs: 1 } },
    );
    queue.add('a');
    await tick();
    await queue.shutdown();
    expect(finished).toBe(true);
    queue.add('b');
    await tick(20);
    expect(calls).toBe(1);
  });
});
