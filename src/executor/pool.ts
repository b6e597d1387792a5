// A fixed number of warm slots and a bounded queue in front of them. A request beyond the queue
// is refused at once (QueueFullError -> RESOURCE_EXHAUSTED); a slot whose run went wrong is
// replaced by a fresh one; drain() waits for everything admitted and refuses the rest.

export class QueueFullError extends Error {}
export class DrainingError extends Error {}

export interface Slot<J, R> {
  run(job: J, timeoutMs: number, signal?: AbortSignal): Promise<R>;
  stop(): Promise<void>;
}

export interface PoolOptions<J, R> {
  readonly size: number;
  readonly queueCapacity: number;
  /** Starts slot number `index`. */
  readonly startSlot: (index: number) => Promise<Slot<J, R>>;
  /** Whether the slot must be replaced after this outcome. */
  readonly spoiled: (outcome: R) => boolean;
}

interface Waiting {
  readonly resolve: (index: number) => void;
  readonly reject: (error: Error) => void;
}

export class Pool<J, R> {
  private readonly slots: (Promise<Slot<J, R>> | undefined)[];
  private readonly free: number[] = [];
  private readonly waiting: Waiting[] = [];
  private running = 0;
  private draining = false;
  private idle: (() => void)[] = [];

  constructor(private readonly options: PoolOptions<J, R>) {
    this.slots = Array.from({ length: options.size }, () => undefined);
  }

  /** Starts every slot; rejects when one cannot start. */
  async start(): Promise<void> {
    await Promise.all(this.slots.map((_, index) => this.restart(index)));
    for (let index = 0; index < this.options.size; index++) this.free.push(index);
  }

  stats(): { running: number; queued: number; size: number; queueCapacity: number; draining: boolean } {
    return { running: this.running, queued: this.waiting.length, size: this.options.size, queueCapacity: this.options.queueCapacity, draining: this.draining };
  }

  async run(job: J, timeoutMs: number, signal?: AbortSignal): Promise<R> {
    const index = await this.acquire(signal); // counted as running from here
    try {
      const slot = await (this.slots[index] as Promise<Slot<J, R>>);
      const outcome = await slot.run(job, timeoutMs, signal);
      if (this.options.spoiled(outcome)) await this.replace(index, slot);
      return outcome;
    } catch (error) {
      await this.replace(index);
      throw error;
    } finally {
      this.running--;
      this.release(index);
    }
  }

  /** Stops admitting work and resolves once nothing runs or waits. */
  drain(): Promise<void> {
    this.draining = true;
    if (this.running === 0 && this.waiting.length === 0) return Promise.resolve();
    return new Promise((resolve) => this.idle.push(resolve));
  }

  async close(): Promise<void> {
    this.draining = true;
    for (const waiter of this.waiting.splice(0)) waiter.reject(new DrainingError('the executor is shutting down'));
    await Promise.all(this.slots.map(async (slot) => (await slot?.catch(() => undefined))?.stop()));
  }

  private acquire(signal?: AbortSignal): Promise<number> {
    if (this.draining) return Promise.reject(new DrainingError('the executor is draining: send work to another replica'));
    const index = this.free.pop();
    if (index !== undefined) {
      this.running++;
      return Promise.resolve(index);
    }
    if (this.waiting.length >= this.options.queueCapacity) {
      return Promise.reject(new QueueFullError(`all ${this.options.size} slots are busy and ${this.options.queueCapacity} requests already wait`));
    }
    return new Promise((resolve, reject) => {
      const waiter: Waiting = { resolve, reject };
      this.waiting.push(waiter);
      signal?.addEventListener('abort', () => {
        const at = this.waiting.indexOf(waiter);
        if (at >= 0) this.waiting.splice(at, 1);
        reject(new Error('cancelled while waiting for a free slot'));
        this.checkIdle();
      }, { once: true });
    });
  }

  /** Hands the slot straight to the next waiter (still running, so drain cannot end in between). */
  private release(index: number): void {
    const next = this.waiting.shift();
    if (next) {
      this.running++;
      next.resolve(index);
    } else {
      this.free.push(index);
    }
    this.checkIdle();
  }

  private checkIdle(): void {
    if (this.draining && this.running === 0 && this.waiting.length === 0) for (const resolve of this.idle.splice(0)) resolve();
  }

  private async replace(index: number, old?: Slot<J, R>): Promise<void> {
    await old?.stop();
    await this.restart(index).catch(() => undefined);
  }

  private restart(index: number): Promise<void> {
    const starting = this.options.startSlot(index);
    this.slots[index] = starting;
    return starting.then(() => undefined);
  }
}
