// The operator's own Prometheus metrics, in a registry of its own (not prom-client's global one)
// so several operators in one test process do not collide and tests can read them.
import { Counter, Gauge, Histogram, Registry } from 'prom-client';

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
  readonly leader = new Gauge({ name: 'murphy_operator_leader', help: '1 while this replica holds the leader lease.', registers: [this.registry] });
  readonly queueDepth = new Gauge({ name: 'murphy_operator_queue_depth', help: 'Runs waiting to be reconciled.', registers: [this.registry] });
  readonly informerRestarts = new Counter({ name: 'murphy_operator_informer_restarts_total', help: 'Watches restarted after an error.', labelNames: ['kind'], registers: [this.registry] });
}
