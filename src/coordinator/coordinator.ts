// The training loop: step after step until the run's last step, in the order of the step
// pipeline (on-policy with training.maxPolicyLag 0; the next step's trees grow while the trainer
// trains with 1), with state, logs, metrics and progress written after every step. A restarted
// coordinator continues at the step after the last one it saved (or after the one the trainer
// applied meanwhile, whose records it saved before training it: pending-step.ts).
import type { ResolvedSpec } from '../api/resolve.js';
import type { Problem } from '../datasets/problem.js';
import { ProblemSampler } from '../datasets/problem-sampler.js';
import type { ServiceClients } from './clients/service-clients.js';
import type { CoordinatorMetrics } from './step/coordinator-metrics.js';
import { checkFreshTrainer, planResume } from './persistence/resume-plan.js';
import { JsonlFile } from './persistence/jsonl-file.js';
import type { PublishedPolicy } from './persistence/published-policy.js';
import { initialState, type RunState, type StateStore } from './persistence/run-state.js';
import type { PendingStepFile } from './persistence/pending-step.js';
import { recoveredStepRecord, stepRecord, treeRecords } from './step/step-records.js';
import { StepPipeline } from './step/step-pipeline.js';
import type { StepRunner } from './step/step-runner.js';
import type { Rollout, StepReport } from './step/step-report.js';
import type { TrackingStatus } from '../k8s/progress.js';

/** Where progress goes for the MurphyRun status (a ConfigMap in Kubernetes, nowhere locally). */
export interface ProgressSink {
  report(progress: {
    step: number;
    totalSteps: number;
    passRates: number[];
    lastCheckpoint?: { step: number; path: string; time: string };
    executorSandbox?: string;
    tracking?: TrackingStatus;
  }): Promise<void>;
}

/** Hooks for displays: all optional. */
export interface CoordinatorListener {
  /** A run continued from saved state; `note` explains a correction (null when none was needed). */
  resumed?(state: RunState, note: string | null): void;
  stepStarted?(step: number, totalSteps: number): void;
  stepFinished?(report: StepReport, state: RunState): void;
}

export interface CoordinatorDeps {
  readonly spec: ResolvedSpec;
  readonly problems: readonly Problem[];
  readonly runner: StepRunner;
  readonly clients: ServiceClients;
  readonly store: StateStore;
  readonly published?: PublishedPolicy;
  readonly metrics: CoordinatorMetrics;
  readonly stepLog: JsonlFile;
  readonly treeLog: JsonlFile;
  /** The records of the step being trained, for a coordinator that stops before it records them. */
  readonly pending: PendingStepFile;
  /** Trees per step written to the tree log. */
  readonly treesPerStep: number;
  readonly progress?: ProgressSink;
  readonly listener?: CoordinatorListener;
  readonly clock?: () => Date;
  /** Monotonic milliseconds, for the pipeline's timings. */
  readonly now?: () => number;
  readonly signal?: AbortSignal;
}

export function totalStepsOf(spec: ResolvedSpec, datasetSize: number): number {
  const { maxSteps, epochs, promptsPerStep } = spec.training;
  return maxSteps ?? Math.ceil((epochs * datasetSize) / promptsPerStep);
}

export class Coordinator {
  private readonly sampler: ProblemSampler;
  private readonly clock: () => Date;

  constructor(private readonly deps: CoordinatorDeps) {
    this.sampler = new ProblemSampler(deps.problems, deps.spec.dataset.seed);
    this.clock = deps.clock ?? (() => new Date());
  }

  /** Runs the remaining steps; returns the final state (earlier when the signal aborts: see StepPipeline). */
  async run(): Promise<RunState> {
    const { metrics, spec } = this.deps;
    let state = await this.startState();
    metrics.totalSteps.set(state.totalSteps);
    metrics.step.set(state.step);
    metrics.policyVersion.set(state.policyVersion);
    // A resumed run reports where it is at once (its predecessor's last report may be lost).
    if (state.step > 0) await this.reportProgress(state);
    if (state.step >= state.totalSteps || this.deps.signal?.aborted) return state;
    const pipeline = new StepPipeline({
      runner: this.deps.runner,
      metrics,
      maxPolicyLag: spec.training.maxPolicyLag,
      now: this.deps.now ?? (() => performance.now()),
      onRolloutStarted: (step) => this.deps.listener?.stepStarted?.(step, state.totalSteps),
      ...(this.deps.signal ? { signal: this.deps.signal } : {}),
    });
    const { promptsPerStep, checkpointInterval } = spec.training;
    const first = state.step + 1;
    const start = state;
    await pipeline.run({
      firstStep: first,
      lastStep: state.totalSteps,
      policyVersion: state.policyVersion,
      ...(state.weightsPath === undefined ? {} : { weights: { path: state.weightsPath, version: state.policyVersion } }),
      problemsOf: (step) => this.sampler.draw(start.cursor + (step - first) * promptsPerStep, promptsPerStep),
      checkpointAfter: (step) => step % checkpointInterval === 0 || step === start.totalSteps,
      beforeTrain: (rollout, trainerVersion) => this.savePending(rollout, trainerVersion, start.totalSteps),
      finish: async (report) => void (state = await this.finishStep(state, report)),
    });
    return state;
  }

  /** The saved state reconciled with the trainer, or a fresh one. */
  private async startState(): Promise<RunState> {
    const { spec, store, clients, listener } = this.deps;
    const totalSteps = totalStepsOf(spec, this.sampler.size);
    const seeds = { training: spec.training.seed, dataset: spec.dataset.seed };
    const saved = await store.load();
    const trainerVersion = await clients.trainer.policyVersion();
    if (!saved) {
      checkFreshTrainer(trainerVersion, `remove the old checkpoints or restore ${store.path}`);
      await this.deps.published?.clear();
      return initialState(seeds, totalSteps, this.clock());
    }
    checkSeeds(saved, seeds, store.path);
    const plan = planResume(saved, trainerVersion, spec.training.promptsPerStep);
    let state: RunState = { ...plan.state, totalSteps };
    let note = plan.kind === 'continue' ? null : plan.note;
    // The records before the state: a coordinator that stops in between finds the step applied again.
    if (plan.kind === 'applied' && !(await this.recordPending(state.step))) note = `${plan.note} (its records were not saved)`;
    if (plan.kind !== 'continue') await store.save(state);
    if (state.step > 0) {
      // Inference may have restarted with the base weights: serve the trainer's current ones.
      const weights = await this.deps.runner.sync();
      state = { ...state, policyVersion: weights.version, weightsPath: weights.path };
    }
    listener?.resumed?.(state, note);
    return state;
  }

  private async savePending(rollout: Rollout, trainerVersion: number, totalSteps: number): Promise<void> {
    const record = recoveredStepRecord(rollout, trainerVersion, totalSteps, this.clock());
    await this.deps.pending.save({ step: rollout.step, record, trees: treeRecords({ ...rollout, trainerVersion }, this.deps.treesPerStep) });
  }

  /** Writes the saved records of an applied step to the logs; false when there were none. */
  private async recordPending(step: number): Promise<boolean> {
    const pending = await this.deps.pending.load(step);
    if (!pending) return false;
    await this.deps.stepLog.append([pending.record]);
    await this.deps.treeLog.append(pending.trees);
    return true;
  }

  /** Writes the logs, state, metrics and progress of a finished step; returns the new state. */
  private async finishStep(state: RunState, report: StepReport): Promise<RunState> {
    const { spec, metrics } = this.deps;
    const { step } = report;
    const now = this.clock();
    await this.deps.stepLog.append([stepRecord(report, state.totalSteps, now)]);
    await this.deps.treeLog.append(treeRecords(report, this.deps.treesPerStep));
    const cursor = state.cursor + spec.training.promptsPerStep;
    const saved = report.checkpoint;
    const next: RunState = {
      ...state,
      step,
      cursor,
      policyVersion: report.policyVersion,
      weightsPath: report.weights.path,
      passRates: report.turns.map((t) => t.passRate),
      updatedAt: now.toISOString(),
      ...(saved ? { lastCheckpoint: { step, path: saved.path, time: now.toISOString(), cursor, policyVersion: saved.version } } : {}),
    };
    await this.deps.store.save(next);
    metrics.recordStep(report, spec.algorithm.pruning.strategy);
    await this.reportProgress(next);
    this.deps.listener?.stepFinished?.(report, next);
    return next;
  }

  private async reportProgress(state: RunState): Promise<void> {
    const checkpoint = state.lastCheckpoint;
    await this.deps.progress?.report({
      step: state.step,
      totalSteps: state.totalSteps,
      passRates: state.passRates,
      ...(checkpoint ? { lastCheckpoint: { step: checkpoint.step, path: checkpoint.path, time: checkpoint.time } } : {}),
    });
  }
}

function checkSeeds(saved: RunState, seeds: RunState['seeds'], path: string): void {
  if (saved.seeds.training !== seeds.training || saved.seeds.dataset !== seeds.dataset) {
    throw new Error(
      `${path}: the run was started with seeds training=${saved.seeds.training}, dataset=${saved.seeds.dataset}, but the spec now says training=${seeds.training}, dataset=${seeds.dataset}; restore spec.training.seed and spec.dataset.seed or start a new run`,
    );
  }
}
