// Leader election on a Lease, as client-go does it (client-node has none). A candidate takes the
// lease when it is free or its holder has not renewed it for leaseDuration, measured on the
// candidate's own clock from when it last saw the lease change (so clock skew between machines
// does not matter). The leader renews every retryPeriod; if it cannot renew within renewDeadline
// it stops leading (the process should then exit, as client-go's users do). On a clean stop the
// leader releases the lease so a standby takes over at once.
import type { LeaseRecord, LeaseStore, ObservedLease } from './lease-store.js';
import { stableJson } from './stable-json.js';

export interface LeaderElectionOptions {
  readonly identity: string;
  readonly leaseDurationMs: number;
  readonly renewDeadlineMs: number;
  readonly retryPeriodMs: number;
}

export interface LeaderCallbacks {
  readonly onStartedLeading: () => void | Promise<void>;
  readonly onStoppedLeading: () => void | Promise<void>;
}

export const defaultElection = { leaseDurationMs: 15_000, renewDeadlineMs: 10_000, retryPeriodMs: 4_000 };

/** Lease times are MicroTime: RFC 3339 with microseconds. */
const microTime = (ms: number): string => new Date(ms).toISOString().replace('Z', '000Z');

export class LeaderElector {
  private observed: { text: string; at: number } | undefined;
  private leading = false;
  private stopped = false;
  private lastRenew = 0;
  private wake: (() => void) | undefined;

  constructor(
    private readonly store: LeaseStore,
    private readonly options: LeaderElectionOptions,
    private readonly callbacks: LeaderCallbacks,
    private readonly clock: () => number = Date.now,
  ) {}

  get isLeader(): boolean {
    return this.leading;
  }

  /** Campaigns, then renews, until stop() or a lost lease. */
  async run(): Promise<void> {
    while (!this.stopped) {
      const held = await this.tryAcquireOrRenew().catch(() => false);
      if (held) this.lastRenew = this.clock();
      if (held && !this.leading) {
        this.leading = true;
        await this.callbacks.onStartedLeading();
      } else if (!held && this.leading && this.clock() - this.lastRenew > this.options.renewDeadlineMs) {
        this.leading = false;
        await this.callbacks.onStoppedLeading();
        return;
      }
      await this.sleep(this.options.retryPeriodMs);
    }
  }

  /** Stops campaigning; a leader releases the lease. */
  async stop(): Promise<void> {
    this.stopped = true;
    this.wake?.();
    if (!this.leading) return;
    this.leading = false;
    const current = await this.store.get().catch(() => undefined);
    if (current?.record.holderIdentity !== this.options.identity) return;
    const released: LeaseRecord = { ...current.record, holderIdentity: '', leaseDurationSeconds: 1, renewTime: microTime(this.clock()) };
    await this.store.update(released, current.resourceVersion).catch(() => undefined);
  }

  /** One attempt: true when this candidate holds the lease afterwards. */
  async tryAcquireOrRenew(): Promise<boolean> {
    const now = this.clock();
    const current = await this.store.get();
    const mine = this.record(current, now);
    if (!current) {
      await this.store.create(mine);
      this.observe(mine, now);
      return true;
    }
    this.observe(current.record, now);
    if (!this.mayTake(current)) return false;
    await this.store.update(mine, current.resourceVersion);
    this.observe(mine, now);
    return true;
  }

  private mayTake(current: ObservedLease): boolean {
    const holder = current.record.holderIdentity;
    if (!holder || holder === this.options.identity) return true;
    const durationMs = (current.record.leaseDurationSeconds ?? 0) * 1000;
    return (this.observed?.at ?? 0) + durationMs <= this.clock();
  }

  private record(current: ObservedLease | undefined, now: number): LeaseRecord {
    const previous = current?.record ?? {};
    const kept = previous.holderIdentity === this.options.identity;
    return {
      holderIdentity: this.options.identity,
      leaseDurationSeconds: Math.ceil(this.options.leaseDurationMs / 1000),
      acquireTime: kept && previous.acquireTime ? previous.acquireTime : microTime(now),
      renewTime: microTime(now),
      leaseTransitions: kept ? (previous.leaseTransitions ?? 0) : (previous.leaseTransitions ?? -1) + 1,
    };
  }

  /** Remembers when the lease last changed, on our clock. */
  private observe(record: LeaseRecord, now: number): void {
    const text = stableJson(record);
    if (this.observed?.text !== text) this.observed = { text, at: now };
  }

  private sleep(ms: number): Promise<void> {
    return new Promise((resolve) => {
      const timer = setTimeout(resolve, ms);
      this.wake = () => {
        clearTimeout(timer);
        resolve();
      };
    });
  }
}
