import { describe, expect, it } from '@jest/globals';
import { DrainingError, Pool, QueueFullError, type Slot } from './pool.js';

// A slot double whose runs finish when the test says so.
class ManualSlot implements Slot<string, string> {
  static started = 0;
  readonly pending: { job: string; finish: (outcome: string) => void }[] = [];
  stopped = false;
  constructor() {
    ManualSlot.started++;
  }
  run(job: string): Promise<string> {
    return new Promise((resolve) => this.pending.push({ job, finish: resolve }));
  }
  stop(): Promise<void> {
    this.stopped = true;
    return Promise.resolve();
  }
}

async function pool(size: number, queueCapacity: number) {
  const slots: ManualSlot[] = [];
  const p = new Pool<string, string>({
    size,
    queueCapacity,
    startSlot: () => {
      const slot = new ManualSlot();
      slots.push(slot);
      return Promise.resolve(slot);
    },
    spoiled: (outcome) => outcome === 'broken',
  });
  await p.start();
  return { p, slots };
}

const tick = () => new Promise((resolve) => setImmediate(resolve));

function finish(slots: ManualSlot[], job: string, outcome: string): void {
  for (const slot of slots) {
    const at = slot.pending.findIndex((p) => p.job === job);
    if (at >= 0) return slot.pending.splice(at, 1)[0]?.finish(outcome);
  }
  throw new Error(`job ${job} is not running`);
}

describe('Pool', () => {
  it('runs up to size jobs, queues up to capacity and refuses the rest', async () => {
    const { p, slots } = await pool(2, 1);
    const runs = ['a', 'b', 'c'].map((job) => p.run(job, 1000));
    await tick();
    expect(p.stats()).toMatchObject({ running: 2, queued: 1 });
    await expect(p.run('d', 1000)).rejects.toBeInstanceOf(QueueFullError);
    finish(slots, 'a', 'done-a');
    await tick();
    await tick();
    expect(slots.flatMap((s) => s.pending.map((x) => x.job))).toContain('c');
    finish(slots, 'b', 'done-b');
    finish(slots, 'c', 'done-c');
    expect(await Promise.all(runs)).toEqual(['done-a', 'done-b', 'done-c']);
  });

  it('replaces a slot after a spoiled outcome', async () => {
    const { p, slots } = await pool(1, 0);
    const run = p.run('x', 1000);
    await tick();
    finish(slots, 'x', 'broken');
    expect(await run).toBe('broken');
    expect(slots[0]?.stopped).toBe(true);
    expect(slots).toHaveLength(2);
  });

  it('drains: admitted work finishes, new work is refused', async () => {
    const { p, slots } = await pool(1, 1);
    const first = p.run('a', 1000);
    const second = p.run('b', 1000);
    await tick();
    let drained = false;
    const drain = p.drain().then(() => (drained = true));
    await expect(p.run('c', 1000)).rejects.toBeInstanceOf(DrainingError);
    finish(slots, 'a', 'A');
    await tick();
    await tick();
    expect(drained).toBe(false);
    finish(slots, 'b', 'B');
    await drain;
    expect(await Promise.all([first, second])).toEqual(['A', 'B']);
  });

  it('drops a queued request whose caller gave up', async () => {
    const { p, slots } = await pool(1, 1);
    const first = p.run('a', 1000);
    const abort = new AbortController();
    const waiting = p.run('b', 1000, abort.signal);
    await tick();
    abort.abort();
    await expect(waiting).rejects.toThrow('cancelled while waiting');
    expect(p.stats().queued).toBe(0);
    finish(slots, 'a', 'A');
    expect(await first).toBe('A');
  });
});
