// The operator's own Prometheus metrics, in a registry of its own (not prom-client's global one)
// so several operators in one test process do not collide and tests can read them.
import { Counter, Gauge, Histogram, Registry } from 'prom-client';
import type { MurphyRunStatus } from '../src/api/murphyrun.js';

export class OperatorMetrics {
  readonly registry = new Registry();
  readonly reconciles = new Counter({ name: 'murphy_operator_reconciles_total', help: 'Reconciles by result (ok, error).', labelNames: ['result'], registers: [this.registry] });
  readonly reconcileSeconds = new Histogram({
    name: 'murphy_operator_reconcile_duration_seconds',
    help: 'Time one reconcile of one MurphyRun takes.',
    buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5],
    registers: [this.registry],
  });
  readonly writes = new Counter({ name: 'murphy_operator_api_writes_total', help: 'Writes to the API server by verb and kind.', labelNames: ['verb', 'kind'], registers: [this.registry] });
  readonly runsByPhase = new Gauge({ name: 'murphy_operator_runs', help: 'MurphyRuns by phase.', labelNames: ['phase'], registers: [this.registry] });
  readonly runPhase = new Gauge({
    name: 'murphy_operator_run_phase',
    help: 'Phase of each MurphyRun: 1 for its current phase.',
    labelNames: ['namespace', 'run', 'phase'],
    registers: [this.registry],
  });
  readonly evalPassAt1 = new Gauge({
    name: 'murphy_operator_eval_pass_at_1',
    help: 'Evaluation pass@1 (mean over runs, 0..1) from status.evaluation, by model (base, final), dataset and Reflexion iterations.',
    labelNames: ['namespace', 'run', 'model', 'dataset', 'iterations'],
    registers: [this.registry],
  });
  readonly evalPassAt1Std = new Gauge({
    name: 'murphy_operator_eval_pass_at_1_std',
    help: 'Standard deviation of the evaluation pass@1 over runs, from status.evaluation.',
    labelNames: ['namespace', 'run', 'model', 'dataset', 'iterations'],
    registers: [this.registry],
  });
  readonly leader = new Gauge({ name: 'murphy_operator_leader', help: '1 while this replica holds the leader lease.', registers: [this.registry] });
  readonly queueDepth = new Gauge({ name: 'murphy_operator_queue_depth', help: 'Runs waiting to be reconciled.', registers: [this.registry] });
  readonly informerRestarts = new Counter({ name: 'murphy_operator_informer_restarts_total', help: 'Watches restarted after an error.', labelNames: ['kind'], registers: [this.registry] });
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
