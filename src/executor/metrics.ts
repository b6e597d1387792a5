// The executor's Prometheus metrics (murphy_executor_*).
import type { MetricsRegistry } from '../metrics/registry.js';
import type { ExecutionResult } from './job.js';

export class ExecutorMetrics {
  private readonly requests;
  private readonly tests;
  private readonly duration;
  private readonly rewards;

  constructor(metrics: MetricsRegistry, stats: () => { running: number; queued: number; size: number }, sandbox: { mode: string; landlock: number }) {
    this.requests = metrics.counter('executor_requests_total', 'Execute calls by outcome (ok, rejected, cancelled, error).', ['outcome']);
    this.tests = metrics.counter('executor_tests_total', 'Tests run, by status (passed, failed, error, timeout, crashed).', ['status']);
    this.duration = metrics.histogram('executor_request_duration_seconds', 'Wall-clock time of Execute calls.', [0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30]);
    this.rewards = metrics.histogram('executor_reward', 'Reward (fraction of tests passed) per execution.', [0, 0.25, 0.5, 0.75, 1]);
    metrics.gauge('executor_running', 'Runs executing now.', [], () => stats().running);
    metrics.gauge('executor_queued', 'Requests waiting for a slot.', [], () => stats().queued);
    metrics.gauge('executor_slots', 'Slots (runs that may execute at once).', [], () => stats().size);
    metrics.gauge('executor_sandbox_mode', 'The sandbox mode in force: 1 for its mode label (bwrap or process).', ['mode']).set({ mode: sandbox.mode }, 1);
    metrics.gauge('executor_landlock_abi', 'Landlock ABI version confining program processes (0: none, files and signals are then confined by uid or bwrap only).', [], () => sandbox.landlock);
  }

  executed(result: ExecutionResult): void {
    this.requests.inc({ outcome: 'ok' });
    this.duration.observe(result.durationSeconds);
    this.rewards.observe(result.reward);
    for (const test of result.results) this.tests.inc({ status: test.status });
  }

  refused(outcome: 'rejected' | 'cancelled' | 'error'): void {
    this.requests.inc({ outcome });
  }
}
