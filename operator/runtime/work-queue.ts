// A work queue of run keys in the style of client-go's: a key is queued at most once, never
// processed by two workers at once (an add while it runs marks it dirty and it runs again after),
// failures are retried with per-key exponential backoff, and shutdown waits for in-flight work.
import { backoffDelay, type Backoff } from '../../src/k8s/backoff.js';

export interface QueueResult {
  readonly requeueAfterMs?: number;
}

export interface WorkQueueOptions {
  readonly concurrency: number;
  readonly backoff: Backoff;
  readonly onError?: (key: string, error: unknown, retryInMs: number) => void;
}

export class WorkQueue {
  private readonly ready: string[] = [];
  private readonly queued = new Set<string>();
  private readonly active = new Set<string>();
  private readonly dirty = new Set<string>();
  private readonly timers = new Map<string, { at: number; timer: NodeJS.Timeout }>();
  private readonly failures = new Map<string, number>();
  private stopping = false;
  private idle: (() => void)[] = [];

  constructor(
    private readonly handler: (key: string) => Promise<QueueResult>,
    private readonly options: WorkQueueOptions,
  ) {}

  get depth(): number {
    return this.ready.length;
  }

  add(key: string): void {
    if (this.stopping) return;
    if (this.active.has(key)) {
      this.dirty.add(key);
      return;
    }
    if (this.queued.has(key)) return;
    this.queued.add(key);
    this.ready.push(key);
    this.pump();
  }

  /** Adds the key after a delay; an earlier pending delay for the same key wins. */
  addAfter(key: string, delayMs: number): void {
    if (this.stopping) return;
    const at = Date.now() + delayMs;
    const pending = this.timers.get(key);
    if (pending && pending.at <= at) return;
    if (pending) clearTimeout(pending.timer);
    const timer = setTimeout(() => {
      this.timers.delete(key);
      this.add(key);
    }, delayMs);
    this.timers.set(key, { at, timer });
  }

  /** Stops taking work and resolves when every running handler has returned. */
  async shutdown(): Promise<void> {
    this.stopping = true;
    for (const { timer } of this.timers.values()) clearTimeout(timer);
    this.timers.clear();
    this.ready.length = 0;
    this.queued.clear();
    if (this.active.size > 0) await new Promise<void>((resolve) => this.idle.push(resolve));
  }

  private pump(): void {
    while (!this.stopping && this.active.size < this.options.concurrency && this.ready.length > 0) {
      const key = this.ready.shift() as string;
      this.queued.delete(key);
      this.active.add(key);
      void this.process(key);
    }
  }

  private async process(key: string): Promise<void> {
    try {
      const result = await this.handler(key);
      this.failures.delete(key);
      if (result.requeueAfterMs !== undefined) this.addAfter(key, result.requeueAfterMs);
    } catch (error) {
      const attempt = this.failures.get(key) ?? 0;
      this.failures.set(key, attempt + 1);
      const delay = backoffDelay(this.options.backoff, attempt);
      this.options.onError?.(key, error, delay);
      this.addAfter(key, delay);
    } finally {
      this.active.delete(key);
      if (this.dirty.delete(key)) this.add(key);
      this.pump();
      if (this.active.size === 0) for (const resolve of this.idle.splice(0)) resolve();
    }
  }
}
