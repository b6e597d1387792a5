// The operator's own Prometheus metrics, in a registry of its own (not prom-client's global one)
// so several operators in one test process do not collide and tests can read them.
import type { MurphyRunStatus } from '../src/api/murphyrun.js';
import { MetricsRegistry } from '../src/metrics/registry.js';

const EVAL_LABELS = ['namespace', 'run', 'model', 'dataset', 'iterations'] as const;

export class OperatorMetrics {
  readonly metrics = new MetricsRegistry();
  readonly registry = this.metrics.registry;
  readonly reconciles = this.metrics.counter('operator_reconciles_total', 'Reconciles by result (ok, error).', ['result']);
  readonly reconcileSeconds = this.metrics.histogram(
    'operator_reconcile_duration_seconds',
    'Time one reconcile of one MurphyRun takes.',
    [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5],
  );
  readonly writes = this.metrics.counter('operator_api_writes_total', 'Writes to the API server by verb and kind.', ['verb', 'kind']);
  readonly runsByPhase = this.metrics.gauge('operator_runs', 'MurphyRuns by phase.', ['phase']);
  readonly runPhase = this.metrics.gauge('operator_run_phase', 'Phase of each MurphyRun: 1 for its current phase.', ['namespace', 'run', 'phase']);
  readonly evalPassAt1 = this.metrics.gauge(
    'operator_eval_pass_at_1',
    'Evaluation pass@1 (mean over runs, 0..1) from status.evaluation, by model (base, final), dataset and Reflexion iterations.',
    EVAL_LABELS,
  );
  readonly evalPassAt1Std = this.metrics.gauge('operator_eval_pass_at_1_std', 'Standard deviation of the evaluation pass@1 over runs, from status.evaluation.', EVAL_LABELS);
  readonly leader = this.metrics.gauge('operator_leader', '1 while this replica holds the leader lease.');
  readonly queueDepth = this.metrics.gauge('operator_queue_depth', 'Runs waiting to be reconciled.');
  readonly informerRestarts = this.metrics.counter('operator_informer_restarts_total', 'Watches restarted after an error.', ['kind']);
}

type RunLike = { metadata?: { namespace?: string; name?: string }; status?: MurphyRunStatus };

function setEvaluationGauges(metrics: OperatorMetrics, namespace: string, run: string, status: MurphyRunStatus | undefined): void {
  for (const r of status?.evaluation?.results ?? []) {
    const labels = { namespace, run, model: r.model, dataset: r.dataset, iterations: String(r.iterations) };
    metrics.evalPassAt1.set(labels, r.passAt1);
    metrics.evalPassAt1Std.set(labels, r.std);
  }
}

/** Per-run gauges, recomputed from the runs' statuses in the cache (so a deleted run disappears). */
export function setRunGauges(metrics: OperatorMetrics, runs: Iterable<RunLike>): void {
  for (const gauge of [metrics.runsByPhase, metrics.runPhase, metrics.evalPassAt1, metrics.evalPassAt1Std]) gauge.reset();
  const counts = new Map<string, number>();
  for (const { metadata, status } of runs) {
    const namespace = metadata?.namespace ?? '';
    const run = metadata?.name ?? '';
    const phase = status?.phase ?? 'Pending';
    counts.set(phase, (counts.get(phase) ?? 0) + 1);
    metrics.runPhase.set({ namespace, run, phase }, 1);
    setEvaluationGauges(metrics, namespace, run, status);
  }
  for (const [phase, count] of counts) metrics.runsByPhase.set({ phase }, count);
}
