// The coordinator's Prometheus metrics, registered on the process's registry (injected, so tests
// read exactly what /metrics serves). Names are murphy_coordinator_*.
import type { Counter, Gauge, Histogram } from 'prom-client';
import type { MetricsRegistry } from '../../metrics/registry.js';
import type { StepReport } from './step-report.js';

export type Phase = 'generate' | 'execute' | 'score' | 'train' | 'sync' | 'checkpoint';

const PHASE_BUCKETS = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 120, 300, 600];
const LAG_BUCKETS = [0, 1, 2, 3, 4];

export class CoordinatorMetrics {
  readonly step: Gauge;
  readonly totalSteps: Gauge;
  readonly policyVersion: Gauge;
  readonly passRate: Gauge<'turn'>;
  readonly meanReward: Gauge<'turn'>;
  readonly treeNodes: Counter<'state' | 'strategy'>;
  readonly rollouts: Counter;
  readonly rolloutsPerSecond: Gauge;
  readonly phaseSeconds: Histogram<'phase'>;
  readonly stepSeconds: Gauge;
  readonly errors: Counter<'kind'>;
  readonly droppedSamples: Counter<'reason'>;
  readonly staleCompletions: Counter;
  readonly weightLoads: Counter<'result'>;
  readonly trainSamples: Counter;
  readonly policyLag: Histogram;
  readonly idleSeconds: Histogram<'service'>;

  constructor(metrics: MetricsRegistry) {
    const p = 'coordinator_';
    this.step = metrics.gauge(`${p}step`, 'Last completed training step.');
    this.totalSteps = metrics.gauge(`${p}total_steps`, 'Steps the run will make.');
    this.policyVersion = metrics.gauge(`${p}policy_version`, 'Weights version inference serves (advanced after every step).');
    this.passRate = metrics.gauge(`${p}pass_rate`, 'Fraction of completions at this turn that passed every test, last step.', ['turn']);
    this.meanReward = metrics.gauge(`${p}reward_mean`, 'Mean reward of the completions at this turn, last step.', ['turn']);
    this.treeNodes = metrics.counter(`${p}tree_nodes_total`, 'Rollout tree nodes by state (generated, kept, pruned) and pruning strategy.', ['state', 'strategy']);
    this.rollouts = metrics.counter(`${p}rollouts_total`, 'Completions generated and executed.');
    this.rolloutsPerSecond = metrics.gauge(`${p}rollouts_per_second`, 'Rollouts per second of wall time over the last step.');
    this.phaseSeconds = metrics.histogram(
      `${p}phase_seconds`,
      'Time per phase: generate and execute per call; score, train, sync (export + load weights) and checkpoint per step.',
      PHASE_BUCKETS,
      ['phase'],
    );
    this.stepSeconds = metrics.gauge(`${p}step_seconds`, 'Wall time of the last step.');
    this.errors = metrics.counter(`${p}errors_total`, 'Errors by kind (generate, execute, execute_timeout, stale, train, stage, sync, checkpoint).', ['kind']);
    this.droppedSamples = metrics.counter(
      `${p}dropped_samples_total`,
      'Completions that could not be generated or executed and so are not in any tree, by reason.',
      ['reason'],
    );
    this.staleCompletions = metrics.counter(
      `${p}stale_completions_total`,
      "Completions refused because a replica sampled them with another policy version than the step's; their groups were generated again.",
    );
    this.weightLoads = metrics.counter(
      `${p}weight_loads_total`,
      'LoadWeights per inference replica: loaded, current (already at the version) or failed.',
      ['result'],
    );
    this.trainSamples = metrics.counter(`${p}train_samples_total`, 'Samples sent to the trainer.');
    this.policyLag = metrics.histogram(
      `${p}policy_lag`,
      'Per trained sample: the trainer\'s policy version before the step minus the version that sampled it (at most training.maxPolicyLag).',
      LAG_BUCKETS,
    );
    this.idleSeconds = metrics.histogram(
      `${p}idle_seconds`,
      'Per step: time inference (between its rollouts, weight loads not counted) and the trainer (between its steps) waited for the other.',
      PHASE_BUCKETS,
      ['service'],
    );
  }

  /** The figures of a finished step. */
  recordStep(report: StepReport, strategy: string): void {
    this.step.set(report.step);
    this.policyVersion.set(report.policyVersion);
    for (const t of report.turns) {
      this.passRate.set({ turn: String(t.turn) }, t.passRate);
      this.meanReward.set({ turn: String(t.turn) }, t.meanReward);
    }
    const counts = report.nodeCounts;
    this.treeNodes.inc({ state: 'generated', strategy }, counts.generated);
    this.treeNodes.inc({ state: 'kept', strategy }, counts.kept);
    this.treeNodes.inc({ state: 'pruned', strategy }, counts.pruned);
    this.rolloutsPerSecond.set(report.rolloutsPerSecond);
    this.stepSeconds.set(report.seconds.step);
    this.trainSamples.inc(report.samples.length);
    for (const sample of report.samples) this.policyLag.observe(report.trainerVersion - sample.policyVersion);
    this.idleSeconds.observe({ service: 'inference' }, report.seconds.idle.inference);
    this.idleSeconds.observe({ service: 'trainer' }, report.seconds.idle.trainer);
  }
}
