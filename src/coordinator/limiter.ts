// Bounds the calls in flight toward one service. Waiting calls are served by priority (higher
// first), then in arrival order: the engine gives later turns a higher priority, so trees that are
// already deep finish first and the tail of a step stays short.

interface Waiter {
  readonly priority: number;
  readonly sequence: number;
  readonly start: () => void;
}

export class Limiter {
  private active = 0;
  private sequence = 0;
  private readonly waiting: Waiter[] = [];

  constructor(readonly capacity: number) {
    if (!Number.isInteger(capacity) || capacity < 1) throw new RangeError(`capacity must be a positive integer, got ${capacity}`);
  }

  get inFlight(): number {
    return this.active;
  }

  get queued(): number {
    return this.waiting.length;
  }

  async run<T>(priority: number, task: () => Promise<T>): Promise<T> {
    await this.acquire(priority);
    try {
      return await task();
    } finally {
      this.release();
    }
  }

  private acquire(priority: number): Promise<void> {
    if (this.active < this.capacity) {
      this.active++;
      return Promise.resolve();
    }
    return new Promise((resolve) => this.enqueue({ priority, sequence: this.sequence++, start: resolve }));
  }

  /** Keeps `waiting` sorted: highest priority first, then oldest first. Queues are short. */
  private enqueue(waiter: Waiter): void {
    let i = this.waiting.length;
    while (i > 0 && (this.waiting[i - 1] as Waiter).priority < waiter.priority) i--;
    this.waiting.splice(i, 0, waiter);
  }

  private release(): void {
    const next = this.waiting.shift();
    if (next) next.start();
    else this.active--;
  }
}
