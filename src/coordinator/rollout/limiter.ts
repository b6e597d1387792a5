// Bounds the work in flight toward one service. A task holds `weight` units of the capacity (a
// batch of n programs holds n; at most the whole capacity). Waiting tasks are served by priority
// (higher first), then in arrival order, and never overtaken by a lighter task that would fit:
// the engine gives later turns a higher priority, so trees that are already deep finish first and
// the tail of a step stays short.

interface Waiter {
  readonly priority: number;
  readonly sequence: number;
  readonly units: number;
  readonly start: () => void;
}

export class Limiter {
  private active = 0;
  private sequence = 0;
  private readonly waiting: Waiter[] = [];

  constructor(readonly capacity: number) {
    if (!Number.isInteger(capacity) || capacity < 1) throw new RangeError(`capacity must be a positive integer, got ${capacity}`);
  }

  /** Units held by running tasks. */
  get inFlight(): number {
    return this.active;
  }

  get queued(): number {
    return this.waiting.length;
  }

  async run<T>(priority: number, task: () => Promise<T>, weight = 1): Promise<T> {
    const units = Math.min(Math.max(1, weight), this.capacity);
    await this.acquire(priority, units);
    try {
      return await task();
    } finally {
      this.release(units);
    }
  }

  private fits(units: number): boolean {
    return this.active + units <= this.capacity;
  }

  private acquire(priority: number, units: number): Promise<void> {
    if (this.waiting.length === 0 && this.fits(units)) {
      this.active += units;
      return Promise.resolve();
    }
    return new Promise((resolve) => this.enqueue({ priority, sequence: this.sequence++, units, start: resolve }));
  }

  /** Keeps `waiting` sorted: highest priority first, then oldest first. Queues are short. */
  private enqueue(waiter: Waiter): void {
    let i = this.waiting.length;
    while (i > 0 && (this.waiting[i - 1] as Waiter).priority < waiter.priority) i--;
    this.waiting.splice(i, 0, waiter);
  }

  private release(units: number): void {
    this.active -= units;
    for (let next = this.waiting[0]; next !== undefined && this.fits(next.units); next = this.waiting[0]) {
      this.waiting.shift();
      this.active += next.units;
      next.start();
    }
  }
}
