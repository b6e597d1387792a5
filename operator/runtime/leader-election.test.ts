import { describe, expect, it } from '@jest/globals';
import { LeaderElector } from './leader-election.js';
import type { LeaseRecord, LeaseStore, ObservedLease } from './lease-store.js';

/** An in-memory Lease with the API server's optimistic concurrency. */
class MemoryLeaseStore implements LeaseStore {
  lease: ObservedLease | undefined;
  private version = 0;
  writes = 0;

  get() {
    return Promise.resolve(this.lease);
  }
  create(record: LeaseRecord) {
    if (this.lease) return Promise.reject(new Error('AlreadyExists'));
    this.lease = { record, resourceVersion: String(++this.version) };
    this.writes++;
    return Promise.resolve();
  }
  update(record: LeaseRecord, resourceVersion: string) {
    if (this.lease?.resourceVersion !== resourceVersion) return Promise.reject(new Error('Conflict'));
    this.lease = { record, resourceVersion: String(++this.version) };
    this.writes++;
    return Promise.resolve();
  }
}

const options = (identity: string) => ({ identity, leaseDurationMs: 15_000, renewDeadlineMs: 10_000, retryPeriodMs: 2_000 });
const noop = { onStartedLeading: () => {}, onStoppedLeading: () => {} };

describe('LeaderElector', () => {
  it('lets exactly one of two candidates hold the lease', async () => {
    const store = new MemoryLeaseStore();
    let now = 0;
    const a = new LeaderElector(store, options('a'), noop, () => now);
    const b = new LeaderElector(store, options('b'), noop, () => now);
    expect(await a.tryAcquireOrRenew()).toBe(true);
    expect(await b.tryAcquireOrRenew()).toBe(false);
    now += 5_000;
    expect(await a.tryAcquireOrRenew()).toBe(true);
    expect(await b.tryAcquireOrRenew()).toBe(false);
    expect(store.lease?.record).toMatchObject({ holderIdentity: 'a', leaseTransitions: 0, leaseDurationSeconds: 15 });
  });

  it('takes over a lease its holder stopped renewing, timed on its own clock', async () => {
    const store = new MemoryLeaseStore();
    let now = 1_000_000;
    const a = new LeaderElector(store, options('a'), noop, () => now);
    await a.tryAcquireOrRenew();
    // b's clock is far behind a's: only the time b itself saw the lease unchanged counts.
    let bNow = 0;
    const b = new LeaderElector(store, options('b'), noop, () => bNow);
    expect(await b.tryAcquireOrRenew()).toBe(false);
    bNow += 14_000;
    expect(await b.tryAcquireOrRenew()).toBe(false);
    bNow += 2_000;
    expect(await b.tryAcquireOrRenew()).toBe(true);
    expect(store.lease?.record).toMatchObject({ holderIdentity: 'b', leaseTransitions: 1 });
    now += 1;
    expect(await a.tryAcquireOrRenew()).toBe(false);
  });

  it('loses a race on the resourceVersion instead of overwriting the winner', async () => {
    const store = new MemoryLeaseStore();
    await store.create({ holderIdentity: '', leaseDurationSeconds: 1 });
    const a = new LeaderElector(store, options('a'), noop, () => 0);
    const b = new LeaderElector(store, options('b'), noop, () => 0);
    const results = await Promise.allSettled([a.tryAcquireOrRenew(), b.tryAcquireOrRenew()]);
    expect(results.filter((r) => r.status === 'fulfilled' && r.value).length).toBe(1);
  });

  it('calls back when leading starts, and releases the lease on stop', async () => {
    const store = new MemoryLeaseStore();
    const events: string[] = [];
    const a = new LeaderElector(store, { ...options('a'), retryPeriodMs: 5 }, { onStartedLeading: () => void events.push('started'), onStoppedLeading: () => void events.push('stopped') });
    const running = a.run();
    while (!a.isLeader) await new Promise((resolve) => setTimeout(resolve, 1));
    await a.stop();
    await running;
    expect(events).toEqual(['started']);
    expect(store.lease?.record.holderIdentity).toBe('');
    const b = new LeaderElector(store, options('b'), noop, () => 0);
    expect(await b.tryAcquireOrRenew()).toBe(true);
  });

  it('stops leading when it cannot renew within the renew deadline', async () => {
    const store = new MemoryLeaseStore();
    let now = 0;
    const events: string[] = [];
    const a = new LeaderElector(store, { ...options('a'), retryPeriodMs: 1 }, { onStartedLeading: () => void events.push('started'), onStoppedLeading: () => void events.push('stopped') }, () => now);
    const running = a.run();
    while (!a.isLeader) await new Promise((resolve) => setTimeout(resolve, 1));
    store.get = () => Promise.reject(new Error('API server unreachable'));
    now += 11_000;
    await running;
    expect(events).toEqual(['started', 'stopped']);
    expect(a.isLeader).toBe(false);
  });
});
